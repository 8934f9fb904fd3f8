import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock } from '../lib/clock.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { VocabularyCache } from './vocabulary-cache.js';

describe('VocabularyCache.cycle', () => {
  const clock = manualClock(Date.UTC(2024, 0, 1));
  let store: Store;
  let org: number;
  before(async () => {
    store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
    await store.migrate();
    org = (await store.orgs.create({ name: 'A', timezone: 'UTC' })).key;
  });
  after(async () => store.close());

  /** The cache must answer exactly what store.cycles.get answers. */
  const same = async (cache: VocabularyCache, idOrUid: string) => assert.deepEqual(await cache.cycle(org, idOrUid), await store.cycles.get(org, idOrUid), idOrUid);

  it('answers as store.cycles.get by id, by uid and for unknown ids', async () => {
    const cache = new VocabularyCache(store, clock);
    const hour = (await store.cycles.get(org, 'hour'))!;
    for (const k of ['hour', 'day', hour.uid, 'nope', '', 'HOUR', `${hour.uid} `]) await same(cache, k);
    assert.equal(await cache.cycle(org, 'nope'), undefined);
    assert.equal(await cache.cycle(org + 1000, 'hour'), undefined, "another org's cycles are not found");
  });

  it("prefers an id match to another cycle's uid, as the store does", async () => {
    const cache = new VocabularyCache(store, clock);
    const day = (await store.cycles.get(org, 'day'))!;
    await cache.get(org); // loaded before the change: forget() is what makes it visible
    const clash = await store.cycles.put(org, { id: day.uid, name: 'clash', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00' });
    cache.forget(org);
    assert.equal((await cache.cycle(org, day.uid))!.uid, clash.uid);
    await same(cache, day.uid);
    await same(cache, clash.uid);
  });

  it('asks the store on a miss, so a cycle made elsewhere within the TTL is found', async () => {
    const cache = new VocabularyCache(store, clock, false);
    await cache.get(org);
    await store.cycles.put(org, { id: 'shift', name: 'Shifts', sizeType: 'HOUR', count: 8, reference: '2000-01-01T06:00:00' });
    await same(cache, 'shift');
    assert.equal((await cache.cycle(org, 'shift'))!.count, 8);
    assert.deepEqual((await cache.get(org)).calendars, [], 'GG_ROLLUPS=off: no calendars');
  });
});

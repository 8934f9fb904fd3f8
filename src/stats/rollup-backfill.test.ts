import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCalendars } from '../rollup/calendar.js';
import { defaultCycles } from '../rollup/cycle.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { compDef, plan, streamDef } from '../storage/contract/fixtures.js';
import { streamRollupPlan } from '../rollup/stream-plan.js';
import { backfillRollups } from './rollup-backfill.js';

const vocab = async () => ({ cycles: defaultCycles(), calendars: defaultCalendars() });
const HOUR = defaultCycles().find((c) => c.id === 'hour')!;

describe('backfillRollups', () => {
  it('computes states for streams stored without them, and only those unless asked for all', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    try {
      const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
      const t0 = Date.parse('2026-01-01T00:00:00Z');
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def: streamDef('a') }, { compId: 'c', def: streamDef('empty') }],
        writes: [{ compId: 'c', streamId: 'a', times: [t0, t0 + 60_000, t0 + 7_200_000], values: [1, 2, 3] }], // no rollup plan: as an old database
      }));
      // 'b' is written with its rollups maintained: it has a head row
      await store.samples.commitFeed(plan(org.key, {
        newStreams: [{ compId: 'c', def: streamDef('b') }],
        writes: [{ compId: 'c', streamId: 'b', times: [t0], values: [5], rollup: streamRollupPlan(streamDef('b'), 'UTC', await vocab()) }],
      }));
      const a = (await store.components.get(org.key, 'c'))!.streams.find((s) => s.id === 'a')!;
      assert.equal((await store.rollups.range(a.key, HOUR, 0, Number.MAX_SAFE_INTEGER)).length, 0);
      let looked = 0;
      const latest = store.rollups.latest;
      store.rollups.latest = (...args) => (looked++, latest(...args));
      assert.deepEqual(await backfillRollups(store, vocab, { onlyMissing: true }), { streams: 1 });
      assert.equal(looked, 1, "only 'a' is read: 'b' has a head row");
      const hours = await store.rollups.range(a.key, HOUR, 0, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(hours.map((h) => [h.sd, h.state.samples]), [[t0, 2], [t0 + 7_200_000, 1]]);
      assert.deepEqual(await backfillRollups(store, vocab, { onlyMissing: true }), { streams: 0 }, 'nothing missing any more');
      assert.deepEqual(await backfillRollups(store, vocab, { onlyMissing: false }), { streams: 2 });
    } finally {
      await store.close();
    }
  });
});

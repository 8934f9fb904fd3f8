import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DomainError } from '../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, type Org, type StreamDef } from '../domain/model.js';
import { manualClock } from '../lib/clock.js';
import type { SampleValue } from '../storage/chunks/sample-codec.js';
import { compDef, readStream, streamDef, streamOf } from '../storage/contract/fixtures.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import type { RawSample } from './feed-input.js';
import { Ingest } from './ingest.js';

const T = Date.UTC(2026, 0, 1);
const M = 60_000;
const permit = { component: () => true, stream: () => true };

describe('Ingest.write', () => {
  const clock = manualClock(T + 10 * M);
  let store: Store;
  let org: Org;
  let ingest: Ingest;
  beforeEach(async () => {
    clock.set(T + 10 * M);
    store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
    await store.migrate();
    org = await store.orgs.create({ name: 'A', timezone: 'UTC' });
    ingest = new Ingest(store, clock);
  });
  afterEach(async () => store.close());

  const feed = (compId: string, streamId: string, samples: RawSample[]) => ingest.write(org, [{ compId, stream: { id: streamId }, samples }], {}, permit);
  const stored = async (compId: string, streamId: string) => {
    const r = await readStream(store, org.key, compId, streamId);
    return { times: r.times.reverse(), values: r.values.reverse() };
  };
  const minuteStream = (id: string): StreamDef =>
    streamDef(id, { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'minute', gapFill: { kind: 'previous' } } });

  it("gap fill 'previous' takes the stream's latest stored value, not the cached one", async () => {
    await store.components.create(org.key, compDef('c'), [minuteStream('s')]);
    await feed('c', 's', [{ time: T, value: 1 }]);
    await feed('c', 's', [{ time: T + M, value: 5 }]);
    await feed('c', 's', [{ time: T + 4 * M, value: 9 }]); // all within the component cache's TTL
    assert.deepEqual(await stored('c', 's'), { times: [1, 2, 3, 4, 5].map((i) => T + i * M), values: [1, 5, 5, 5, 9] });
  });

  it('requests arriving together never fill over each other: a plan with gap fills commits in the turn that planned it', async () => {
    await store.components.create(org.key, compDef('c'), [minuteStream('s')]);
    await feed('c', 's', [{ time: T, value: 1 }]);
    // Two requests, each handled in its own turn of the event loop as the server handles them:
    // the second plans its fill from the stream's end after the first has committed.
    await new Promise<void>((resolve, reject) => {
      const writes: Promise<unknown>[] = [];
      setImmediate(() => writes.push(feed('c', 's', [{ time: T + M, value: 2 }, { time: T + 2 * M, value: 3 }])));
      setImmediate(() => {
        writes.push(feed('c', 's', [{ time: T + 4 * M, value: 5 }]));
        Promise.all(writes).then(() => resolve(), reject);
      });
    });
    assert.deepEqual(await stored('c', 's'), { times: [1, 2, 3, 4, 5].map((i) => T + i * M), values: [1, 2, 3, 3, 5] });
  });

  it("gap fill 'previous' looks past stored gaps for the latest value, and uses the upload's own values first", async () => {
    await store.components.create(org.key, compDef('c'), [minuteStream('s')]);
    await feed('c', 's', [{ time: T, value: 1 }]);
    await feed('c', 's', [{ time: T + M, value: 5 }]);
    await feed('c', 's', [{ time: T + 2 * M, value: null }]); // a gap at the stream end
    await feed('c', 's', [{ time: T + 5 * M, value: 9 }]);
    await feed('c', 's', [{ time: T + 6 * M, value: 2 }, { time: T + 8 * M, value: 3 }]); // the fill between them takes 2
    const values: SampleValue[] = [1, 5, null, 5, 5, 9, 2, 2, 3];
    assert.deepEqual(await stored('c', 's'), { times: values.map((_, i) => T + (i + 1) * M), values });
  });

  it("fills from the stream's last value after retention deleted every raw sample, from the raw horizon on", async () => {
    await store.components.create(org.key, compDef('c'), [minuteStream('s')]);
    await feed('c', 's', [{ time: T, value: 4 }]); // stored at T + M, the end of its minute
    const key = (await streamOf(store, org.key, 'c', 's')).key;
    await store.samples.deleteBefore(key, T + 3 * M + 1); // as retention cuts an interval stream: just after an interval end
    clock.advance(20_000); // past the component cache's TTL: the definition with the horizon
    await feed('c', 's', [{ time: T + 5 * M, value: 9 }]);
    assert.deepEqual(await stored('c', 's'), { times: [4, 5, 6].map((i) => T + i * M), values: [4, 4, 9] });
  });

  it('a LONG holds 64 bits: a larger value is refused, except by an auto-typed stream, which widens to DOUBLE', async () => {
    await store.components.create(org.key, compDef('c'), [streamDef('n', { valueType: 'LONG' })]);
    await assert.rejects(
      feed('c', 'n', [{ time: T, value: 1e20 }]),
      (e) => e instanceof DomainError && e.kind === 'bad_request' && e.message === "cannot write c/n (LONG): '100000000000000000000' is beyond the 64-bit range of a LONG (±9223372036854775807)",
    );
    assert.deepEqual((await stored('c', 'n')).values, []);
    await feed('c', 'auto', [{ time: T, value: 5 }]);
    await feed('c', 'auto', [{ time: T + M, value: 1e20 }]);
    assert.equal((await streamOf(store, org.key, 'c', 'auto')).valueType, 'DOUBLE');
    assert.deepEqual((await stored('c', 'auto')).values, [5, 1e20]);
  });

  it('a component made from a template meets its zone, also under GG_ROLLUPS=off (no calendars in the vocabulary cache)', async () => {
    const london = await store.orgs.create({ name: 'L', timezone: 'Europe/London' });
    await store.cycles.put(london.key, { id: 'tw0', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00' });
    const twoHourly = streamDef('v', { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'tw0' } });
    await store.templates.put(london.key, { id: 't', name: 't', description: '', streams: [twoHourly, streamDef('r')] });
    const off = new Ingest(store, clock, { materializeRollups: false });
    await assert.rejects(
      off.write(london, [{ compId: 'c', stream: { id: 'r' }, samples: [{ time: T, value: 1 }] }], { templateId: 't' }, permit),
      (e) => e instanceof DomainError && e.kind === 'bad_request' && /^cannot create component 'c' from template 't': stream 'v' cannot be in time zone Europe\/London: its base cycle 'tw0' does not fit rollup calendar 'default'/.test(e.message),
    );
    assert.equal(await store.components.get(london.key, 'c'), undefined);
  });

  it('takes an interval stream\'s upload at the start of the first interval retention kept, and refuses one before it, in the stream\'s terms', async () => {
    await store.components.create(org.key, compDef('c'), [minuteStream('s')]);
    await feed('c', 's', Array.from({ length: 90 }, (_, i) => ({ time: T + i * M, value: i }))); // 00:00 … 01:29, stored at their ends
    const key = (await streamOf(store, org.key, 'c', 's')).key;
    await store.samples.deleteBefore(key, T + 60 * M + 1); // as retention cuts it (rawCut): the intervals from 01:00 on are kept
    clock.advance(20_000); // past the component cache's TTL: the definition with the horizon
    await feed('c', 's', [{ time: T + 60 * M, value: 600 }]); // the interval 01:00 … 01:01, stored at 01:01: an overwrite, recomputing 01:00 … 02:00
    assert.deepEqual((await stored('c', 's')).values.slice(0, 2), [600, 61]);
    await assert.rejects(
      feed('c', 's', [{ time: T + 59 * M + 30_000, value: 20 }]),
      (e) => e instanceof DomainError && e.kind === 'bad_request'
        && e.message === 'cannot write c/s: the interval 2026-01-01T00:59:00.000Z .. 2026-01-01T01:00:00.000Z is older than the stream keeps raw samples (its delete profile removed everything before 2026-01-01T01:00:00.000Z)',
    );
  });

  it('refuses a late sample below the raw horizon right after retention ran (cached definition)', async () => {
    await store.components.create(org.key, compDef('c'), [streamDef('s')]);
    await feed('c', 's', [0, 1, 2].map((i) => ({ time: T + i * M, value: i })));
    const before = await stored('c', 's');
    // what the retention job does, within the component cache's TTL
    await store.samples.deleteBefore((await streamOf(store, org.key, 'c', 's')).key, T + M);
    await assert.rejects(
      feed('c', 's', [{ time: T + M / 2, value: 42 }]),
      (e) => e instanceof DomainError && e.kind === 'bad_request' && /older than the stream keeps raw samples/.test(e.message),
    );
    assert.deepEqual(await stored('c', 's'), { times: before.times.slice(1), values: before.values.slice(1) });
    // after the horizon, an append still lands (an overwrite there would recompute the hour
    // 00:00 from the samples the horizon cut off, and is refused: contract/retention.ts)
    await feed('c', 's', [{ time: T + 3 * M, value: 7 }]);
    assert.deepEqual((await stored('c', 's')).values, [1, 2, 7]);
  });

  it("never creates an intvl_stream without a base cycle: a legacy body's defaults cannot name one", async () => {
    const streamDefaults = { 'c\u0000speed': { streamType: 'intvl_stream' as const } };
    await assert.rejects(
      ingest.write(org, [{ compId: 'c', stream: { id: 'speed' }, samples: [{ time: T + 7, value: 3 }] }], { streamDefaults }, permit),
      (e) => e instanceof DomainError && e.kind === 'bad_request' && e.message === "cannot create stream 'c/speed': it is an intvl_stream without a base cycle",
    );
    assert.equal(await store.components.get(org.key, 'c'), undefined, 'nothing of the request is stored');
  });
});

/**
 * Rollup maintenance through the Store: after random batches of appends, late inserts and
 * overwrites (random and interval streams, six zones, across DST changes), every materialised
 * state the store holds equals the state computed from scratch from the stream's raw samples,
 * and no interval is missing or left over. The statistics built on states are checked against
 * the brute-force definitions in rollup/rollup-oracle.test.ts; this suite checks that storage
 * keeps the states themselves exact.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef } from '../../domain/model.js';
import { intervalAt, type Cycle } from '../../rollup/cycle.js';
import { assertStateClose } from '../../rollup/assert-state-close.js';
import { streamRollupPlan, type StreamRollupPlan } from '../../rollup/stream-plan.js';
import { toSamples } from '../../rollup/stored-samples.js';
import { statesFromSamples } from '../rollups/states-from-samples.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { Store } from '../store.js';
import { compDef, CYCLE, plan, range, readStream, rng, streamDef, streamOf, type SuiteContext, VOCAB, write } from './fixtures.js';


const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide'];
const DEFAULT_START = Date.parse('2026-10-23T00:00:00Z'); // London and Adelaide change clocks within the next days
const START = DEFAULT_START;
const MIN = 60_000;


/** Every materialised state `store` reads for the stream equals the one computed from its raw samples. */
export async function assertStatesMatchRaw(store: Store, orgKey: number, compId: string, streamId: string, p: StreamRollupPlan): Promise<void> {
  const raw = await readStream(store, orgKey, compId, streamId);
  raw.times.reverse();
  raw.values.reverse();
  const stream = await streamOf(store, orgKey, compId, streamId);
  for (const { cycle, groups } of statesFromSamples(p, toSamples(p, raw.times, raw.values))) {
    // An unbounded range (read straight from the table) and the bounded one a stat feed asks
    // for (read through the cache, bucket by bucket) must both give every state.
    const bounded: [number, number] = groups.length > 0 ? [groups[0]!.iv.sd, groups.at(-1)!.iv.ed] : [0, 1];
    for (const [from, to] of [[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], bounded] as const) {
      const rows = await store.rollups.range(stream.key, cycle, from, to);
      assert.deepEqual(rows.map((r) => [r.sd, r.ed]), groups.map((g) => [g.iv.sd, g.iv.ed]), `${cycle.id} intervals (${p.zone})`);
      rows.forEach((r, i) => assertStateClose(r.state, groups[i]!.state, `${cycle.id} @${new Date(r.sd).toISOString()} (${p.zone})`));
    }
    // A stat feed's combined read gives what the two reads give, from the middle on (a carry).
    if (groups.length > 0) {
      const mid = groups[Math.floor(groups.length / 2)]!.iv.sd;
      const both = await store.rollups.rangeWithCarry(stream.key, cycle, mid, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(both.rows, await store.rollups.range(stream.key, cycle, mid, Number.MAX_SAFE_INTEGER), `${cycle.id} rangeWithCarry rows`);
      assert.deepEqual(both.before, await store.rollups.lastWithValueBefore(stream.key, cycle, mid), `${cycle.id} rangeWithCarry carry`);
    }
  }
}

export function rollupCases(ctx: SuiteContext): void {
  describe('rollup maintenance', () => {
    const kinds: { name: string; def: StreamDef }[] = [
      { name: 'random gauge', def: streamDef('r') },
      { name: 'interval (5-minute base) with gaps', def: streamDef('i', { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'fiveminute' } }) },
    ];
    // Seeds pick among the issue's six zones; the fixed cases are zones where hours do NOT tile
    // days (a 30-minute DST shift; Kathmandu's +05:30 → +05:45 on 1986-01-01), where the
    // maintainer must fall back to the samples instead of combining hours.
    const cases: { seed: number; zone?: string; start?: number }[] = [
      { seed: 1 }, { seed: 2 }, { seed: 3 },
      { seed: 4, zone: 'Australia/Lord_Howe', start: Date.parse('2026-10-02T00:00:00Z') },
      { seed: 5, zone: 'Asia/Kathmandu', start: Date.parse('1985-12-30T00:00:00Z') },
    ];
    for (const c of cases) {
      for (const k of kinds) {
        it(`keeps every state exact under appends, late writes and overwrites: ${k.name}, seed ${c.seed}${c.zone ? `, ${c.zone}` : ''}`, async () => {
          const store = ctx.store();
          const org = await ctx.org();
          const rand = rng(c.seed * 7919 + k.name.length);
          const picked = ZONES[Math.floor(rand() * ZONES.length)]!;
          const zone = c.zone ?? picked;
          const START = c.start ?? DEFAULT_START;
          const p = streamRollupPlan(k.def, zone, VOCAB);
          assert.deepEqual(p.chain.map((c) => c.id), ['hour', 'day']);
          await store.samples.commitFeed(plan(org.key, { newComponents: [compDef('c', { timezone: zone })], newStreams: [{ compId: 'c', def: k.def }] }));

          // Sample times: instants anywhere, or the ends of 5-minute intervals.
          const timeAt = (t: number) => (p.base ? intervalAt(p.base, t, zone).ed : t);
          let cursor = START;
          for (let batch = 0; batch < 14; batch++) {
            const late = batch > 2 && rand() < 0.4;
            const from = late ? START + Math.floor(rand() * (cursor - START)) : cursor;
            const n = 1 + Math.floor(rand() * 60);
            const byTime = new Map<number, SampleValue>();
            let t = from;
            for (let i = 0; i < n; i++) {
              t += Math.floor(rand() * 40 * MIN) + 1;
              const v: SampleValue = p.base && rand() < 0.15 ? null : Math.round(rand() * 1000) / 10;
              byTime.set(timeAt(t), v);
            }
            if (!late) cursor = Math.max(cursor, t);
            const times = [...byTime.keys()].sort((a, b) => a - b);
            await store.samples.commitFeed(plan(org.key, {
              writes: [{ compId: 'c', streamId: k.def.id, times, values: times.map((x) => byTime.get(x)!), rollup: p }],
            }));
          }

          await assertStatesMatchRaw(store, org.key, 'c', k.def.id, p);
        });
      }
    }

    it('rebuild recomputes a stream from its raw samples, and a null plan drops its states', async () => {
      const store = ctx.store();
      const org = await ctx.org();
      const def = streamDef('r');
      const p = streamRollupPlan(def, 'Europe/London', VOCAB);
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c', { timezone: 'Europe/London' })], newStreams: [{ compId: 'c', def }, { compId: 'c', def: streamDef('empty') }, { compId: 'c', def: streamDef('point', { streamType: 'point_stream' }) }],
        writes: [
          { compId: 'c', streamId: 'r', times: [START, START + 90 * MIN, START + 30 * 60 * MIN], values: [1, 2, 3] }, // no plan: nothing maintained
          write('c', 'point', [START], [1]),
        ],
      }));
      const stream = await streamOf(store, org.key, 'c', 'r');
      const empty = await streamOf(store, org.key, 'c', 'empty');
      assert.equal((await store.rollups.range(stream.key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).length, 0);
      // samples but no head row: what the start-up backfill looks at; a stream without samples is
      // not, nor a point stream (it never has states)
      const withoutHead = await store.rollups.streamsWithoutHead();
      const point = await streamOf(store, org.key, 'c', 'point');
      assert.ok(point.lastTime !== null);
      assert.ok(withoutHead.has(stream.key) && !withoutHead.has(empty.key) && !withoutHead.has(point.key));
      await store.rollups.rebuild(stream.key, p, { keep: p.chain.map((c) => c.id) });
      assert.ok(!(await store.rollups.streamsWithoutHead()).has(stream.key), 'rebuilt: it has a head row');
      const hours = await store.rollups.range(stream.key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(hours.map((h) => h.state.samples), [1, 1, 1]);
      assert.equal((await store.rollups.latest(stream.key, CYCLE['day']!))!.state.last!.value, 3);
      assert.equal((await store.rollups.earliest(stream.key, CYCLE['hour']!))!.sd, START);
      assert.equal((await store.rollups.lastWithValueBefore(stream.key, CYCLE['hour']!, START + 30 * 60 * MIN))!.state.last!.value, 2);
      await store.rollups.rebuild(stream.key, null, { keep: [] });
      assert.equal((await store.rollups.range(stream.key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).length, 0);
      assert.ok((await store.rollups.streamsWithoutHead()).has(stream.key), 'states dropped: no head row');
    });

    it('rebuild keeps the kept cycles\' states before the raw horizon and re-combines the day straddling it', async () => {
      const store = ctx.store();
      const org = await ctx.org();
      const def = streamDef('r');
      const p = streamRollupPlan(def, 'UTC', VOCAB);
      const all = p.chain.map((c) => c.id);
      const times = range(48, (i) => START + i * 60 * MIN); // hourly for two days, each 1
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ ...write('c', 'r', times, times.map(() => 1)), rollup: p }],
      }));
      const stream = await streamOf(store, org.key, 'c', 'r');
      const sums = async (cycle: string) => (await store.rollups.range(stream.key, CYCLE[cycle]!, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.state.sum);
      await store.samples.deleteBefore(stream.key, START + 30 * 60 * MIN); // 06:00 on the second day
      await store.rollups.rebuild(stream.key, p, { keep: all });
      assert.deepEqual(await sums('hour'), range(48, () => 1));
      assert.deepEqual(await sums('day'), [24, 24]);
      // a sample the rebuild finds above the horizon (as written with GG_ROLLUPS=off) counts in its hour and day
      await store.samples.commitFeed(plan(org.key, { writes: [write('c', 'r', [START + 40 * 60 * MIN + MIN], [5])] }));
      await store.rollups.rebuild(stream.key, p, { keep: all });
      assert.deepEqual((await sums('hour')).slice(39, 42), [1, 6, 1]);
      assert.deepEqual(await sums('day'), [24, 29]);
      // hours kept, days not (a new day cycle): the days before the horizon are combined from the kept hours
      await store.rollups.rebuild(stream.key, p, { keep: ['hour'] });
      assert.deepEqual(await sums('hour'), [...range(40, () => 1), 6, ...range(7, () => 1)]);
      assert.deepEqual(await sums('day'), [24, 29]);
      // nothing kept (another zone, say): only what the raw samples give is left
      await store.rollups.rebuild(stream.key, p, { keep: [] });
      assert.deepEqual(await sums('day'), [23]);
      assert.equal((await sums('hour')).length, 18);
    });

    it('rebuild makes a new cycle complete below the horizon from the kept ones it is combined of, so a late write re-combines it right', async () => {
      const store = ctx.store();
      const org = await ctx.org();
      const def = streamDef('r');
      const p = streamRollupPlan(def, 'UTC', VOCAB); // hour, day
      const six = { id: 'six', name: '6 hours', sizeType: 'HOUR' as const, count: 6, reference: '2000-01-01T00:00:00' };
      const p6 = { ...p, chain: [p.chain[0]!, six, p.chain[1]!] }; // a 6-hour cycle added to the calendar
      const times = range(48, (i) => START + i * 60 * MIN); // hourly for two days, each 1
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ ...write('c', 'r', times, times.map(() => 1)), rollup: p }],
      }));
      const stream = await streamOf(store, org.key, 'c', 'r');
      const sums = async (cycle: Cycle) => (await store.rollups.range(stream.key, cycle, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.state.sum);
      await store.samples.deleteBefore(stream.key, START + 30 * 60 * MIN); // 06:00 on the second day
      await store.rollups.rebuild(stream.key, p6, { keep: ['hour', 'day'] });
      assert.deepEqual(await sums(six), range(8, () => 6));
      // a late sample above the horizon, into the day straddling it: re-combined from its six-hour intervals
      await store.samples.commitFeed(plan(org.key, { writes: [{ ...write('c', 'r', [START + 40 * 60 * MIN + MIN], [100]), rollup: p6 }] }));
      assert.deepEqual(await sums(CYCLE['day']!), [24, 124]);
    });

    it('rebuild of an interval stream recomputes the hour that starts at the raw horizon (its samples end after it)', async () => {
      const store = ctx.store();
      const org = await ctx.org();
      const def = streamDef('i', { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'fifteenminute' } });
      const p = streamRollupPlan(def, 'UTC', VOCAB);
      const times = range(4 * 24, (i) => START + (i + 1) * 15 * MIN); // a day of quarter hours, stored at their ends, each 1
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ ...write('c', 'i', times, times.map(() => 1)), rollup: p }],
      }));
      const stream = await streamOf(store, org.key, 'c', 'i');
      const sums = async () => (await store.rollups.range(stream.key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.state.sum);
      await store.samples.deleteBefore(stream.key, START + 6 * 60 * MIN + 1); // as retention cuts it: just after 06:00
      // 06:00 … 06:15's sample overwritten without maintaining rollups (GG_ROLLUPS=off)
      await store.samples.commitFeed(plan(org.key, { writes: [write('c', 'i', [START + 6 * 60 * MIN + 15 * MIN], [100])] }));
      await store.rollups.rebuild(stream.key, p, { keep: p.chain.map((c) => c.id) });
      const hours = await sums();
      assert.deepEqual([hours.length, hours[5], hours[6], hours[7]], [24, 4, 103, 4]);
    });

    it('deleting a component deletes its rollups', async () => {
      const store = ctx.store();
      const org = await ctx.org();
      const def = streamDef('r');
      const p = streamRollupPlan(def, 'UTC', VOCAB);
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ compId: 'c', streamId: 'r', times: [START], values: [1], rollup: p }],
      }));
      const c = (await store.components.get(org.key, 'c'))!;
      const key = c.streams[0]!.key;
      assert.equal((await store.rollups.range(key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).length, 1);
      await store.components.delete(org.key, c.uid);
      assert.equal((await store.rollups.range(key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).length, 0);
      // Created again (SQLite may give the new stream the old key): nothing of the old states is answered.
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ compId: 'c', streamId: 'r', times: [START, START + MIN], values: [10, 20], rollup: p }],
      }));
      const again = (await store.components.get(org.key, 'c'))!.streams[0]!.key;
      const hours = await store.rollups.range(again, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER);
      assert.deepEqual(hours.map((h) => [h.state.samples, h.state.sum]), [[2, 30]]);
    });
  });
}

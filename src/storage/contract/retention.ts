/**
 * Contract cases for retention: samples.deleteBefore removes raw samples before t (whole chunks
 * and the part of the chunk straddling t), leaves rollup states and the last value alone and
 * moves the raw horizon forward only; deleteProfiles.streams lists what the retention job works on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, type StreamRollupDef } from '../../domain/model.js';
import { defaultCycles } from '../../rollup/cycle.js';
import { MAX_CHUNK } from '../chunks/chunk-merge.js';
import { StaleFeedPlan, type StreamRollupPlan } from '../store.js';
import { compDef, CYCLE, plan, range, readStream, seedStream, streamDef, streamOf, type SuiteContext, write } from './fixtures.js';


const SEC = 1000;
const T0 = Date.UTC(2024, 0, 1);
const rollup = (over: Partial<StreamRollupDef>): StreamRollupDef => ({ ...DEFAULT_STREAM_ROLLUP, ...over });

export function retentionCases(ctx: SuiteContext): void {
  describe('retention', () => {
    it('deleteBefore removes whole chunks and cuts the straddling one; later samples, writes and the last value stay', async () => {
      const o = await ctx.org();
      const n = MAX_CHUNK * 3 + 17; // several full chunks and a partial one
      const times = range(n, (i) => T0 + i * SEC);
      await seedStream(ctx.store(), o.key, 'c', streamDef('s'), times, times.map((_, i) => i / 10));
      const s = await streamOf(ctx.store(), o.key, 'c', 's');
      const cut = T0 + (MAX_CHUNK + 100) * SEC + 1; // inside the second chunk, between two samples
      assert.equal(await ctx.store().samples.deleteBefore(s.key, cut), MAX_CHUNK + 101);
      const left = await readStream(ctx.store(), o.key, 'c', 's');
      assert.deepEqual(left.times, times.filter((t) => t >= cut).reverse());
      assert.deepEqual(left.values, range(n, (i) => i / 10).filter((_, i) => times[i]! >= cut).reverse());
      assert.deepEqual((await streamOf(ctx.store(), o.key, 'c', 's')).lastValue, (n - 1) / 10);
      // again at the same t: nothing left to remove
      assert.equal(await ctx.store().samples.deleteBefore(s.key, cut), 0);
      // exactly on a sample: that sample stays
      const onSample = T0 + 2 * MAX_CHUNK * SEC;
      assert.equal(await ctx.store().samples.deleteBefore(s.key, onSample), MAX_CHUNK - 101);
      assert.equal((await readStream(ctx.store(), o.key, 'c', 's', { limit: 1, sd: 0, ed: onSample + 1 })).times[0], onSample);
      // a write below the horizon is refused whole (see the case below); at and after it, writes land
      await assert.rejects(
        ctx.store().samples.commitFeed(plan(o.key, { writes: [write('c', 's', [T0, onSample + SEC / 2, T0 + n * SEC], [-1, -2, -3])] })),
        (e) => e instanceof StaleFeedPlan,
      );
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('c', 's', [onSample + SEC / 2, T0 + n * SEC], [-2, -3])] }));
      const after = await readStream(ctx.store(), o.key, 'c', 's');
      assert.deepEqual(after.times.slice(0, 1), [T0 + n * SEC]);
      assert.deepEqual(after.times.slice(-3), [onSample + SEC, onSample + SEC / 2, onSample]);
      assert.equal(await ctx.store().samples.deleteBefore(s.key, T0 + n * SEC + 1), after.times.length, 'everything');
      assert.deepEqual(await readStream(ctx.store(), o.key, 'c', 's'), { times: [], values: [] });
      assert.deepEqual((await streamOf(ctx.store(), o.key, 'c', 's')).lastValue, -3, 'the last value is the stream state and stays');
    });

    it('deleteBefore keeps gaps, strings and booleans intact after the cut; unknown streams remove nothing', async () => {
      const o = await ctx.org();
      const times = range(10, (i) => T0 + i * SEC);
      await seedStream(ctx.store(), o.key, 'i', streamDef('gaps', { streamType: 'intvl_stream' }), times, times.map((_, i) => (i % 3 === 0 ? null : i)));
      await seedStream(ctx.store(), o.key, 't', streamDef('text', { valueType: 'STRING' }), times, times.map((_, i) => `v${i}`));
      await seedStream(ctx.store(), o.key, 'b', streamDef('flag', { valueType: 'BOOLEAN' }), times, times.map((_, i) => i % 2 === 0));
      for (const [c, sid] of [['i', 'gaps'], ['t', 'text'], ['b', 'flag']] as const) {
        const s = await streamOf(ctx.store(), o.key, c, sid);
        assert.equal(await ctx.store().samples.deleteBefore(s.key, T0 + 6 * SEC), 6);
      }
      assert.deepEqual(await readStream(ctx.store(), o.key, 'i', 'gaps'), { times: times.slice(6).reverse(), values: [null, 8, 7, null] });
      assert.deepEqual((await readStream(ctx.store(), o.key, 't', 'text')).values, ['v9', 'v8', 'v7', 'v6']);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'b', 'flag')).values, [false, true, false, true]);
      assert.equal(await ctx.store().samples.deleteBefore(987654321, T0), 0);
    });

    it('deleteBefore leaves rollup states alone', async () => {
      const o = await ctx.org();
      const cycles = defaultCycles();
      const p: StreamRollupPlan = { zone: 'UTC', base: null, chain: [cycles.find((c) => c.id === 'hour')!, cycles.find((c) => c.id === 'day')!] };
      await ctx.store().samples.commitFeed(plan(o.key, { newComponents: [compDef('r')], newStreams: [{ compId: 'r', def: streamDef('s') }] }));
      const times = range(48, (i) => T0 + i * 1_800_000); // every half hour for a day
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [{ ...write('r', 's', times, times.map((_, i) => i)), rollup: p }] }));
      const key = (await streamOf(ctx.store(), o.key, 'r', 's')).key;
      const states = async () => ({
        hour: await ctx.store().rollups.range(key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER),
        day: await ctx.store().rollups.range(key, CYCLE['day']!, 0, Number.MAX_SAFE_INTEGER),
      });
      const before = await states();
      assert.equal(before.hour.length, 24);
      assert.equal(await ctx.store().samples.deleteBefore(key, T0 + 12 * 3_600_000), 24);
      assert.deepEqual(await states(), before);
    });

    it('commitFeed refuses a write below the raw horizon with StaleFeedPlan and changes nothing (a plan from a stale definition)', async () => {
      const o = await ctx.org();
      const cycles = defaultCycles();
      const p: StreamRollupPlan = { zone: 'UTC', base: null, chain: [cycles.find((c) => c.id === 'hour')!] };
      await ctx.store().samples.commitFeed(plan(o.key, { newComponents: [compDef('r')], newStreams: [{ compId: 'r', def: streamDef('s') }, { compId: 'r', def: streamDef('other') }] }));
      const times = range(8, (i) => T0 + i * 900_000); // every quarter hour for two hours
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [{ ...write('r', 's', times, times.map((_, i) => i)), rollup: p }] }));
      const key = (await streamOf(ctx.store(), o.key, 'r', 's')).key;
      const horizon = T0 + 30 * 60_000; // inside the first hour
      assert.equal(await ctx.store().samples.deleteBefore(key, horizon), 2);
      const hours = async () => ctx.store().rollups.range(key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER);
      const statesBefore = await hours();
      const rawBefore = await readStream(ctx.store(), o.key, 'r', 's');
      const lastBefore = (await streamOf(ctx.store(), o.key, 'r', 's')).lastValue;
      // as ingest would plan it from a definition cached before the retention run: one sample
      // below the horizon, with later ones and a write to another stream in the same plan
      const late = plan(o.key, {
        writes: [
          write('r', 'other', [T0], [1]),
          { ...write('r', 's', [horizon - 1, T0 + 8 * 900_000], [100, 101]), rollup: p },
        ],
      });
      await assert.rejects(ctx.store().samples.commitFeed(late), (e) => e instanceof StaleFeedPlan);
      assert.deepEqual(await hours(), statesBefore, 'the hour below the horizon is not rebuilt from the samples left');
      assert.deepEqual(await readStream(ctx.store(), o.key, 'r', 's'), rawBefore);
      assert.deepEqual((await streamOf(ctx.store(), o.key, 'r', 's')).lastValue, lastBefore);
      assert.deepEqual(await readStream(ctx.store(), o.key, 'r', 'other'), { times: [], values: [] }, 'all or nothing');
      // (at and after the horizon, see the next case)
    });

    it('commitFeed refuses, with bad_request, a write after the horizon whose interval must be recomputed from raw samples the horizon cut into; an append there is taken', async () => {
      const o = await ctx.org();
      const cycles = defaultCycles();
      const p: StreamRollupPlan = { zone: 'UTC', base: null, chain: [cycles.find((c) => c.id === 'hour')!] };
      await ctx.store().samples.commitFeed(plan(o.key, { newComponents: [compDef('r')], newStreams: [{ compId: 'r', def: streamDef('s') }] }));
      const times = range(7, (i) => T0 + i * 900_000); // every quarter hour, 00:00 … 01:30
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [{ ...write('r', 's', times, times.map(() => 1)), rollup: p }] }));
      const key = (await streamOf(ctx.store(), o.key, 'r', 's')).key;
      await ctx.store().samples.deleteBefore(key, T0 + 30 * 60_000); // inside the first hour
      const hours = async () => (await ctx.store().rollups.range(key, CYCLE['hour']!, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.state.sum);
      assert.deepEqual(await hours(), [4, 3]);
      // 00:45 is kept, but overwriting it recomputes 00:00 … 01:00, whose first half is gone
      await assert.rejects(
        ctx.store().samples.commitFeed(plan(o.key, { writes: [{ ...write('r', 's', [T0 + 45 * 60_000], [100]), rollup: p }] })),
        (e) => e instanceof DomainError && e.kind === 'bad_request',
      );
      assert.deepEqual(await hours(), [4, 3]);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'r', 's', { sd: T0 + 45 * 60_000, ed: T0 + 45 * 60_000 + 1 })).values, [1]);
      // the next hour keeps all of its raw samples: rewriting it is fine
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [{ ...write('r', 's', [T0 + 75 * 60_000], [10]), rollup: p }] }));
      assert.deepEqual(await hours(), [4, 12]);
    });

    it('deleteProfiles.streams lists streams naming an existing profile of their org, with zone and raw horizon', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      await ctx.store().deleteProfiles.put(a.key, { id: 'week', name: 'a week', unit: 'WEEK', count: 1 });
      const pb = await ctx.store().deleteProfiles.put(b.key, { id: 'hours', name: 'six hours', unit: 'HOUR', count: 6 });
      await ctx.store().components.create(a.key, compDef('ca', { timezone: 'Europe/Berlin' }), [
        streamDef('kept', { rollup: rollup({ deleteProfileId: 'week' }) }),
        streamDef('nameless', { rollup: rollup({ deleteProfileId: 'hours' }) }), // org a has no 'hours'
        streamDef('plain'),
        streamDef('settings', { rollup: rollup({ meter: 'delta' }) }),
      ]);
      await ctx.store().components.create(b.key, compDef('cb'), [streamDef('s', { rollup: rollup({ deleteProfileId: 'hours' }) })]);
      const pa = (await ctx.store().deleteProfiles.get(a.key, 'week'))!;
      const kept = await streamOf(ctx.store(), a.key, 'ca', 'kept');
      const sb = await streamOf(ctx.store(), b.key, 'cb', 's');
      const mine = async () => (await ctx.store().deleteProfiles.streams()).filter((r) => r.orgKey === a.key || r.orgKey === b.key);
      assert.deepEqual(await mine(), [
        { streamKey: kept.key, orgKey: a.key, timezone: 'Europe/Berlin', profile: pa, rawFrom: null, stream: { streamType: 'rdm_stream', rollup: rollup({ deleteProfileId: 'week' }) } },
        { streamKey: sb.key, orgKey: b.key, timezone: 'UTC', profile: pb, rawFrom: null, stream: { streamType: 'rdm_stream', rollup: rollup({ deleteProfileId: 'hours' }) } },
      ]);
      await ctx.store().samples.deleteBefore(kept.key, T0);
      await ctx.store().samples.deleteBefore(kept.key, T0 - 1); // the horizon never moves back
      assert.equal((await mine())[0]!.rawFrom, T0);
    });
  });
}

/**
 * Contract cases for streams' rollup settings (streams.rollup, issue #3): they round-trip
 * through every way a stream is defined — components.create, a feed commit's newStreams,
 * components.update, templates.put — and a stream defined without them reads back without them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamRollupDef } from '../../domain/model.js';
import { compDef, plan, streamDef, streamOf, write, type SuiteContext } from './fixtures.js';

/** Every field away from its default, with a constant gap fill of each value kind. */
const minuteMeter: StreamRollupDef = {
  baseCycleId: 'minute',
  calendarId: 'weekly',
  meter: 'cumulative',
  randomAvg: 'mean',
  gapFill: { kind: 'constant', value: 0.5 },
  align: 'ending',
  deleteProfileId: 'keep-a-year',
  rollupMethod: 'sum',
};
const textFill: StreamRollupDef = { ...DEFAULT_STREAM_ROLLUP, gapFill: { kind: 'constant', value: 'n/a' } };
const flagFill: StreamRollupDef = { ...DEFAULT_STREAM_ROLLUP, gapFill: { kind: 'constant', value: false }, meter: 'delta' };

export function streamRollupCases(ctx: SuiteContext): void {
  describe('stream rollup settings', () => {
    it('components.create stores them per stream; a stream without them reads back without them', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('rc'), [
        streamDef('kwh', { streamType: 'intvl_stream', rollup: minuteMeter }),
        streamDef('state', { valueType: 'STRING', rollup: textFill }),
        streamDef('plain'),
      ]);
      assert.deepEqual(c.streams.map((s) => [s.id, s.streamType, s.rollup]), [
        ['kwh', 'intvl_stream', minuteMeter],
        ['state', 'rdm_stream', textFill],
        ['plain', 'rdm_stream', undefined],
      ]);
      assert.ok(!('rollup' in c.streams[2]!), 'no settings: no rollup key at all');
      assert.deepEqual(await ctx.store().components.get(o.key, 'rc'), c);
      assert.deepEqual(await ctx.store().samples.streams(c.key), c.streams);
    });

    it('a feed commit creates streams with their settings, on a new and on an existing component', async () => {
      const o = await ctx.org();
      await ctx.store().components.create(o.key, compDef('old'), []);
      await ctx.store().samples.commitFeed(
        plan(o.key, {
          newComponents: [compDef('new')],
          newStreams: [
            { compId: 'new', def: streamDef('kwh', { streamType: 'intvl_stream', rollup: minuteMeter }) },
            { compId: 'new', def: streamDef('auto', { autoTyped: true }) },
            { compId: 'old', def: streamDef('on', { valueType: 'BOOLEAN', streamType: 'point_stream', rollup: flagFill }) },
          ],
          writes: [write('new', 'kwh', [60_000], [1.5]), write('old', 'on', [1], [true])],
        }),
      );
      assert.deepEqual((await streamOf(ctx.store(), o.key, 'new', 'kwh')).rollup, minuteMeter);
      assert.equal((await streamOf(ctx.store(), o.key, 'new', 'kwh')).streamType, 'intvl_stream');
      assert.ok(!('rollup' in (await streamOf(ctx.store(), o.key, 'new', 'auto'))));
      const on = await streamOf(ctx.store(), o.key, 'old', 'on');
      assert.deepEqual([on.streamType, on.rollup], ['point_stream', flagFill]);
    });

    it('components.update changes, replaces and clears them in place, keeping samples', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('ru'), [streamDef('a'), streamDef('b', { streamType: 'intvl_stream', rollup: minuteMeter })]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('ru', 'a', [1000, 2000], [1, 2])] }));
      const hourly: StreamRollupDef = { ...minuteMeter, baseCycleId: 'hour', calendarId: null, gapFill: { kind: 'previous' }, rollupMethod: 'max' };
      const u = await ctx.store().components.update(o.key, c.uid, {}, [
        streamDef('a', { streamType: 'intvl_stream', rollup: hourly }),
        streamDef('b'), // a definition without settings: back to the defaults
      ]);
      assert.ok(u);
      assert.deepEqual(u.streams.map((s) => [s.id, s.streamType, s.rollup]), [
        ['a', 'intvl_stream', hourly],
        ['b', 'rdm_stream', undefined],
      ]);
      assert.equal(u.streams[0]!.uid, c.streams[0]!.uid, 'changed in place');
      assert.equal(u.streams[0]!.lastTime, 2000);
      assert.deepEqual(await ctx.store().components.get(o.key, 'ru'), u);
    });

    it('templates keep their streams’ settings', async () => {
      const o = await ctx.org();
      const t = await ctx.store().templates.put(o.key, {
        id: 'meter',
        name: 'Meter',
        description: '',
        streams: [streamDef('kwh', { streamType: 'intvl_stream', rollup: minuteMeter }), streamDef('v')],
      });
      assert.deepEqual(t.streams[0]!.rollup, minuteMeter);
      const again = await ctx.store().templates.get(o.key, 'meter');
      assert.deepEqual(again?.streams.map((s) => [s.id, s.streamType, s.rollup]), [
        ['kwh', 'intvl_stream', minuteMeter],
        ['v', 'rdm_stream', undefined],
      ]);
    });
  });
}

/**
 * Contract cases for the sample path: feed commits creating what they need, upserts, late
 * writes, many chunks, read windows, point streams, last values, retyping and value types.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CHUNK } from '../chunks/chunk-merge.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import { compDef, plan, range, readStream, seedStream, streamDef, streamOf, write, type SuiteContext } from './fixtures.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

export function sampleCases(ctx: SuiteContext): void {
  describe('samples', () => {
    it('commitFeed creates folders, components and streams and writes in one plan', async () => {
      const o = await ctx.org();
      const r = await ctx.store().samples.commitFeed(
        plan(o.key, {
          folders: ['/Components/site/a', '/Components/site/a'],
          newComponents: [compDef('f1', { folderPath: '/Components/site/a' }), compDef('f2')],
          newStreams: [
            { compId: 'f1', def: streamDef('temp') },
            { compId: 'f1', def: streamDef('door', { valueType: 'BOOLEAN' }) },
            { compId: 'f2', def: streamDef('label', { valueType: 'STRING' }) },
          ],
          writes: [write('f1', 'temp', [T0, T0 + MIN], [20.5, 21]), write('f1', 'door', [T0], [true]), write('f2', 'label', [T0], ['hello'])],
        }),
      );
      assert.deepEqual(r, { samples: 4, replaced: 0 });
      const f1 = (await ctx.store().components.get(o.key, 'f1'))!;
      assert.equal(f1.folderPath, '/Components/site/a');
      assert.deepEqual(f1.streams.map((s) => [s.id, s.lastTime, s.lastValue]), [['temp', T0 + MIN, 21], ['door', T0, true]]);
      assert.ok(f1.streams[0]!.position < f1.streams[1]!.position, 'streams keep plan order');
      assert.deepEqual((await ctx.store().folders.list(o.key)).map((f) => f.path), ['/Components', '/Components/site', '/Components/site/a']);
      assert.deepEqual(await readStream(ctx.store(), o.key, 'f1', 'temp'), { times: [T0 + MIN, T0], values: [21, 20.5] });
      assert.deepEqual(await readStream(ctx.store(), o.key, 'f2', 'label'), { times: [T0], values: ['hello'] });
      // A later plan adds a stream to the existing component: it goes after the others.
      await ctx.store().samples.commitFeed(plan(o.key, { newStreams: [{ compId: 'f1', def: streamDef('hum') }], writes: [write('f1', 'hum', [T0], [40])] }));
      const again = (await ctx.store().components.get(o.key, 'f1'))!;
      assert.deepEqual(again.streams.map((s) => s.id), ['temp', 'door', 'hum']);
      assert.ok(again.streams[2]!.position > again.streams[1]!.position);
    });

    it('a write at a stored time replaces that sample and counts as replaced', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'up', streamDef('s'), [1000, 2000, 3000], [1, 2, 3]);
      const r = await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('up', 's', [2000, 4000], [22, 4])] }));
      assert.deepEqual(r, { samples: 2, replaced: 1 });
      assert.deepEqual(await readStream(ctx.store(), o.key, 'up', 's'), { times: [4000, 3000, 2000, 1000], values: [4, 3, 22, 1] });
      assert.deepEqual(await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('up', 's', [], [])] })), { samples: 0, replaced: 0 });
    });

    it('late and out-of-order writes land in time order', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'late', streamDef('s'), [5000, 6000], [5, 6]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('late', 's', [1000, 3000], [1, 3])] }));
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('late', 's', [2000, 5500, 7000], [2, 5.5, 7])] }));
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('late', 's', [500], [0.5])] }));
      const r = await readStream(ctx.store(), o.key, 'late', 's');
      assert.deepEqual(r.times, [7000, 6000, 5500, 5000, 3000, 2000, 1000, 500]);
      assert.deepEqual(r.values, [7, 6, 5.5, 5, 3, 2, 1, 0.5]);
    });

    it(`writes spanning many chunks (> ${MAX_CHUNK} samples) read back whole, in pieces and after edits`, async () => {
      const o = await ctx.org();
      const n = 5 * MAX_CHUNK + 17;
      const model = new Map<number, number>(range(n, (i) => i).map((i) => [T0 + i * MIN, i / 10]));
      await seedStream(ctx.store(), o.key, 'big', streamDef('s'), [...model.keys()], [...model.values()]);
      // Half-minute samples between existing ones across the middle, and overwrites of existing ones.
      const mid = range(700, (i) => T0 + (1000 + i) * MIN + MIN / 2);
      // -i - 1, not -i: the codec stores -0 as 0 (JSON, the only way out, cannot tell them apart either).
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('big', 's', mid, mid.map((_, i) => -i - 1))] }));
      mid.forEach((t, i) => model.set(t, -i - 1));
      const over = range(300, (i) => T0 + (200 + i) * MIN);
      const r = await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('big', 's', over, over.map(() => 42))] }));
      assert.deepEqual(r, { samples: 300, replaced: 300 });
      for (const t of over) model.set(t, 42);
      // Single-sample appends, one commit each.
      for (let i = 0; i < 40; i++) {
        const t = T0 + (n + i) * MIN;
        await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('big', 's', [t], [i])] }));
        model.set(t, i);
      }
      const expected = [...model.entries()].sort((a, b) => b[0] - a[0]);
      const all = await readStream(ctx.store(), o.key, 'big', 's');
      assert.equal(all.times.length, model.size);
      assert.deepEqual(all.times, expected.map((e) => e[0]));
      assert.deepEqual(all.values, expected.map((e) => e[1]));
      const sd = T0 + 900 * MIN;
      const ed = T0 + 1400 * MIN;
      const window = expected.filter(([t]) => t >= sd && t < ed);
      assert.deepEqual(await readStream(ctx.store(), o.key, 'big', 's', { sd, ed, limit: 333 }), {
        times: window.slice(0, 333).map((e) => e[0]),
        values: window.slice(0, 333).map((e) => e[1]),
      });
      assert.equal((await streamOf(ctx.store(), o.key, 'big', 's')).lastTime, expected[0]![0]);
    });

    it('read: sd inclusive, ed exclusive, at most limit, latest first', async () => {
      const o = await ctx.org();
      const times = range(10, (i) => (i + 1) * 10);
      await seedStream(ctx.store(), o.key, 'win', streamDef('s', { valueType: 'LONG' }), times, times.map((t) => t / 10));
      const read = (q: { sd?: number; ed?: number; limit?: number }) => readStream(ctx.store(), o.key, 'win', 's', q).then((r) => r.times);
      assert.deepEqual(await read({ sd: 30, ed: 70 }), [60, 50, 40, 30]);
      assert.deepEqual(await read({ sd: 30, ed: 70, limit: 2 }), [60, 50]);
      assert.deepEqual(await read({ sd: 95 }), [100]);
      assert.deepEqual(await read({ ed: 30 }), [20, 10]);
      assert.deepEqual(await read({ limit: 3 }), [100, 90, 80]);
      assert.deepEqual(await read({ limit: 0 }), []);
      assert.deepEqual(await read({ sd: 41, ed: 50 }), []);
      assert.deepEqual(await read({ sd: 70, ed: 70 }), []);
      assert.deepEqual(await read({ sd: 200 }), []);
    });

    it('a point_stream keeps only the last value', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'pt', streamDef('s', { streamType: 'point_stream' }), [1000, 2000, 3000], [1, 2, 3]);
      assert.deepEqual(await readStream(ctx.store(), o.key, 'pt', 's'), { times: [3000], values: [3] });
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('pt', 's', [500], [0.5])] }));
      assert.deepEqual(await readStream(ctx.store(), o.key, 'pt', 's'), { times: [3000], values: [3] }, 'a late write is not kept');
      assert.deepEqual((await readStream(ctx.store(), o.key, 'pt', 's', { ed: 3000 })).times, []);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('pt', 's', [4000], [4])] }));
      assert.deepEqual(await readStream(ctx.store(), o.key, 'pt', 's', { sd: 4000 }), { times: [4000], values: [4] });
    });

    it('the last value never moves backwards on a late write, but follows an upsert at its time', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'lv', streamDef('s'), [2000], [2]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('lv', 's', [1000], [1])] }));
      let s = await streamOf(ctx.store(), o.key, 'lv', 's');
      assert.deepEqual([s.lastTime, s.lastValue], [2000, 2]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('lv', 's', [2000], [5])] }));
      s = await streamOf(ctx.store(), o.key, 'lv', 's');
      assert.deepEqual([s.lastTime, s.lastValue], [2000, 5]);
    });

    it('nulls of an interval stream are stored as gaps and never become the last value', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'gap', streamDef('s', { streamType: 'intvl_stream' }), [1000, 2000, 3000], [1, null, null]);
      assert.deepEqual(await readStream(ctx.store(), o.key, 'gap', 's'), { times: [3000, 2000, 1000], values: [null, null, 1] });
      const s = await streamOf(ctx.store(), o.key, 'gap', 's');
      assert.deepEqual([s.lastTime, s.lastValue], [1000, 1]);
    });

    it('retype widens an auto-typed LONG stream to DOUBLE, and only an auto-typed one', async () => {
      const o = await ctx.org();
      const auto = streamDef('auto', { valueType: 'LONG', autoTyped: true });
      const fixed = streamDef('fixed', { valueType: 'LONG' });
      await ctx.store().samples.commitFeed(
        plan(o.key, { newComponents: [compDef('rt')], newStreams: [{ compId: 'rt', def: auto }, { compId: 'rt', def: fixed }], writes: [write('rt', 'auto', [1, 2], [1, 2])] }),
      );
      await ctx.store().samples.commitFeed(
        plan(o.key, {
          retype: [{ compId: 'rt', streamId: 'auto', valueType: 'DOUBLE' }, { compId: 'rt', streamId: 'fixed', valueType: 'DOUBLE' }],
          writes: [write('rt', 'auto', [3], [2.5])],
        }),
      );
      const c = (await ctx.store().components.get(o.key, 'rt'))!;
      assert.deepEqual(c.streams.map((s) => [s.id, s.valueType]), [['auto', 'DOUBLE'], ['fixed', 'LONG']]);
      assert.equal(c.streams[0]!.lastValue, 2.5);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'rt', 'auto')).values, [2.5, 2, 1]);
    });

    it('string, boolean, long and double values round-trip exactly', async () => {
      const o = await ctx.org();
      const cases: [string, 'STRING' | 'BOOLEAN' | 'LONG' | 'DOUBLE', SampleValue[]][] = [
        ['str', 'STRING', ['', 'ünïcødé ✓ 😀', '"quoted" \\ back\nslash', '0042', '{"json":true}', 'x'.repeat(3000)]],
        ['bool', 'BOOLEAN', [true, false, false, true, true, true, true, true, true, false]],
        ['long', 'LONG', [0, -5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1_700_000_000_000]],
        ['dbl', 'DOUBLE', [Math.PI, -0.5, 1e-9, 123456789.123, -273.15, 1e300, 0.1 + 0.2]],
      ];
      await ctx.store().samples.commitFeed(
        plan(o.key, {
          newComponents: [compDef('vals')],
          newStreams: cases.map(([id, valueType]) => ({ compId: 'vals', def: streamDef(id, { valueType }) })),
          writes: cases.map(([id, , vs]) => write('vals', id, vs.map((_, i) => T0 + i), vs)),
        }),
      );
      for (const [id, , vs] of cases) {
        const r = await readStream(ctx.store(), o.key, 'vals', id);
        assert.deepEqual(r.values, [...vs].reverse(), `${id} samples`);
        const s = await streamOf(ctx.store(), o.key, 'vals', id);
        assert.deepEqual([s.lastTime, s.lastValue], [T0 + vs.length - 1, vs[vs.length - 1]], `${id} last value`);
      }
    });
  });
}

/**
 * A randomized check of the sample path against a brute-force model (a Map per stream): many
 * batches of appends, late writes, overwrites and scattered writes over a few streams, several
 * streams per plan, then whole and windowed reads compared with the model. Seeded, so a failure
 * names the seed that replays it (GG_CONTRACT_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { StreamWrite } from '../store.js';
import { compDef, plan, readStream, rng, streamDef, streamOf, type SuiteContext } from './fixtures.js';

const STREAMS = ['a', 'b', 'c'];
const SPAN = 4000; // distinct times per stream: ~16 chunks when full

export function randomCases(ctx: SuiteContext): void {
  describe('randomized', () => {
    const seed = Number(process.env.GG_CONTRACT_SEED ?? Math.floor(Math.random() * 2 ** 31));
    it(`read() matches a brute-force model after random batches (seed ${seed})`, async () => {
      const rand = rng(seed);
      const int = (n: number) => Math.floor(rand() * n);
      const o = await ctx.org();
      await ctx.store().samples.commitFeed(
        plan(o.key, { newComponents: [compDef('rnd')], newStreams: STREAMS.map((id) => ({ compId: 'rnd', def: streamDef(id) })) }),
      );
      const model = new Map<string, Map<number, SampleValue>>(STREAMS.map((s) => [s, new Map()]));
      const value = (): number => (rand() < 0.7 ? int(100_000) / 100 : rand() * 1e6 - 5e5);

      for (let batch = 0; batch < 120; batch++) {
        const writes: StreamWrite[] = [];
        let expectReplaced = 0;
        let expectSamples = 0;
        for (const sid of STREAMS) {
          if (rand() < 0.4) continue;
          const m = model.get(sid)!;
          const stored = [...m.keys()].map((t) => t / 1000); // model keys are ms; picks are in seconds
          const maxS = stored.length ? Math.max(...stored) : 0;
          const picked = new Map<number, number>();
          const n = 1 + int(rand() < 0.2 ? 400 : 40);
          const mode = int(4);
          for (let i = 0; i < n; i++) {
            let t: number;
            if (mode === 0) t = maxS + 1 + i * (1 + int(3)); // append
            else if (mode === 1 && stored.length) t = stored[int(stored.length)]!; // overwrite
            else if (mode === 2) t = int(200); // very late, before almost everything
            else t = int(SPAN); // scattered
            picked.set(t * 1000, value()); // a later pick of the same time wins, as in the wire order
          }
          const times = [...picked.keys()].sort((x, y) => x - y);
          const values = times.map((t) => picked.get(t)!);
          for (const t of times) if (m.has(t)) expectReplaced++;
          expectSamples += times.length;
          times.forEach((t, i) => m.set(t, values[i]!));
          writes.push({ compId: 'rnd', streamId: sid, times, values });
        }
        const r = await ctx.store().samples.commitFeed(plan(o.key, { writes }));
        assert.deepEqual(r, { samples: expectSamples, replaced: expectReplaced }, `batch ${batch}`);
      }

      for (const sid of STREAMS) {
        const entries = [...model.get(sid)!.entries()].sort((x, y) => y[0] - x[0]);
        const all = await readStream(ctx.store(), o.key, 'rnd', sid);
        assert.deepEqual(all.times, entries.map((e) => e[0]), `stream ${sid}: times`);
        assert.deepEqual(all.values, entries.map((e) => e[1]), `stream ${sid}: values`);
        const s = await streamOf(ctx.store(), o.key, 'rnd', sid);
        if (entries.length) assert.deepEqual([s.lastTime, s.lastValue], entries[0], `stream ${sid}: last value`);
        for (let k = 0; k < 25; k++) {
          const sd = int(SPAN + 100) * 1000 - 50_000;
          const ed = sd + int(SPAN / 2) * 1000;
          const limit = 1 + int(k % 3 === 0 ? 2000 : 50);
          const want = entries.filter(([t]) => t >= sd && t < ed).slice(0, limit);
          const got = await readStream(ctx.store(), o.key, 'rnd', sid, { sd, ed, limit });
          assert.deepEqual(got, { times: want.map((e) => e[0]), values: want.map((e) => e[1]) }, `stream ${sid}: [${sd}, ${ed}) limit ${limit}`);
        }
      }
    });
  });
}

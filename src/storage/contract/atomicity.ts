/**
 * Contract cases for the all-or-nothing feed commit: a plan that is stale anywhere (a component
 * or stream created or deleted meanwhile) throws StaleFeedPlan and leaves nothing behind, a plan
 * only ever reaches its own organisation's components, and plans committed concurrently (which
 * the SQLite store groups into one transaction) each keep their own outcome.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamRollupPlan } from '../../rollup/stream-plan.js';
import { StaleFeedPlan, type FeedPlan, type Store } from '../store.js';
import { compDef, plan, range, readStream, seedStream, streamDef, streamOf, VOCAB, write, type SuiteContext } from './fixtures.js';
import { assertStatesMatchRaw } from './rollups.js';

/** What a failed plan must not have changed. */
async function snapshot(store: Store, orgKey: number) {
  const comps = await store.components.list(orgKey, { start: 0, limit: 1000 });
  const samples = [];
  for (const c of comps.items) for (const s of c.streams) samples.push([c.id, s.id, await store.samples.read(s, { limit: 100_000 })]);
  return { comps, samples, folders: await store.folders.list(orgKey) };
}

async function rejectsStaleAndChangesNothing(store: Store, p: FeedPlan) {
  const before = await snapshot(store, p.orgKey);
  await assert.rejects(store.samples.commitFeed(p), (e) => e instanceof StaleFeedPlan);
  assert.deepEqual(await snapshot(store, p.orgKey), before);
}

export function atomicityCases(ctx: SuiteContext): void {
  describe('feed atomicity', () => {
    it('a new component that exists already fails the whole plan: nothing written', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'old', streamDef('s'), [1000, 2000], [1, 2]);
      await rejectsStaleAndChangesNothing(
        ctx.store(),
        plan(o.key, {
          folders: ['/Components/atomic'],
          newComponents: [compDef('fresh', { folderPath: '/Components/atomic' }), compDef('old')],
          newStreams: [{ compId: 'fresh', def: streamDef('x') }],
          writes: [write('old', 's', [2000, 3000], [20, 30]), write('fresh', 'x', [1], [1])],
        }),
      );
      assert.equal(await ctx.store().components.get(o.key, 'fresh'), undefined);
      assert.deepEqual(await ctx.store().folders.list(o.key), []);
      const s = await streamOf(ctx.store(), o.key, 'old', 's');
      assert.deepEqual([s.lastTime, s.lastValue], [2000, 2]);
    });

    it('a new stream that exists already fails the whole plan', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'c', streamDef('s'), [1000], [1]);
      await rejectsStaleAndChangesNothing(
        ctx.store(),
        plan(o.key, {
          newComponents: [compDef('other')],
          newStreams: [{ compId: 'other', def: streamDef('y') }, { compId: 'c', def: streamDef('s') }],
          writes: [write('c', 's', [2000], [2]), write('other', 'y', [1], [1])],
        }),
      );
    });

    it('a write to a stream or component that is gone fails the whole plan', async () => {
      const o = await ctx.org();
      await seedStream(ctx.store(), o.key, 'c', streamDef('s'), [1000], [1]);
      const base = { newComponents: [compDef('n')], newStreams: [{ compId: 'n', def: streamDef('s') }] };
      await rejectsStaleAndChangesNothing(ctx.store(), plan(o.key, { ...base, writes: [write('n', 's', [1], [1]), write('c', 's', [5], [5]), write('c', 'missing', [1], [1])] }));
      await rejectsStaleAndChangesNothing(ctx.store(), plan(o.key, { ...base, writes: [write('c', 's', [5], [5]), write('gone', 's', [1], [1])] }));
      await rejectsStaleAndChangesNothing(ctx.store(), plan(o.key, { newStreams: [{ compId: 'gone', def: streamDef('s') }] }));
    });

    it('plans committed concurrently each get their own result; one stale plan among them fails alone; rollups stay exact', async () => {
      const o = await ctx.org();
      const store = ctx.store();
      const MIN = 60_000;
      const T = Date.UTC(2026, 9, 24, 22); // two hours before the day ends in UTC
      const rollup = streamRollupPlan(streamDef('s'), 'UTC', VOCAB);
      const rolled = (compId: string, times: number[], values: number[]) => ({ ...write(compId, 's', times, values), rollup });
      await store.samples.commitFeed(plan(o.key, {
        newComponents: [compDef('c'), compDef('c2')],
        newStreams: [{ compId: 'c', def: streamDef('s') }, { compId: 'c2', def: streamDef('s') }],
        writes: [rolled('c', range(30, (i) => T + i * MIN), range(30, (i) => i)), rolled('c2', [T], [0])],
      }));
      const expected = new Map<number, number>(range(30, (i) => T + i * MIN).map((t, i) => [t, i]));
      const check = async () => {
        const times = [...expected.keys()].sort((a, b) => b - a);
        assert.deepEqual(await readStream(store, o.key, 'c', 's'), { times, values: times.map((t) => expected.get(t)!) });
        const s = await streamOf(store, o.key, 'c', 's');
        assert.deepEqual([s.lastTime, s.lastValue], [times[0], expected.get(times[0]!)]);
        await assertStatesMatchRaw(store, o.key, 'c', 's', rollup);
        await assertStatesMatchRaw(store, o.key, 'c2', 's', rollup);
      };

      // Appends into the next hour and day; late samples between stored ones and between the
      // first plan's; another late one into the first hour. (No two at one time: PostgreSQL
      // commits concurrent plans in any order, SQLite in arrival order.)
      const results = await Promise.all([
        plan(o.key, { writes: [rolled('c', range(200, (i) => T + (30 + i) * MIN), range(200, (i) => 100 + i))] }),
        plan(o.key, { writes: [rolled('c', [T + 10 * MIN + 30_000, T + 100 * MIN + 30_000], [-10, -100]), rolled('c2', [T + MIN], [1])] }),
        plan(o.key, { writes: [rolled('c', [T + 20 * MIN + 30_000], [-20])] }),
      ].map((p) => store.samples.commitFeed(p)));
      assert.deepEqual(results, [{ samples: 200, replaced: 0 }, { samples: 3, replaced: 0 }, { samples: 1, replaced: 0 }]);
      range(200, (i) => i).forEach((i) => expected.set(T + (30 + i) * MIN, 100 + i));
      expected.set(T + 10 * MIN + 30_000, -10);
      expected.set(T + 100 * MIN + 30_000, -100);
      expected.set(T + 20 * MIN + 30_000, -20);
      await check();
      assert.deepEqual(await readStream(store, o.key, 'c2', 's'), { times: [T + MIN, T], values: [1, 0] });

      // With a stale plan among them (it writes to a stream that is gone, as if deleted after it
      // was planned; it may wait for a group, so on SQLite the group fails and each plan commits
      // alone): none of its samples land, and the others do.
      const settled = await Promise.allSettled([
        plan(o.key, { writes: [rolled('c', [T + 5 * MIN + 1], [-5])] }),
        plan(o.key, { writes: [rolled('c', [T + 6 * MIN + 1, T + 400 * MIN], [-6, -400]), rolled('gone', [T], [-1])] }),
        plan(o.key, { writes: [rolled('c', [T + 300 * MIN], [300])] }),
      ].map((p) => store.samples.commitFeed(p)));
      assert.deepEqual(settled.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.ok(settled[1]!.status === 'rejected' && settled[1]!.reason instanceof StaleFeedPlan);
      expected.set(T + 5 * MIN + 1, -5);
      expected.set(T + 300 * MIN, 300);
      await check();
    });

    it("a plan cannot reach another org's component, but may create its own with the same id", async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      await seedStream(ctx.store(), b.key, 'shared', streamDef('s'), [1000], [1]);
      await rejectsStaleAndChangesNothing(ctx.store(), plan(a.key, { writes: [write('shared', 's', [2000], [2])] }));
      await rejectsStaleAndChangesNothing(ctx.store(), plan(a.key, { newStreams: [{ compId: 'shared', def: streamDef('t') }] }));
      await seedStream(ctx.store(), a.key, 'shared', streamDef('s'), [3000], [3]);
      assert.deepEqual(await readStream(ctx.store(), b.key, 'shared', 's'), { times: [1000], values: [1] });
      assert.deepEqual(await readStream(ctx.store(), a.key, 'shared', 's'), { times: [3000], values: [3] });
    });
  });
}

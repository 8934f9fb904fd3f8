/**
 * Contract cases for the all-or-nothing feed commit: a plan that is stale anywhere (a component
 * or stream created or deleted meanwhile) throws StaleFeedPlan and leaves nothing behind, and a
 * plan only ever reaches its own organisation's components.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StaleFeedPlan, type FeedPlan, type Store } from '../store.js';
import { compDef, plan, readStream, seedStream, streamDef, streamOf, write, type SuiteContext } from './fixtures.js';

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

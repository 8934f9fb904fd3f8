/**
 * Contract cases for components: create/get/list paging/update (streams kept, changed, added,
 * replaced with their samples deleted)/delete, id conflicts, and tenant isolation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import { compDef, plan, readStream, streamDef, write, type SuiteContext } from './fixtures.js';

const isConflict = (e: unknown) => e instanceof DomainError && e.kind === 'conflict';

export function componentCases(ctx: SuiteContext): void {
  describe('components', () => {
    it('create returns the component with its streams in position order and creates its folder', async () => {
      const o = await ctx.org();
      const def = compDef('meter-1', { name: 'Meter 1', description: 'main', timezone: 'Europe/Paris', folderPath: '/Components/a/b', templateId: 't1' });
      const c = await ctx.store().components.create(o.key, def, [streamDef('kw', { unitId: 'kw' }), streamDef('state', { valueType: 'STRING' })]);
      assert.equal(c.orgKey, o.key);
      assert.deepEqual({ id: c.id, name: c.name, description: c.description, timezone: c.timezone, folderPath: c.folderPath, templateId: c.templateId }, def);
      assert.deepEqual(c.streams.map((s) => [s.id, s.unitId, s.valueType, s.lastTime, s.lastValue]), [['kw', 'kw', 'DOUBLE', null, null], ['state', null, 'STRING', null, null]]);
      assert.ok(c.streams[0]!.position < c.streams[1]!.position);
      assert.deepEqual(await ctx.store().components.get(o.key, 'meter-1'), c);
      assert.deepEqual(await ctx.store().components.getByUid(o.key, c.uid), c);
      assert.deepEqual(await ctx.store().samples.streams(c.key), c.streams);
      assert.deepEqual((await ctx.store().folders.list(o.key)).map((f) => f.path), ['/Components', '/Components/a', '/Components/a/b']);
      assert.equal(await ctx.store().components.get(o.key, 'nope'), undefined);
      assert.equal(await ctx.store().components.getByUid(o.key, 'nope'), undefined);
    });

    it("rejects a duplicate id with DomainError 'conflict' and changes nothing", async () => {
      const o = await ctx.org();
      const first = await ctx.store().components.create(o.key, compDef('dup'), [streamDef('a')]);
      await assert.rejects(ctx.store().components.create(o.key, compDef('dup', { name: 'other' }), [streamDef('b')]), isConflict);
      assert.deepEqual(await ctx.store().components.get(o.key, 'dup'), first);
    });

    it('lists a page in creation order with the total', async () => {
      const o = await ctx.org();
      const ids = ['c-e', 'c-a', 'c-d', 'c-b', 'c-c'];
      for (const id of ids) await ctx.store().components.create(o.key, compDef(id), [streamDef('s')]);
      const p1 = await ctx.store().components.list(o.key, { start: 0, limit: 2 });
      const p2 = await ctx.store().components.list(o.key, { start: 2, limit: 2 });
      const p3 = await ctx.store().components.list(o.key, { start: 4, limit: 2 });
      assert.deepEqual([p1.total, p2.total, p3.total], [5, 5, 5]);
      assert.deepEqual([...p1.items, ...p2.items, ...p3.items].map((c) => c.id), ids);
      assert.deepEqual(p1.items[0]!.streams.map((s) => s.id), ['s'], 'listed components carry their streams');
      assert.deepEqual((await ctx.store().components.list(o.key, { start: 10, limit: 2 })).items, []);
    });

    it('update changes only the fields given', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('u1', { description: 'keep me' }), [streamDef('s')]);
      const u = await ctx.store().components.update(o.key, c.uid, { name: 'Renamed', description: undefined, folderPath: '/Components/x' });
      assert.ok(u);
      assert.equal(u.name, 'Renamed');
      assert.equal(u.description, 'keep me', 'an undefined field is not a change');
      assert.equal(u.folderPath, '/Components/x');
      assert.deepEqual(u.streams, c.streams, 'streams untouched when none are given');
      assert.ok((await ctx.store().folders.list(o.key)).some((f) => f.path === '/Components/x'));
      assert.equal(await ctx.store().components.update(o.key, 'no-such-uid', { name: 'x' }), undefined);
    });

    it("renaming onto a taken id is a 'conflict'; onto a free id moves the component", async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('r1'), []);
      await ctx.store().components.create(o.key, compDef('r2'), []);
      await assert.rejects(ctx.store().components.update(o.key, c.uid, { id: 'r2' }), isConflict);
      const moved = await ctx.store().components.update(o.key, c.uid, { id: 'r3' });
      assert.equal(moved?.id, 'r3');
      assert.equal(await ctx.store().components.get(o.key, 'r1'), undefined);
      assert.equal((await ctx.store().components.get(o.key, 'r3'))?.uid, c.uid);
    });

    it('update with streams changes listed ones in place, adds new ones last and keeps unlisted ones', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('us'), [streamDef('a'), streamDef('b')]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('us', 'a', [1000, 2000], [1, 2])] }));
      const u = await ctx.store().components.update(o.key, c.uid, {}, [streamDef('a', { name: 'A!', unitId: 'kw' }), streamDef('z', { valueType: 'LONG' })]);
      assert.ok(u);
      assert.deepEqual(u.streams.map((s) => s.id), ['a', 'b', 'z']);
      const a = u.streams[0]!;
      assert.equal(a.name, 'A!');
      assert.equal(a.unitId, 'kw');
      assert.equal(a.uid, c.streams[0]!.uid, 'a stream changed in place keeps its identity');
      assert.equal(a.lastTime, 2000);
      assert.ok(u.streams[2]!.position > u.streams[1]!.position);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'us', 'a')).values, [2, 1], 'samples of a changed stream stay');
    });

    it('update with replaceStreams deletes unlisted streams with their samples', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('rs'), [streamDef('keep'), streamDef('drop')]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('rs', 'keep', [1, 2], [1, 2]), write('rs', 'drop', [1, 2, 3], [7, 8, 9])] }));
      const dropped = (await ctx.store().components.get(o.key, 'rs'))!.streams.find((s) => s.id === 'drop')!;
      const u = await ctx.store().components.update(o.key, c.uid, {}, [streamDef('keep')], true);
      assert.deepEqual(u?.streams.map((s) => s.id), ['keep']);
      assert.deepEqual((await ctx.store().samples.read(dropped, { limit: 100 })).times, [], 'samples of a removed stream are gone');
      assert.deepEqual((await readStream(ctx.store(), o.key, 'rs', 'keep')).times, [2, 1]);
      // A new stream with the old id starts empty.
      await ctx.store().components.update(o.key, c.uid, {}, [streamDef('drop')]);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'rs', 'drop')).times, []);
    });

    it('delete removes the component, its streams and samples', async () => {
      const o = await ctx.org();
      const c = await ctx.store().components.create(o.key, compDef('del'), [streamDef('s')]);
      await ctx.store().samples.commitFeed(plan(o.key, { writes: [write('del', 's', [1, 2, 3], [1, 2, 3])] }));
      const s = (await ctx.store().components.get(o.key, 'del'))!.streams[0]!;
      assert.equal(await ctx.store().components.delete(o.key, c.uid), true);
      assert.equal(await ctx.store().components.delete(o.key, c.uid), false);
      assert.equal(await ctx.store().components.get(o.key, 'del'), undefined);
      assert.deepEqual(await ctx.store().samples.streams(c.key), []);
      assert.deepEqual((await ctx.store().samples.read(s, { limit: 10 })).times, []);
      const again = await ctx.store().components.create(o.key, compDef('del'), [streamDef('s')]);
      assert.notEqual(again.uid, c.uid);
      assert.deepEqual((await readStream(ctx.store(), o.key, 'del', 's')).times, [], 'a re-created component starts empty');
    });

    it("another org's component is invisible by id and uid, and its id stays free here", async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const cb = await ctx.store().components.create(b.key, compDef('shared'), [streamDef('s')]);
      assert.equal(await ctx.store().components.get(a.key, 'shared'), undefined);
      assert.equal(await ctx.store().components.getByUid(a.key, cb.uid), undefined);
      assert.equal(await ctx.store().components.update(a.key, cb.uid, { name: 'hijack' }), undefined);
      assert.equal(await ctx.store().components.delete(a.key, cb.uid), false);
      assert.deepEqual(await ctx.store().components.list(a.key, { start: 0, limit: 10 }), { items: [], total: 0 });
      const ca = await ctx.store().components.create(a.key, compDef('shared', { name: 'mine' }), []);
      assert.notEqual(ca.uid, cb.uid);
      assert.deepEqual(await ctx.store().components.get(b.key, 'shared'), cb, 'the other org is untouched');
    });
  });
}

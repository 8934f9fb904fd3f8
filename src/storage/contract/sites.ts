/**
 * Contract cases for the GridDuck side of the store: sites, gateways, per-site roles, user
 * roles, and asset metadata (every component is an asset), each including what another
 * organisation must not see or reach.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROL_STREAM_ID, DEFAULT_ASSET_META, type SiteDef } from '../../domain/gridduck-model.js';
import { DomainError } from '../../domain/errors.js';
import { compDef, plan, streamDef, unique, write, type SuiteContext } from './fixtures.js';

const siteDef = (name: string, over: Partial<SiteDef> = {}): SiteDef => ({
  name,
  timezone: 'Europe/London',
  currency: '£',
  pricePerKwh: '14',
  address: '1 High Street',
  ...over,
});

const isBadRequest = (e: unknown) => e instanceof DomainError && e.kind === 'bad_request';

export function siteCases(ctx: SuiteContext): void {
  describe('users: list and role', () => {
    it('lists an org’s users and sets a role only within the org', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const u = await ctx.store().users.create(a.key, { email: `${unique('u')}@example.com`, passwordHash: 'h', role: 'view' });
      const other = await ctx.store().users.create(b.key, { email: `${unique('u')}@example.com`, passwordHash: 'h', role: 'view' });
      assert.equal(await ctx.store().users.setRole(a.key, u.key, 'edit'), true);
      assert.equal(await ctx.store().users.setRole(a.key, other.key, 'owner'), false, "another org's user");
      assert.deepEqual((await ctx.store().users.list(a.key)).map((x) => [x.uid, x.role]), [[u.uid, 'edit']]);
      assert.equal((await ctx.store().users.list(b.key))[0]?.role, 'view');
    });
  });

  describe('sites', () => {
    it('creates, gets, lists, updates and deletes; invisible to other orgs', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const s1 = await ctx.store().sites.create(a.key, siteDef('Office'));
      assert.equal(s1.orgKey, a.key);
      assert.equal(s1.name, 'Office');
      assert.equal(s1.pricePerKwh, '14');
      assert.deepEqual(s1.assetUids, []);
      assert.equal(typeof s1.created, 'number');
      const s2 = await ctx.store().sites.create(a.key, siteDef('Depot', { currency: null, pricePerKwh: null }));
      assert.equal(s2.currency, null);
      assert.deepEqual(await ctx.store().sites.get(a.key, s1.uid), s1);
      assert.deepEqual((await ctx.store().sites.list(a.key)).map((s) => s.uid), [s1.uid, s2.uid]);
      assert.equal(await ctx.store().sites.get(b.key, s1.uid), undefined);
      assert.deepEqual(await ctx.store().sites.list(b.key), []);
      assert.equal(await ctx.store().sites.update(b.key, s1.uid, { name: 'Hijack' }), undefined);
      assert.equal(await ctx.store().sites.delete(b.key, s1.uid), false);

      const u = await ctx.store().sites.update(a.key, s1.uid, { name: 'HQ', currency: null, timezone: 'Europe/Paris' });
      assert.deepEqual({ ...u, created: 0 }, { ...s1, name: 'HQ', currency: null, timezone: 'Europe/Paris', created: 0 });
      assert.equal((await ctx.store().sites.update(a.key, s1.uid, { address: undefined }))?.address, '1 High Street', 'undefined keeps a field');
      assert.equal(await ctx.store().sites.delete(a.key, s2.uid), true);
      assert.equal(await ctx.store().sites.delete(a.key, s2.uid), false);
      assert.deepEqual((await ctx.store().sites.list(a.key)).map((s) => s.uid), [s1.uid]);
    });
  });

  describe('gateways', () => {
    it('creates on a site of the org only, lists with the latest contact of its assets', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const site = await ctx.store().sites.create(a.key, siteDef('Office'));
      const foreign = await ctx.store().sites.create(b.key, siteDef('Theirs'));
      await assert.rejects(ctx.store().gateways.create(a.key, { name: 'Hub', code: 'x', firmware: null, siteKey: foreign.key }), isBadRequest);
      const g = await ctx.store().gateways.create(a.key, { name: 'Hub-369C', code: '00:11', firmware: '1.2', siteKey: site.key });
      assert.deepEqual([g.name, g.code, g.firmware, g.siteKey, g.lastContact], ['Hub-369C', '00:11', '1.2', site.key, null]);
      const loose = await ctx.store().gateways.create(a.key, { name: 'Spare', code: 'y', firmware: null, siteKey: null });
      assert.equal(await ctx.store().gateways.get(b.key, g.uid), undefined);
      assert.deepEqual(await ctx.store().gateways.list(b.key), []);

      // contact: the latest sample of any paired asset, the control stream excluded
      await ctx.store().samples.commitFeed(
        plan(a.key, {
          newComponents: [compDef('plug')],
          newStreams: [{ compId: 'plug', def: streamDef('consumption') }, { compId: 'plug', def: streamDef(CONTROL_STREAM_ID, { valueType: 'BOOLEAN' }) }],
          writes: [write('plug', 'consumption', [5000], [12]), write('plug', CONTROL_STREAM_ID, [9000], [true])],
        }),
      );
      const plug = (await ctx.store().components.get(a.key, 'plug'))!;
      await ctx.store().assets.setMeta(a.key, plug.uid, { gatewayKey: g.key });
      assert.equal((await ctx.store().gateways.get(a.key, g.uid))?.lastContact, 5000);
      assert.deepEqual((await ctx.store().gateways.list(a.key)).map((x) => [x.uid, x.lastContact]), [[g.uid, 5000], [loose.uid, null]]);

      assert.equal((await ctx.store().gateways.update(a.key, g.uid, { name: 'Hub-2', siteKey: null }))?.siteKey, null);
      await assert.rejects(ctx.store().gateways.update(a.key, g.uid, { siteKey: foreign.key }), isBadRequest);
      assert.equal(await ctx.store().gateways.update(b.key, g.uid, { name: 'x' }), undefined);
      assert.equal(await ctx.store().gateways.delete(b.key, g.uid), false);
      assert.equal(await ctx.store().gateways.delete(a.key, g.uid), true);
      assert.equal((await ctx.store().assets.get(a.key, plug.uid))?.meta.gatewayKey, null, 'the asset stays, unpaired');
    });

    it('deleting a site leaves its gateways and assets on no site', async () => {
      const a = await ctx.org();
      const site = await ctx.store().sites.create(a.key, siteDef('Gone'));
      const g = await ctx.store().gateways.create(a.key, { name: 'Hub', code: 'c', firmware: null, siteKey: site.key });
      const c = await ctx.store().components.create(a.key, compDef('lamp'), []);
      await ctx.store().assets.setMeta(a.key, c.uid, { siteKey: site.key });
      assert.deepEqual((await ctx.store().sites.get(a.key, site.uid))?.assetUids, [c.uid]);
      assert.equal(await ctx.store().sites.delete(a.key, site.uid), true);
      assert.equal((await ctx.store().gateways.get(a.key, g.uid))?.siteKey, null);
      assert.equal((await ctx.store().assets.get(a.key, c.uid))?.meta.siteKey, null);
    });
  });

  describe('siteRoles', () => {
    it('sets, replaces and removes a user’s role on a site of the same org only', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const u = await ctx.store().users.create(a.key, { email: `${unique('r')}@example.com`, passwordHash: 'h', role: 'none' });
      const ub = await ctx.store().users.create(b.key, { email: `${unique('r')}@example.com`, passwordHash: 'h', role: 'view' });
      const s1 = await ctx.store().sites.create(a.key, siteDef('One'));
      const s2 = await ctx.store().sites.create(a.key, siteDef('Two'));
      const sb = await ctx.store().sites.create(b.key, siteDef('B'));
      assert.equal(await ctx.store().siteRoles.set(a.key, u.key, s1.key, 'edit'), true);
      assert.equal(await ctx.store().siteRoles.set(a.key, u.key, s2.key, 'view'), true);
      assert.equal(await ctx.store().siteRoles.set(a.key, u.key, s1.key, 'boost_snooze'), true, 'replaces');
      assert.equal(await ctx.store().siteRoles.set(a.key, u.key, sb.key, 'owner'), false, "another org's site");
      assert.equal(await ctx.store().siteRoles.set(a.key, ub.key, s1.key, 'owner'), false, "another org's user");
      assert.equal(await ctx.store().siteRoles.set(b.key, u.key, s1.key, 'owner'), false, 'both of another org');
      assert.deepEqual(await ctx.store().siteRoles.list(a.key, u.key), [
        { userKey: u.key, siteKey: s1.key, role: 'boost_snooze' },
        { userKey: u.key, siteKey: s2.key, role: 'view' },
      ]);
      assert.deepEqual(await ctx.store().siteRoles.list(b.key, u.key), []);
      assert.deepEqual(await ctx.store().siteRoles.forSite(a.key, s2.key), [{ userKey: u.key, siteKey: s2.key, role: 'view' }]);
      assert.deepEqual(await ctx.store().siteRoles.forSite(b.key, s2.key), []);
      assert.equal(await ctx.store().siteRoles.set(a.key, u.key, s2.key, null), true);
      assert.deepEqual((await ctx.store().siteRoles.list(a.key, u.key)).map((r) => r.siteKey), [s1.key]);
      await ctx.store().sites.delete(a.key, s1.uid);
      assert.deepEqual(await ctx.store().siteRoles.list(a.key, u.key), [], 'a deleted site takes its roles along');
    });
  });

  describe('assets', () => {
    it('every component is an asset with default metadata until set', async () => {
      const a = await ctx.org();
      const c = await ctx.store().components.create(a.key, compDef('meter'), [streamDef('consumption')]);
      const asset = (await ctx.store().assets.get(a.key, c.uid))!;
      assert.equal(asset.component.uid, c.uid);
      assert.deepEqual(asset.component.streams.map((s) => s.id), ['consumption']);
      assert.deepEqual(asset.meta, DEFAULT_ASSET_META);
      assert.deepEqual([asset.parent, asset.children, asset.ownerUid], [null, [], null]);
      assert.equal(await ctx.store().assets.get((await ctx.org()).key, c.uid), undefined, "another org's component");
    });

    it('setMeta changes the given fields, merges details, and checks references are of the org', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const site = await ctx.store().sites.create(a.key, siteDef('S'));
      const gw = await ctx.store().gateways.create(a.key, { name: 'G', code: 'g', firmware: null, siteKey: site.key });
      const owner = await ctx.store().users.create(a.key, { email: `${unique('o')}@example.com`, passwordHash: 'h', role: 'owner' });
      const foreignSite = await ctx.store().sites.create(b.key, siteDef('F'));
      const foreignGw = await ctx.store().gateways.create(b.key, { name: 'FG', code: 'f', firmware: null, siteKey: null });
      const foreignUser = await ctx.store().users.create(b.key, { email: `${unique('o')}@example.com`, passwordHash: 'h', role: 'owner' });
      const foreignComp = await ctx.store().components.create(b.key, compDef('theirs'), []);
      const c = await ctx.store().components.create(a.key, compDef('plug'), []);

      const fields = {
        siteKey: site.key,
        gatewayKey: gw.key,
        ownerUserKey: owner.key,
        pricePerKwh: '15.5',
        currency: '€',
        controllable: true,
        userState: 'ALWAYS_OFF',
        snoozeUntil: 123_000,
      } as const;
      const set = await ctx.store().assets.setMeta(a.key, c.uid, { ...fields, details: { sku: 'PLU-UK', tags: ['a', 'b'] } });
      assert.ok(set);
      // the fields given replace the defaults; the details given merge into the default details
      assert.deepEqual(set.meta, { ...DEFAULT_ASSET_META, ...fields, details: { ...DEFAULT_ASSET_META.details, sku: 'PLU-UK', tags: ['a', 'b'] } });
      assert.equal(set.ownerUid, owner.uid);
      const again = await ctx.store().assets.setMeta(a.key, c.uid, { currency: null, details: { interruptible: true } });
      assert.equal(again?.meta.currency, null);
      assert.equal(again?.meta.pricePerKwh, '15.5', 'fields not given stay');
      assert.deepEqual([again?.meta.details.sku, again?.meta.details.interruptible], ['PLU-UK', true]);

      for (const bad of [{ siteKey: foreignSite.key }, { gatewayKey: foreignGw.key }, { ownerUserKey: foreignUser.key }, { parentKey: foreignComp.key }, { siteKey: 987654321 }]) {
        await assert.rejects(ctx.store().assets.setMeta(a.key, c.uid, bad), isBadRequest, JSON.stringify(bad));
      }
      assert.equal((await ctx.store().assets.get(a.key, c.uid))?.meta.siteKey, site.key, 'a rejected change changes nothing');
      assert.equal(await ctx.store().assets.setMeta(b.key, c.uid, { controllable: false }), undefined, "another org's asset");
    });

    it('parents and children; no cycles', async () => {
      const a = await ctx.org();
      const site = await ctx.store().sites.create(a.key, siteDef('S'));
      const main = await ctx.store().components.create(a.key, compDef('main'), []);
      const sub1 = await ctx.store().components.create(a.key, compDef('sub1'), []);
      const sub2 = await ctx.store().components.create(a.key, compDef('sub2'), []);
      await ctx.store().assets.setMeta(a.key, main.uid, { siteKey: site.key });
      await ctx.store().assets.setMeta(a.key, sub1.uid, { parentKey: main.key });
      await ctx.store().assets.setMeta(a.key, sub2.uid, { parentKey: sub1.key, siteKey: site.key });
      const m = (await ctx.store().assets.get(a.key, main.uid))!;
      assert.deepEqual(m.children, [{ uid: sub1.uid, siteKey: null }]);
      assert.deepEqual((await ctx.store().assets.get(a.key, sub1.uid))?.parent, { uid: main.uid, siteKey: site.key });
      await assert.rejects(ctx.store().assets.setMeta(a.key, main.uid, { parentKey: sub2.key }), isBadRequest, 'a cycle');
      await assert.rejects(ctx.store().assets.setMeta(a.key, main.uid, { parentKey: main.key }), isBadRequest, 'its own parent');
      await ctx.store().components.delete(a.key, sub1.uid);
      assert.equal((await ctx.store().assets.get(a.key, sub2.uid))?.meta.parentKey, null, 'a deleted parent leaves no dangling reference');
    });

    it('lists filter by site set, no site and gateway, page, and never cross orgs', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const s1 = await ctx.store().sites.create(a.key, siteDef('1'));
      const s2 = await ctx.store().sites.create(a.key, siteDef('2'));
      const gw = await ctx.store().gateways.create(a.key, { name: 'G', code: 'g', firmware: null, siteKey: s1.key });
      const ids = ['a0', 'a1', 'a2', 'a3', 'a4'];
      const cs = [];
      for (const id of ids) cs.push(await ctx.store().components.create(a.key, compDef(id), []));
      await ctx.store().components.create(b.key, compDef('b0'), []);
      await ctx.store().assets.setMeta(a.key, cs[0]!.uid, { siteKey: s1.key, gatewayKey: gw.key });
      await ctx.store().assets.setMeta(a.key, cs[1]!.uid, { siteKey: s1.key });
      await ctx.store().assets.setMeta(a.key, cs[2]!.uid, { siteKey: s2.key, gatewayKey: gw.key });
      // a3, a4: no site (a4 has a meta row, a3 has none)
      await ctx.store().assets.setMeta(a.key, cs[4]!.uid, { controllable: true });
      const codes = async (q: Parameters<ReturnType<SuiteContext['store']>['assets']['list']>[1]) => {
        const p = await ctx.store().assets.list(a.key, q);
        return [p.total, p.items.map((x) => x.component.id)];
      };
      assert.deepEqual(await codes({ offset: 0, limit: 100 }), [5, ids]);
      assert.deepEqual(await codes({ offset: 1, limit: 2 }), [5, ['a1', 'a2']]);
      assert.deepEqual(await codes({ offset: 10, limit: 2 }), [5, []]);
      assert.deepEqual(await codes({ sites: [s1.key], offset: 0, limit: 100 }), [2, ['a0', 'a1']]);
      assert.deepEqual(await codes({ sites: [s2.key], withoutSite: true, offset: 0, limit: 100 }), [3, ['a2', 'a3', 'a4']]);
      assert.deepEqual(await codes({ sites: [], withoutSite: true, offset: 0, limit: 100 }), [2, ['a3', 'a4']]);
      assert.deepEqual(await codes({ sites: [], offset: 0, limit: 100 }), [0, []]);
      assert.deepEqual(await codes({ gatewayKey: gw.key, offset: 0, limit: 100 }), [2, ['a0', 'a2']]);
      assert.deepEqual(await codes({ gatewayKey: gw.key, sites: [s1.key], offset: 0, limit: 100 }), [1, ['a0']]);
      const pb = await ctx.store().assets.list(b.key, { offset: 0, limit: 100 });
      assert.deepEqual(pb.items.map((x) => x.component.id), ['b0']);
      assert.deepEqual((await ctx.store().sites.list(a.key)).map((s) => s.assetUids), [[cs[0]!.uid, cs[1]!.uid], [cs[2]!.uid]]);
    });

    it('overrides: pending ends earliest first, cleared only when still the same end', async () => {
      const a = await ctx.org();
      const c1 = await ctx.store().components.create(a.key, compDef('p1'), []);
      const c2 = await ctx.store().components.create(a.key, compDef('p2'), []);
      await ctx.store().assets.setMeta(a.key, c1.uid, { snoozeUntil: 5000 });
      await ctx.store().assets.setMeta(a.key, c2.uid, { boostUntil: 3000 });
      const mine = (await ctx.store().assets.pendingOverrides()).filter((p) => p.orgKey === a.key);
      assert.deepEqual(mine, [
        { orgKey: a.key, componentKey: c2.key, uid: c2.uid, compId: 'p2', kind: 'boost', until: 3000 },
        { orgKey: a.key, componentKey: c1.key, uid: c1.uid, compId: 'p1', kind: 'snooze', until: 5000 },
      ]);
      assert.equal(await ctx.store().assets.clearOverride(c1.key, 'snooze', 4000), false, 'not the end stored');
      assert.equal(await ctx.store().assets.clearOverride(c1.key, 'boost', 5000), false, 'not the kind stored');
      assert.equal(await ctx.store().assets.clearOverride(c1.key, 'snooze', 5000), true);
      assert.equal(await ctx.store().assets.clearOverride(c1.key, 'snooze', 5000), false, 'only once');
      assert.equal((await ctx.store().assets.get(a.key, c1.uid))?.meta.snoozeUntil, null);
      assert.deepEqual((await ctx.store().assets.pendingOverrides()).filter((p) => p.orgKey === a.key).map((p) => p.compId), ['p2']);
    });
  });
}

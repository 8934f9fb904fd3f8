/**
 * Contract cases for the plain entities: lifecycle, organisations, API keys, users, OAuth apps,
 * units, folders and templates, each including what another organisation must not see.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Unit } from '../../domain/model.js';
import { streamDef, unique, type SuiteContext } from './fixtures.js';

const unit = (id: string, over: Partial<Unit> = {}): Omit<Unit, 'uid'> & { uid?: string } => ({
  id,
  name: `${id} name`,
  symbol: 'kWh',
  numberFormat: '0.00',
  symbolLocation: 'AFTER',
  booleanStyle: 'TRUE_FALSE',
  ...over,
});

export function entityCases(ctx: SuiteContext): void {
  describe('lifecycle', () => {
    it('migrate is idempotent and ping answers', async () => {
      await ctx.store().migrate();
      await ctx.store().migrate();
      await ctx.store().ping();
      assert.ok(ctx.store().kind === 'sqlite' || ctx.store().kind === 'postgres');
    });
  });

  describe('orgs', () => {
    it('creates and finds organisations by key and uid', async () => {
      const o = await ctx.store().orgs.create({ name: 'Acme', timezone: 'Europe/Berlin' });
      assert.equal(o.name, 'Acme');
      assert.equal(o.timezone, 'Europe/Berlin');
      assert.equal(typeof o.key, 'number');
      assert.equal(typeof o.created, 'number');
      assert.deepEqual(await ctx.store().orgs.get(o.key), o);
      assert.deepEqual(await ctx.store().orgs.getByUid(o.uid), o);
      assert.equal(await ctx.store().orgs.getByUid('no-such-uid'), undefined);
      assert.equal(await ctx.store().orgs.get(987654321), undefined);
    });

    it('first() is the organisation created first; list() has them in creation order', async () => {
      const later = await ctx.org();
      assert.deepEqual(await ctx.store().orgs.first(), ctx.firstOrg());
      const list = await ctx.store().orgs.list();
      assert.deepEqual(list[0], ctx.firstOrg());
      assert.ok(list.findIndex((o) => o.uid === later.uid) > 0);
    });
  });

  describe('apiKeys', () => {
    it('creates, finds by secret hash, lists per org and deletes', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const hash = unique('hash');
      const rights = [{ resource: 'component/*', actions: ['GET', 'PUT'] }];
      const k = await ctx.store().apiKeys.create(a.key, { name: 'feed', secretHash: hash, rights, ipRanges: ['10.0.0.0/8'] });
      assert.equal(k.orgKey, a.key);
      assert.deepEqual(k.rights, rights);
      assert.deepEqual(k.ipRanges, ['10.0.0.0/8']);
      assert.deepEqual(await ctx.store().apiKeys.findBySecretHash(hash), { ...k, secretHash: hash });
      assert.equal(await ctx.store().apiKeys.findBySecretHash(unique('other')), undefined);
      const kb = await ctx.store().apiKeys.create(b.key, { name: 'b', secretHash: unique('hash'), rights: [], ipRanges: [] });
      assert.deepEqual(await ctx.store().apiKeys.list(a.key), [k]);
      assert.equal(await ctx.store().apiKeys.delete(a.key, kb.uid), false, "another org's key cannot be deleted");
      assert.equal(await ctx.store().apiKeys.delete(a.key, k.uid), true);
      assert.equal(await ctx.store().apiKeys.delete(a.key, k.uid), false);
      assert.equal(await ctx.store().apiKeys.findBySecretHash(hash), undefined);
      assert.deepEqual(await ctx.store().apiKeys.list(b.key), [kb]);
    });
  });

  describe('users', () => {
    it('creates, finds by email (any case) and changes the password', async () => {
      const o = await ctx.org();
      const email = `${unique('user')}@Example.com`;
      const u = await ctx.store().users.create(o.key, { email, passwordHash: 'h1', role: 'admin' });
      assert.equal(u.orgKey, o.key);
      assert.equal(u.email, email);
      assert.equal(u.role, 'admin');
      assert.deepEqual(await ctx.store().users.findByEmail(email), { ...u, passwordHash: 'h1' });
      assert.equal((await ctx.store().users.findByEmail(email.toUpperCase()))?.uid, u.uid);
      await ctx.store().users.setPassword(u.key, 'h2');
      assert.equal((await ctx.store().users.findByEmail(email))?.passwordHash, 'h2');
      assert.equal(await ctx.store().users.findByEmail(`${unique('nobody')}@example.com`), undefined);
      await assert.rejects(ctx.store().users.create(o.key, { email: email.toLowerCase(), passwordHash: 'x', role: 'user' }), 'emails are unique');
    });
  });

  describe('apps', () => {
    it('creates, finds by client id and changes the secret', async () => {
      const o = await ctx.org();
      const clientId = unique('client');
      const app = await ctx.store().apps.create(o.key, { name: 'App', clientId, secretHash: 's1', scopes: ['read'], grantTypes: ['client_credentials'] });
      assert.equal(app.orgKey, o.key);
      assert.deepEqual(app.scopes, ['read']);
      assert.deepEqual(app.grantTypes, ['client_credentials']);
      assert.deepEqual(await ctx.store().apps.findByClientId(clientId), { ...app, secretHash: 's1' });
      await ctx.store().apps.setSecret(app.key, 's2');
      assert.equal((await ctx.store().apps.findByClientId(clientId))?.secretHash, 's2');
      assert.equal(await ctx.store().apps.findByClientId(unique('none')), undefined);
    });
  });

  describe('units', () => {
    it('puts, gets by id and uid, replaces by id keeping the uid, lists and deletes', async () => {
      const o = await ctx.org();
      const kwh = await ctx.store().units.put(o.key, unit('kwh'));
      assert.ok(kwh.uid.length > 0);
      assert.deepEqual(await ctx.store().units.get(o.key, 'kwh'), kwh);
      assert.deepEqual(await ctx.store().units.get(o.key, kwh.uid), kwh);
      const clash = await ctx.store().units.put(o.key, unit(kwh.uid)); // an id that is another unit's uid
      assert.deepEqual(await ctx.store().units.get(o.key, kwh.uid), clash, 'an id match wins over a uid match');
      assert.equal(await ctx.store().units.delete(o.key, clash.uid), true);
      const replaced = await ctx.store().units.put(o.key, unit('kwh', { name: 'Kilowatt hours', symbolLocation: 'BEFORE', booleanStyle: 'ON_OFF' }));
      assert.equal(replaced.uid, kwh.uid);
      assert.equal(replaced.name, 'Kilowatt hours');
      assert.equal(replaced.symbolLocation, 'BEFORE');
      await ctx.store().units.put(o.key, unit('celsius', { symbol: '°C' }));
      await ctx.store().units.put(o.key, unit('amp'));
      assert.deepEqual((await ctx.store().units.list(o.key)).map((u) => u.id), ['amp', 'celsius', 'kwh']);
      assert.equal(await ctx.store().units.delete(o.key, 'kwh'), true);
      assert.equal(await ctx.store().units.delete(o.key, 'kwh'), false);
      const amp = (await ctx.store().units.get(o.key, 'amp'))!;
      assert.equal(await ctx.store().units.delete(o.key, amp.uid), true);
      assert.deepEqual((await ctx.store().units.list(o.key)).map((u) => u.id), ['celsius']);
    });

    it("another org's unit is invisible by id and uid", async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const ub = await ctx.store().units.put(b.key, unit('volt'));
      assert.equal(await ctx.store().units.get(a.key, 'volt'), undefined);
      assert.equal(await ctx.store().units.get(a.key, ub.uid), undefined);
      assert.equal(await ctx.store().units.delete(a.key, ub.uid), false);
      assert.deepEqual(await ctx.store().units.list(a.key), []);
      const ua = await ctx.store().units.put(a.key, unit('volt', { name: 'A volt' }));
      assert.notEqual(ua.uid, ub.uid, 'the same id in two orgs is two units');
      assert.equal((await ctx.store().units.get(b.key, 'volt'))?.name, 'volt name');
    });
  });

  describe('folders', () => {
    it('ensure creates every level once and lists them by path', async () => {
      const o = await ctx.org();
      const f = await ctx.store().folders.ensure(o.key, '/Components/site/floor1');
      assert.equal(f.path, '/Components/site/floor1');
      assert.ok(f.uid.length > 0);
      assert.deepEqual(await ctx.store().folders.ensure(o.key, '/Components/site/floor1'), f);
      await ctx.store().folders.ensure(o.key, '/Components/site/floor0');
      const list = await ctx.store().folders.list(o.key);
      assert.deepEqual(list.map((x) => x.path), ['/Components', '/Components/site', '/Components/site/floor0', '/Components/site/floor1']);
      assert.equal(new Set(list.map((x) => x.uid)).size, 4);
      assert.deepEqual(await ctx.store().folders.list((await ctx.org()).key), [], 'folders belong to one org');
    });
  });

  describe('templates', () => {
    it('puts, gets by id and uid, replaces keeping the uid, lists and deletes; invisible to other orgs', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const streams = [streamDef('power', { unitId: 'kw' }), streamDef('on', { valueType: 'BOOLEAN', streamType: 'point_stream' })];
      const t = await ctx.store().templates.put(a.key, { id: 'meter', name: 'Meter', description: 'A meter', streams });
      assert.deepEqual(t.streams, streams);
      assert.deepEqual(await ctx.store().templates.get(a.key, 'meter'), t);
      assert.deepEqual(await ctx.store().templates.get(a.key, t.uid), t);
      const clash = await ctx.store().templates.put(a.key, { id: t.uid, name: 'Clash', description: '', streams: [] });
      assert.deepEqual(await ctx.store().templates.get(a.key, t.uid), clash, 'an id match wins over a uid match');
      assert.equal(await ctx.store().templates.delete(a.key, clash.uid), true);
      const t2 = await ctx.store().templates.put(a.key, { id: 'meter', name: 'Meter v2', description: '', streams: [] });
      assert.equal(t2.uid, t.uid);
      assert.equal(t2.name, 'Meter v2');
      assert.deepEqual(t2.streams, []);
      await ctx.store().templates.put(a.key, { id: 'avalve', name: 'Valve', description: '', streams });
      assert.deepEqual((await ctx.store().templates.list(a.key)).map((x) => x.id), ['avalve', 'meter']);
      assert.equal(await ctx.store().templates.get(b.key, 'meter'), undefined);
      assert.equal(await ctx.store().templates.get(b.key, t.uid), undefined);
      assert.equal(await ctx.store().templates.delete(b.key, t.uid), false);
      assert.deepEqual(await ctx.store().templates.list(b.key), []);
      assert.equal(await ctx.store().templates.delete(a.key, t.uid), true);
      assert.equal(await ctx.store().templates.delete(a.key, 'meter'), false);
      assert.equal(await ctx.store().templates.delete(a.key, 'avalve'), true);
      assert.deepEqual(await ctx.store().templates.list(a.key), []);
    });
  });
}

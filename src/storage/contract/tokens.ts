/**
 * Contract cases for OAuth2: application owners, listing and secret resets (generation bump and
 * revocation), and access tokens (stored by hash, looked up with app and user, revoked only by
 * their own application, never crossing organisations).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import type { Org } from '../../domain/model.js';
import type { NewToken } from '../token-rows.js';
import { unique, type SuiteContext } from './fixtures.js';

export function tokenCases(ctx: SuiteContext): void {
  const user = (o: Org, role = 'owner') => ctx.store().users.create(o.key, { email: `${unique('u')}@example.com`, passwordHash: 'h', role });
  const app = (o: Org, ownerUserKey: number | null, scopes = ['asset:view', 'site:view']) =>
    ctx.store().apps.create(o.key, { name: 'App', clientId: unique('client'), secretHash: unique('secret'), scopes, grantTypes: ['client_credentials'], ownerUserKey });
  const token = (appKey: number, userKey: number, over: Partial<NewToken> = {}): NewToken => ({
    tokenHash: unique('token'),
    appKey,
    userKey,
    scopes: ['asset:view'],
    secretGeneration: 1,
    issued: 1_000_000,
    expires: 1_000_000 + 3_600_000,
    ...over,
  });

  describe('users.list', () => {
    it("lists the organisation's users oldest first, none of another's", async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const u1 = await user(a);
      const u2 = await user(a, 'view');
      await user(b);
      assert.deepEqual(await ctx.store().users.list(a.key), [u1, u2]);
      assert.deepEqual(await ctx.store().users.list((await ctx.org()).key), []);
    });
  });

  describe('apps: owners, listing, secret resets', () => {
    it('an app has an owner of its organisation, starts at secret generation 1, and is listed per org', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const owner = await user(a);
      const x = await app(a, owner.key);
      assert.equal(x.ownerUserKey, owner.key);
      assert.equal(x.secretGeneration, 1);
      const y = await app(a, null);
      assert.equal(y.ownerUserKey, null);
      assert.deepEqual(await ctx.store().apps.list(a.key), [x, y]);
      assert.deepEqual(await ctx.store().apps.list(b.key), []);
      const { secretHash: _, ...found } = (await ctx.store().apps.findByClientId(x.clientId))!;
      assert.deepEqual(found, x);
    });

    it("an owner from another organisation is refused and nothing is stored", async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const stranger = await user(b);
      await assert.rejects(app(a, stranger.key), (e) => e instanceof DomainError && e.kind === 'bad_request');
      assert.deepEqual(await ctx.store().apps.list(a.key), []);
    });

    it('setSecret bumps the generation and revokes every token issued before it, of that app only', async () => {
      const o = await ctx.org();
      const owner = await user(o);
      const x = await app(o, owner.key);
      const other = await app(o, owner.key);
      const t1 = token(x.key, owner.key);
      const t2 = token(x.key, owner.key);
      const t3 = token(other.key, owner.key);
      for (const t of [t1, t2, t3]) await ctx.store().tokens.create(o.key, t);
      await ctx.store().tokens.revoke(o.key, x.key, t2.tokenHash, 5);
      await ctx.store().apps.setSecret(x.key, 'new-hash');
      const after = (await ctx.store().apps.findByClientId(x.clientId))!;
      assert.equal(after.secretHash, 'new-hash');
      assert.equal(after.secretGeneration, 2);
      const l1 = (await ctx.store().tokens.findByHash(t1.tokenHash))!;
      assert.equal(typeof l1.revoked, 'number', 'the old token is revoked');
      assert.equal(l1.appSecretGeneration, 2);
      assert.equal(l1.secretGeneration, 1);
      assert.equal((await ctx.store().tokens.findByHash(t2.tokenHash))!.revoked, 5, 'an earlier revocation keeps its time');
      assert.equal((await ctx.store().tokens.findByHash(t3.tokenHash))!.revoked, null, "another app's tokens stay");
      await ctx.store().apps.setSecret(x.key, 'newer-hash');
      assert.equal((await ctx.store().apps.findByClientId(x.clientId))!.secretGeneration, 3);
    });
  });

  describe('tokens', () => {
    it('stores a token and finds it by hash with its app and user', async () => {
      const o = await ctx.org();
      const owner = await user(o, 'admin');
      const x = await app(o, owner.key);
      const t = token(x.key, owner.key, { scopes: ['asset:view', 'site:edit'], issued: 10_000, expires: 20_000 });
      const stored = await ctx.store().tokens.create(o.key, t);
      assert.equal(typeof stored.key, 'number');
      assert.deepEqual(
        { ...stored, key: 0 },
        { key: 0, orgKey: o.key, appKey: x.key, userKey: owner.key, scopes: ['asset:view', 'site:edit'], issued: 10_000, expires: 20_000, revoked: null, secretGeneration: 1 },
      );
      assert.deepEqual(await ctx.store().tokens.findByHash(t.tokenHash), {
        ...stored,
        clientId: x.clientId,
        appSecretGeneration: 1,
        userUid: owner.uid,
        userRole: 'admin',
      });
      assert.equal(await ctx.store().tokens.findByHash(unique('unknown')), undefined);
    });

    it('refuses a token whose app or user is of another organisation', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const ua = await user(a);
      const ub = await user(b);
      const xa = await app(a, ua.key);
      const xb = await app(b, ub.key);
      const wrongApp = token(xb.key, ua.key);
      const wrongUser = token(xa.key, ub.key);
      await assert.rejects(ctx.store().tokens.create(a.key, wrongApp));
      await assert.rejects(ctx.store().tokens.create(a.key, wrongUser));
      await assert.rejects(ctx.store().tokens.create(b.key, token(xa.key, ua.key)));
      assert.equal(await ctx.store().tokens.findByHash(wrongApp.tokenHash), undefined);
      assert.equal(await ctx.store().tokens.findByHash(wrongUser.tokenHash), undefined);
    });

    it('revokes only through its own application and organisation, once', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const ua = await user(a);
      const xa = await app(a, ua.key);
      const ya = await app(a, ua.key);
      const xb = await app(b, await user(b).then((u) => u.key));
      const t = token(xa.key, ua.key);
      await ctx.store().tokens.create(a.key, t);
      assert.equal(await ctx.store().tokens.revoke(a.key, ya.key, t.tokenHash, 7), false, 'another app of the org');
      assert.equal(await ctx.store().tokens.revoke(b.key, xb.key, t.tokenHash, 7), false, 'another org');
      assert.equal(await ctx.store().tokens.revoke(b.key, xa.key, t.tokenHash, 7), false, 'the right app named under another org');
      assert.equal((await ctx.store().tokens.findByHash(t.tokenHash))!.revoked, null);
      assert.equal(await ctx.store().tokens.revoke(a.key, xa.key, t.tokenHash, 8), true);
      assert.equal(await ctx.store().tokens.revoke(a.key, xa.key, t.tokenHash, 9), false, 'already revoked');
      assert.equal((await ctx.store().tokens.findByHash(t.tokenHash))!.revoked, 8);
      assert.equal(await ctx.store().tokens.revoke(a.key, xa.key, unique('unknown'), 9), false);
    });

    it("deleteExpired removes the app's tokens that expired before the time, nothing else", async () => {
      const o = await ctx.org();
      const u = await user(o);
      const x = await app(o, u.key);
      const y = await app(o, u.key);
      const old = token(x.key, u.key, { expires: 100 });
      const edge = token(x.key, u.key, { expires: 200 });
      const live = token(x.key, u.key, { expires: 300 });
      const otherApp = token(y.key, u.key, { expires: 100 });
      for (const t of [old, edge, live, otherApp]) await ctx.store().tokens.create(o.key, t);
      assert.equal(await ctx.store().tokens.deleteExpired((await ctx.org()).key, x.key, 1000), 0, 'scoped to the org');
      assert.equal(await ctx.store().tokens.deleteExpired(o.key, x.key, 200), 1);
      assert.equal(await ctx.store().tokens.findByHash(old.tokenHash), undefined);
      assert.ok(await ctx.store().tokens.findByHash(edge.tokenHash));
      assert.ok(await ctx.store().tokens.findByHash(live.tokenHash));
      assert.ok(await ctx.store().tokens.findByHash(otherApp.tokenHash));
    });
  });
}

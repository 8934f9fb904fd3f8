/**
 * What happens to a token after issue: introspection (RFC 7662), revocation (RFC 7009), expiry,
 * a secret reset, and the RFC 8414 metadata that lets clients find the endpoints.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { resetAppSecret } from '../auth/credentials.js';
import { sha256 } from '../auth/secrets.js';
import { SCOPES } from '../api/gridduck/principal.js';
import { basicOf, oauthHarness, T0, TTL_S, type OAuthHarness } from './oauth-harness.js';

let h: OAuthHarness;
before(async () => {
  h = await oauthHarness();
});
after(() => h?.close());

const introspect = (token: string, basic = h.a.basic, extra: Record<string, string> = {}) => h.post('/oauth/introspect', { token, ...extra }, { authorization: basic });
const revoke = (token: string, basic = h.a.basic, extra: Record<string, string> = {}) => h.post('/oauth/revoke', { token, ...extra }, { authorization: basic });
const active = async (token: string, basic?: string) => ((await introspect(token, basic)).json() as { active: boolean }).active;

function assertOAuthError(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.deepEqual(Object.keys(r.json() as object).sort(), ['error', 'error_description']);
  assert.equal((r.json() as { error: string }).error, code);
  assert.equal(r.headers['cache-control'], 'no-store');
  if (status === 401) assert.equal(r.headers['www-authenticate'], 'Basic realm="GridGrove"');
}

describe('POST /oauth/introspect', () => {
  it('an active token: active, scope, client_id, token_type, exp, iat, sub (the user uid); never cached', async () => {
    h.clock.set(T0);
    const token = await h.token(h.a, 'asset:edit site:view');
    const r = await introspect(token);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.deepEqual(r.json(), {
      active: true,
      scope: 'asset:edit site:view',
      client_id: h.a.clientId,
      token_type: 'Bearer',
      exp: T0 / 1000 + TTL_S,
      iat: T0 / 1000,
      sub: h.a.owner.uid,
    });
  });

  it('another application of the same organisation may introspect it; client_secret_post works', async () => {
    const token = await h.token(h.a);
    const other = await h.client();
    assert.equal(await active(token, other.basic), true);
    const post = await h.post('/oauth/introspect', { token, client_id: h.a.clientId, client_secret: h.a.clientSecret });
    assert.equal((post.json() as { active: boolean }).active, true);
  });

  it('unknown, expired, revoked and other-organisation tokens are exactly {active:false}', async () => {
    h.clock.set(T0);
    const expiring = await h.token(h.a);
    const revoked = await h.token(h.a);
    await revoke(revoked);
    const bToken = await h.token(h.b);
    for (const [token, basic] of [['no-such-token', h.a.basic], [revoked, h.a.basic], [bToken, h.a.basic], [expiring, h.b.basic]] as const) {
      const r = await introspect(token, basic);
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json(), { active: false }, token);
    }
    h.clock.set(T0 + TTL_S * 1000 - 1);
    assert.equal(await active(expiring), true, 'still active 1 ms before expiry');
    h.clock.set(T0 + TTL_S * 1000);
    assert.deepEqual((await introspect(expiring)).json(), { active: false });
    h.clock.set(T0);
  });

  it('token_type_hint is accepted whatever it says', async () => {
    const token = await h.token(h.a);
    for (const hint of ['access_token', 'refresh_token', 'something_else']) {
      assert.equal((await introspect(token, h.a.basic, { token_type_hint: hint })).json().active, true, hint);
    }
  });

  it('errors: token missing → invalid_request; no or bad client → 401 invalid_client', async () => {
    assertOAuthError(await h.post('/oauth/introspect', {}, { authorization: h.a.basic }), 400, 'invalid_request');
    assertOAuthError(await h.post('/oauth/introspect', { token: 'x' }), 401, 'invalid_client');
    assertOAuthError(await introspect('x', basicOf(h.a.clientId, 'wrong')), 401, 'invalid_client');
    assertOAuthError(await h.post('/oauth/introspect', { token: 'x', client_id: h.a.clientId, client_secret: h.a.clientSecret }, { authorization: h.a.basic }), 400, 'invalid_request');
  });
});

describe('POST /oauth/revoke', () => {
  it('revokes: 200 {} as JSON, then the token is inactive and refused on protected routes', async () => {
    const token = await h.token(h.a);
    const r = await revoke(token, h.a.basic, { token_type_hint: 'access_token' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.body, '{}');
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(await active(token), false);
    const who = await h.getWith('/oauth/whoami', token);
    assert.equal(who.statusCode, 401);
    assert.match(String(who.headers['www-authenticate']), /error="invalid_token", error_description="The access token was revoked"/);
  });

  it('unknown tokens, repeated revocations and any hint answer 200 too', async () => {
    const token = await h.token(h.a);
    for (const hint of [undefined, 'refresh_token', 'bogus']) {
      const r = await revoke(token, h.a.basic, hint ? { token_type_hint: hint } : {});
      assert.equal(r.statusCode, 200);
    }
    assert.equal((await revoke('never-issued')).statusCode, 200);
  });

  it("another application's token (same or other organisation) answers 200 and stays active", async () => {
    const token = await h.token(h.a);
    const sibling = await h.client();
    assert.equal((await revoke(token, sibling.basic)).statusCode, 200);
    assert.equal((await revoke(token, h.b.basic)).statusCode, 200);
    assert.equal(await active(token), true);
  });

  it('errors: token missing → invalid_request; no or bad client → 401 invalid_client', async () => {
    assertOAuthError(await h.post('/oauth/revoke', { token_type_hint: 'access_token' }, { authorization: h.a.basic }), 400, 'invalid_request');
    assertOAuthError(await h.post('/oauth/revoke', { token: 'x' }), 401, 'invalid_client');
    assertOAuthError(await revoke('x', basicOf('nobody', 'x')), 401, 'invalid_client');
  });
});

describe('expiry and secret reset', () => {
  it('a token works until its expiry instant and is "expired" from then on', async () => {
    h.clock.set(T0);
    const token = await h.token(h.a);
    h.clock.set(T0 + TTL_S * 1000 - 1);
    assert.equal((await h.getWith('/oauth/whoami', token)).statusCode, 200);
    h.clock.set(T0 + TTL_S * 1000);
    const r = await h.getWith('/oauth/whoami', token);
    assert.equal(r.statusCode, 401);
    assert.match(String(r.headers['www-authenticate']), /error_description="The access token expired"/);
    h.clock.set(T0);
  });

  it("a secret reset kills the old secret and every token issued with it, not other apps' tokens", async () => {
    const c = await h.client();
    const old = await h.token(c);
    const unrelated = await h.token(h.a);
    const secret = await resetAppSecret(h.store, c.app.key);
    assert.match(secret, /^[A-Za-z0-9\-._~]{48}$/);
    assert.equal((await h.getWith('/oauth/whoami', old)).statusCode, 401);
    assert.equal(await active(old), false);
    assert.equal(await active(unrelated), true);
    const oldSecret = await h.post('/oauth/token', { grant_type: 'client_credentials' }, { authorization: c.basic });
    assertOAuthError(oldSecret, 401, 'invalid_client');
    const fresh = await h.token({ ...c, basic: basicOf(c.clientId, secret) });
    assert.equal((await h.getWith('/oauth/whoami', fresh)).statusCode, 200);
  });

  it('a token stored under an older secret generation is dead even if its revocation was missed', async () => {
    const c = await h.client();
    const token = await h.token(c);
    await h.store.apps.setSecret(c.app.key, 'x'); // revokes; now pretend the row escaped it
    const row = (await h.store.tokens.findByHash(sha256(token)))!;
    assert.equal(row.secretGeneration + 1, row.appSecretGeneration);
    const r = await h.getWith('/oauth/whoami', token);
    assert.equal(r.statusCode, 401);
  });
});

describe('GET /.well-known/oauth-authorization-server', () => {
  it("describes the endpoints on the request's own host", async () => {
    const r = await h.app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server', headers: { host: 'grid.example:8443' } });
    assert.equal(r.statusCode, 200, r.body);
    const m = r.json() as Record<string, unknown>;
    assert.equal(m.issuer, 'http://grid.example:8443');
    assert.equal(m.token_endpoint, 'http://grid.example:8443/oauth/token');
    assert.equal(m.revocation_endpoint, 'http://grid.example:8443/oauth/revoke');
    assert.equal(m.introspection_endpoint, 'http://grid.example:8443/oauth/introspect');
    assert.deepEqual(m.grant_types_supported, ['client_credentials']);
    assert.deepEqual(m.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
    assert.deepEqual(m.scopes_supported, [...SCOPES]);
  });
});

describe('GET /oauth/whoami', () => {
  it('names the user, role, client and the expanded scopes of the token', async () => {
    const token = await h.token(h.a, 'asset:edit');
    const r = await h.getWith('/oauth/whoami', token);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { user: { id: h.a.owner.uid }, role: 'owner', client_id: h.a.clientId, scope: 'asset:view asset:boost_snooze asset:edit' });
  });
});

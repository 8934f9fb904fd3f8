/**
 * POST /oauth/token conformance (RFC 6749 §2.3.1, §3.3, §4.4, §5.1, §5.2): the success shape
 * GridDuck documents (minus refresh_token, with a numeric expires_in), both client
 * authentication methods, scope syntax, and every error path with its status, code and headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sha256 } from '../auth/secrets.js';
import { basicOf, oauthHarness, TTL_S, type OAuthHarness } from './oauth-harness.js';

let h: OAuthHarness;
before(async () => {
  h = await oauthHarness();
});
after(() => h?.close());

const CC = 'grant_type=client_credentials';

function assertNoStore(r: LightMyRequestResponse): void {
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal(r.headers['pragma'], 'no-cache');
}

/** An RFC 6749 §5.2 error: status, code, exactly {error, error_description}, never cached. */
function assertError(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const body = r.json() as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['error', 'error_description']);
  assert.equal(body.error, code);
  assert.match(String(body.error_description), /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/, 'RFC 6749 §5.2 error_description characters');
  assertNoStore(r);
  if (status === 401) assert.equal(r.headers['www-authenticate'], 'Basic realm="GridGrove"');
}

const tokenWith = (form: string | Record<string, string>, headers: Record<string, string> = {}) => h.post('/oauth/token', form, headers);

describe('POST /oauth/token: success', () => {
  it("answers GridDuck's documented shape: Bearer, numeric expires_in, space-separated scope, mfa_requires_setup, user.id, no refresh_token", async () => {
    const r = await tokenWith(`${CC}&scope=site%3Aview+asset%3Aview+asset%3Aedit`, { authorization: h.a.basic });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8$/);
    assertNoStore(r);
    const body = r.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'mfa_requires_setup', 'scope', 'token_type', 'user']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, TTL_S);
    assert.equal(body.scope, 'site:view asset:view asset:edit');
    assert.equal(body.mfa_requires_setup, false);
    assert.deepEqual(body.user, { id: h.a.owner.uid });
    assert.match(String(body.access_token), /^[A-Za-z0-9\-._~]{40,}$/);
  });

  it('issues a different opaque token every time and stores only its hash', async () => {
    const t1 = await h.token(h.a);
    const t2 = await h.token(h.a);
    assert.notEqual(t1, t2);
    assert.equal(await h.store.tokens.findByHash(t1), undefined, 'a token is not stored as itself');
    assert.ok(await h.store.tokens.findByHash(sha256(t1)));
  });

  it('omitted or empty scope grants every scope of the application, in its order', async () => {
    const c = await h.client({ scopes: ['asset:view', 'site:view'] });
    for (const form of [CC, `${CC}&scope=`, `${CC}&scope=+`]) {
      const r = await tokenWith(form, { authorization: c.basic });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal((r.json() as { scope: string }).scope, 'asset:view site:view');
    }
  });

  it('scopes separate by spaces (+ and %20), commas, or both; repeats collapse; site:read is site:view', async () => {
    const cases: [string, string][] = [
      ['site:view+asset:view', 'site:view asset:view'],
      ['site%3Aview%20asset%3Aview', 'site:view asset:view'],
      ['site:read,asset:view,asset:boost_snooze', 'site:view asset:view asset:boost_snooze'],
      ['asset:view,+site:view,,asset:view', 'asset:view site:view'],
    ];
    for (const [scope, granted] of cases) {
      const r = await tokenWith(`${CC}&scope=${scope}`, { authorization: h.a.basic });
      assert.equal(r.statusCode, 200, `${scope}: ${r.body}`);
      assert.equal((r.json() as { scope: string }).scope, granted, scope);
    }
  });

  it('a scope implied by one of the application (asset:view from asset:edit) may be requested', async () => {
    const c = await h.client({ scopes: ['asset:edit'] });
    const r = await tokenWith(`${CC}&scope=asset:view asset:boost_snooze`, { authorization: c.basic });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as { scope: string }).scope, 'asset:view asset:boost_snooze');
  });

  it('client_secret_post: client_id and client_secret in the form body', async () => {
    const r = await tokenWith({ grant_type: 'client_credentials', client_id: h.a.clientId, client_secret: h.a.clientSecret, scope: 'asset:view' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as { scope: string }).scope, 'asset:view');
  });

  it('Basic values are form-url-decoded (oauth4webapi encodes even -._~), the scheme is case-insensitive', async () => {
    const enc = (s: string) => encodeURIComponent(s).replace(/[-_.~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const encoded = `Basic ${Buffer.from(`${enc(h.a.clientId)}:${enc(h.a.clientSecret)}`).toString('base64')}`;
    for (const authorization of [encoded, h.a.basic.replace('Basic', 'basic'), h.a.basic.replace('Basic', 'BASIC'), h.a.basic.replace(' ', '   ')]) {
      const r = await tokenWith(CC, { authorization });
      assert.equal(r.statusCode, 200, `${authorization}: ${r.body}`);
    }
  });

  it('Basic plus the same client_id (no secret) in the body is one method, not two', async () => {
    const r = await tokenWith({ grant_type: 'client_credentials', client_id: h.a.clientId }, { authorization: h.a.basic });
    assert.equal(r.statusCode, 200, r.body);
  });

  it('a JSON body, and a form body without Content-Type, are accepted too', async () => {
    const json = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: JSON.stringify({ grant_type: 'client_credentials', scope: 'site:view' }),
      headers: { 'content-type': 'application/json', authorization: h.a.basic },
    });
    assert.equal(json.statusCode, 200, json.body);
    assert.equal((json.json() as { scope: string }).scope, 'site:view');
    const bare = await h.app.inject({ method: 'POST', url: '/oauth/token', payload: `${CC}&scope=site%3Aview`, headers: { authorization: h.a.basic } });
    assert.equal(bare.statusCode, 200, bare.body);
  });

  it('expires_in follows GG_TOKEN_TTL and the token acts for the application owner', async () => {
    const token = await h.token(h.a);
    const t = (await h.store.tokens.findByHash(sha256(token)))!;
    assert.equal(t.expires - t.issued, TTL_S * 1000);
    assert.equal(t.userKey, h.a.owner.key);
    assert.equal(t.orgKey, h.a.org.key);
  });
});

describe('POST /oauth/token: invalid_request (400)', () => {
  it('grant_type missing or empty', async () => {
    assertError(await tokenWith('scope=site:view', { authorization: h.a.basic }), 400, 'invalid_request');
    assertError(await tokenWith('grant_type=&scope=site:view', { authorization: h.a.basic }), 400, 'invalid_request');
    assertError(await tokenWith('', { authorization: h.a.basic }), 400, 'invalid_request');
  });

  it('a repeated parameter', async () => {
    assertError(await tokenWith(`${CC}&${CC}`, { authorization: h.a.basic }), 400, 'invalid_request');
    assertError(await tokenWith(`${CC}&scope=site:view&scope=asset:view`, { authorization: h.a.basic }), 400, 'invalid_request');
  });

  it('two client authentication methods at once (Basic and client_secret in the body)', async () => {
    const r = await tokenWith({ grant_type: 'client_credentials', client_id: h.a.clientId, client_secret: h.a.clientSecret }, { authorization: h.a.basic });
    assertError(r, 400, 'invalid_request');
    assertError(await tokenWith({ grant_type: 'client_credentials', client_secret: h.a.clientSecret }, { authorization: h.a.basic }), 400, 'invalid_request');
  });

  it('a body client_id that differs from the Basic one', async () => {
    assertError(await tokenWith({ grant_type: 'client_credentials', client_id: h.b.clientId }, { authorization: h.a.basic }), 400, 'invalid_request');
  });

  it('client_secret without client_id', async () => {
    assertError(await tokenWith({ grant_type: 'client_credentials', client_secret: h.a.clientSecret }), 400, 'invalid_request');
  });

  it('a body that is not parameters: malformed JSON, a JSON array, a nested value', async () => {
    const send = (payload: string) =>
      h.app.inject({ method: 'POST', url: '/oauth/token', payload, headers: { 'content-type': 'application/json', authorization: h.a.basic } });
    assertError(await send('{"grant_type":'), 400, 'invalid_request');
    assertError(await send('["client_credentials"]'), 400, 'invalid_request');
    assertError(await send('{"grant_type":{"x":1}}'), 400, 'invalid_request');
    assertError(await send('{"grant_type":"client_credentials","scope":["a","b"]}'), 400, 'invalid_request');
  });
});

describe('POST /oauth/token: invalid_client (401 + WWW-Authenticate: Basic)', () => {
  it('no client authentication at all', async () => {
    assertError(await tokenWith(CC), 401, 'invalid_client');
  });

  it('unknown client id, wrong secret (Basic and body)', async () => {
    assertError(await tokenWith(CC, { authorization: basicOf('nobody', h.a.clientSecret) }), 401, 'invalid_client');
    assertError(await tokenWith(CC, { authorization: basicOf(h.a.clientId, 'wrong') }), 401, 'invalid_client');
    assertError(await tokenWith(CC, { authorization: basicOf(h.a.clientId, h.b.clientSecret) }), 401, 'invalid_client');
    assertError(await tokenWith({ grant_type: 'client_credentials', client_id: h.a.clientId, client_secret: 'wrong' }), 401, 'invalid_client');
  });

  it('malformed Basic credentials: not base64, no colon, empty, bad escapes, empty parts', async () => {
    for (const authorization of [
      'Basic !!!notbase64',
      `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
      'Basic',
      `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
      `Basic ${Buffer.from(`:${h.a.clientSecret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${h.a.clientId}:`).toString('base64')}`,
    ]) {
      assertError(await tokenWith(CC, { authorization }), 401, 'invalid_client');
    }
  });

  it('another authentication scheme than Basic', async () => {
    assertError(await tokenWith(CC, { authorization: 'Bearer abc' }), 401, 'invalid_client');
    assertError(await tokenWith(CC, { authorization: 'Digest username="x"' }), 401, 'invalid_client');
  });

  it('client_id without client_secret (public clients are not supported)', async () => {
    assertError(await tokenWith({ grant_type: 'client_credentials', client_id: h.a.clientId }), 401, 'invalid_client');
  });
});

describe('POST /oauth/token: grant and scope errors', () => {
  it('unsupported_grant_type (400) for every other grant', async () => {
    for (const grant of ['password', 'authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'nonsense']) {
      assertError(await tokenWith({ grant_type: grant }, { authorization: h.a.basic }), 400, 'unsupported_grant_type');
    }
  });

  it('unauthorized_client (400) when the application may not use client_credentials', async () => {
    const c = await h.client({ grantTypes: ['authorization_code'] });
    assertError(await tokenWith(CC, { authorization: c.basic }), 400, 'unauthorized_client');
  });

  it('unauthorized_client (400) when the application has no owner to act for', async () => {
    const c = await h.client({ owner: null });
    assertError(await tokenWith(CC, { authorization: c.basic }), 400, 'unauthorized_client');
  });

  it('invalid_scope (400): an unknown scope, one beyond the application, or nothing to grant', async () => {
    assertError(await tokenWith(`${CC}&scope=asset:fly`, { authorization: h.a.basic }), 400, 'invalid_scope');
    assertError(await tokenWith(`${CC}&scope=site:view+"quoted\\`, { authorization: h.a.basic }), 400, 'invalid_scope');
    const viewer = await h.client({ scopes: ['asset:view'] });
    assertError(await tokenWith(`${CC}&scope=asset:edit`, { authorization: viewer.basic }), 400, 'invalid_scope');
    assertError(await tokenWith(`${CC}&scope=asset:view+site:view`, { authorization: viewer.basic }), 400, 'invalid_scope');
    const none = await h.client({ scopes: [] });
    assertError(await tokenWith(CC, { authorization: none.basic }), 400, 'invalid_scope');
  });

  it('a GET is not the token endpoint', async () => {
    const r = await h.app.inject({ method: 'GET', url: `/oauth/token?${CC}`, headers: { authorization: h.a.basic } });
    assert.equal(r.statusCode, 404);
  });
});

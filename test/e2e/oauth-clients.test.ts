/**
 * The OAuth2 authorization server end to end, against the real server process:
 * - the GridDuck guide's token request replayed byte for byte (`Authorization:Basic` with no
 *   space, form body with `+` and `%3A`), then a protected call the same way;
 * - independent, unmodified OAuth2 client libraries: openid-client v6 (panva; discovery, both
 *   client authentication methods, protected resource, introspection, revocation), simple-oauth2
 *   (ClientCredentials, header and body), and Python requests-oauthlib when it is installed
 *   (Debian: apt-get install python3-requests-oauthlib);
 * - the CLI: app create / list / reset-secret against the running server;
 * - GG_TOKEN_TTL: a short-lived token really expires.
 * The protected route is GET /oauth/whoami (the resource routes test themselves).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { ClientCredentials } from 'simple-oauth2';
import { cliJson, rawRequest, request, ROOT, runCli, startServer, type RunningServer } from './spawn-server.js';

// Every character of [A-Za-z0-9-._~]: oauth4webapi percent-encodes -._~ inside Basic, requests does not.
const CLIENT_ID = 'gg-e2e.client_id~1';
const CLIENT_SECRET = 'Secret-._~0123456789abcdefghijklmnopqrstuvwxyz';
const ADMIN = 'admin@example.com';

let server: RunningServer;
before(async () => {
  server = await startServer({
    env: { GG_BOOTSTRAP_CLIENT_ID: CLIENT_ID, GG_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET, GG_BOOTSTRAP_ADMIN_EMAIL: ADMIN, GG_BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery' },
  });
});
after(() => server?.stop());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const whoami = (token: string) => request(server, 'GET', '/oauth/whoami', { headers: { Authorization: `Bearer ${token}` } });

async function tokenOf(id: string, secret: string, scope = 'asset:view'): Promise<{ status: number; body: any }> {
  const r = await request(server, 'POST', '/oauth/token', {
    body: `grant_type=client_credentials&scope=${encodeURIComponent(scope)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(id, secret) },
  });
  return { status: r.status, body: r.json() };
}

describe("the GridDuck guide's curl, byte for byte", () => {
  it('POST /oauth/token with Authorization:Basic (no space) and a form body → the documented shape', async () => {
    const body = 'grant_type=client_credentials&scope=site%3Aview+asset%3Aview+asset%3Aedit';
    // What `curl --request POST --url … --header 'Authorization:Basic …' --data '…'` puts on the wire.
    const raw = await rawRequest(
      server,
      `POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n` +
        `Authorization:${basic(CLIENT_ID, CLIENT_SECRET)}\r\nContent-Length: ${body.length}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${body}`,
    );
    assert.match(raw.statusLine, /^HTTP\/1\.1 200 /, raw.raw);
    assert.equal(raw.header('cache-control'), 'no-store');
    assert.equal(raw.header('pragma'), 'no-cache');
    const token = JSON.parse(raw.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'expires_in', 'mfa_requires_setup', 'scope', 'token_type', 'user']);
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.expires_in, 3600);
    assert.equal(token.scope, 'site:view asset:view asset:edit');
    assert.equal(token.mfa_requires_setup, false);
    assert.match(String((token.user as { id: string }).id), /^[0-9a-f-]{36}$/);

    // …and the guide's secured request style: Authorization:Bearer with no space.
    const who = await rawRequest(server, `GET /oauth/whoami HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept: */*\r\nAuthorization:Bearer ${token.access_token}\r\n\r\n`);
    assert.match(who.statusLine, /^HTTP\/1\.1 200 /, who.raw);
    assert.deepEqual(JSON.parse(who.body).user, token.user);
    assert.equal(JSON.parse(who.body).role, 'owner', "the bootstrap app acts for the bootstrap admin");
  });

  it('a wrong secret is 401 invalid_client with a Basic challenge', async () => {
    const r = await request(server, 'POST', '/oauth/token', {
      body: 'grant_type=client_credentials',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(CLIENT_ID, 'wrong') },
    });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Basic realm="GridGrove"');
    assert.equal(r.json().error, 'invalid_client');
  });
});

describe('openid-client (panva) v6, unmodified', () => {
  const discover = (auth?: oidc.ClientAuth, secret = CLIENT_SECRET) =>
    oidc.discovery(new URL(server.url), CLIENT_ID, secret, auth, { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] });

  for (const [name, auth] of [['client_secret_post (its default)', undefined], ['client_secret_basic', oidc.ClientSecretBasic()]] as const) {
    it(`discovery + clientCredentialsGrant (${name}) + fetchProtectedResource + introspection + revocation`, async () => {
      const config = await discover(auth);
      assert.equal(config.serverMetadata().token_endpoint, `${server.url}/oauth/token`);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'asset:view site:view' });
      assert.equal(tokens.token_type, 'bearer', 'oauth4webapi lower-cases token_type');
      assert.equal(tokens.scope, 'asset:view site:view');
      assert.equal(tokens.expires_in, 3600);
      assert.equal(tokens.refresh_token, undefined);

      const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL('/oauth/whoami', server.url), 'GET');
      assert.equal(res.status, 200);
      const who = (await res.json()) as { client_id: string; scope: string };
      assert.equal(who.client_id, CLIENT_ID);
      assert.equal(who.scope, 'site:view asset:view');

      const info = await oidc.tokenIntrospection(config, tokens.access_token);
      assert.equal(info.active, true);
      assert.equal(info.client_id, CLIENT_ID);
      assert.equal(info.scope, 'asset:view site:view');

      await oidc.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
      assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
      await assert.rejects(oidc.fetchProtectedResource(config, tokens.access_token, new URL('/oauth/whoami', server.url), 'GET'), (e: unknown) => {
        assert.ok(e instanceof oidc.WWWAuthenticateChallengeError, String(e));
        const challenge = e.cause[0]!;
        assert.equal(challenge.scheme, 'bearer');
        assert.equal(challenge.parameters.error, 'invalid_token');
        return true;
      });
    });
  }

  it('a wrong secret and a scope beyond the application fail the grant', async () => {
    await assert.rejects(oidc.clientCredentialsGrant(await discover(oidc.ClientSecretBasic(), 'wrong'), { scope: 'asset:view' }));
    await assert.rejects(oidc.clientCredentialsGrant(await discover(), { scope: 'asset:fly' }), (e: unknown) => {
      assert.ok(e instanceof oidc.ResponseBodyError, String(e));
      assert.equal(e.error, 'invalid_scope');
      return true;
    });
  });
});

describe('simple-oauth2, unmodified', () => {
  for (const method of ['header', 'body'] as const) {
    it(`ClientCredentials.getToken (authorizationMethod ${method}) + protected call + revoke`, async () => {
      const client = new ClientCredentials({
        client: { id: CLIENT_ID, secret: CLIENT_SECRET },
        auth: { tokenHost: server.url },
        options: { authorizationMethod: method },
      });
      const accessToken = await client.getToken({ scope: ['asset:view', 'site:view'] });
      const token = accessToken.token as { access_token: string; token_type: string; scope: string; expires_in: number };
      assert.equal(token.token_type, 'Bearer');
      assert.equal(token.scope, 'asset:view site:view');
      assert.equal(accessToken.expired(), false);
      assert.equal((await whoami(token.access_token)).status, 200);

      await accessToken.revoke('access_token'); // simple-oauth2 default revokePath /oauth/revoke
      const after = await whoami(token.access_token);
      assert.equal(after.status, 401);
      assert.match(String(after.headers['www-authenticate']), /error="invalid_token"/);
    });
  }

  it('a wrong secret rejects getToken with the 401', async () => {
    const client = new ClientCredentials({ client: { id: CLIENT_ID, secret: 'wrong' }, auth: { tokenHost: server.url } });
    await assert.rejects(client.getToken({}), (e: unknown) => {
      assert.equal((e as { output?: { statusCode?: number } }).output?.statusCode, 401);
      return true;
    });
  });
});

/** The first Python that has requests-oauthlib (Debian installs it for /usr/bin/python3), if any. */
async function pythonWithRequestsOauthlib(): Promise<string | undefined> {
  for (const python of ['python3', '/usr/bin/python3']) {
    const ok = await new Promise<boolean>((resolve) => execFile(python, ['-c', 'import requests_oauthlib'], { timeout: 10_000 }, (err) => resolve(!err)));
    if (ok) return python;
  }
  return undefined;
}

const python = await pythonWithRequestsOauthlib();

describe('Python requests-oauthlib (Debian python3-requests-oauthlib), unmodified', () => {
  for (const method of ['basic', 'post']) {
    it(`OAuth2Session.fetch_token (${method}) + a protected call`, { skip: python ? false : 'python3-requests-oauthlib is not installed' }, async () => {
      const script = path.join(ROOT, 'test/e2e/requests-oauthlib-client.py');
      const out = await new Promise<string>((resolve, reject) =>
        execFile(python!, [script, server.url, CLIENT_ID, CLIENT_SECRET, method], { timeout: 20_000, env: { ...process.env, OAUTHLIB_INSECURE_TRANSPORT: '1' } }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      const r = JSON.parse(out) as { token_type: string; expires_in: number; scope: string[]; user: { id: string }; status: number; whoami: { user: { id: string } } };
      assert.equal(r.token_type, 'Bearer');
      assert.equal(r.expires_in, 3600);
      assert.deepEqual(r.scope, ['asset:view', 'site:view']);
      assert.equal(r.status, 200);
      assert.deepEqual(r.whoami.user, r.user);
    });
  }
});

describe('gridgrove app create / list / reset-secret against the running server', () => {
  it('a reset secret is shown once; the old secret and its tokens stop working, the new one works', async () => {
    const created = await cliJson(['app', 'create', '--name', 'Reset me', '--scopes', 'asset:view,site:view'], server.env);
    const id = String(created.client_id);
    const oldSecret = String(created.client_secret);
    assert.match(oldSecret, /^[A-Za-z0-9\-._~]{48}$/);

    const listed = await cliJson(['app', 'list'], server.env);
    const entry = (listed.apps as { client_id: string; owner: string; scopes: string[]; grant_types: string[] }[]).find((a) => a.client_id === id);
    assert.deepEqual(entry && { owner: entry.owner, scopes: entry.scopes, grant_types: entry.grant_types }, { owner: ADMIN, scopes: ['asset:view', 'site:view'], grant_types: ['client_credentials'] });
    assert.ok(!JSON.stringify(listed).includes(oldSecret), 'list never shows secrets');

    const before = await tokenOf(id, oldSecret);
    assert.equal(before.status, 200);
    assert.equal((await whoami(before.body.access_token)).status, 200);

    const reset = await cliJson(['app', 'reset-secret', id], server.env);
    assert.deepEqual(Object.keys(reset).sort(), ['client_id', 'client_secret']);
    const newSecret = String(reset.client_secret);
    assert.notEqual(newSecret, oldSecret);

    const stale = await whoami(before.body.access_token);
    assert.equal(stale.status, 401);
    assert.match(String(stale.headers['www-authenticate']), /error="invalid_token"/);
    assert.equal((await tokenOf(id, oldSecret)).status, 401);
    const fresh = await tokenOf(id, newSecret);
    assert.equal(fresh.status, 200);
    assert.equal((await whoami(fresh.body.access_token)).status, 200);
  });

  it('reset-secret of an unknown client fails with a message', async () => {
    const r = await runCli(['app', 'reset-secret', 'no-such-client', '--json'], server.env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no application with client_id/);
    assert.equal(r.stdout, '');
  });
});

describe('GG_TOKEN_TTL', () => {
  let short: RunningServer;
  before(async () => {
    short = await startServer({ env: { GG_TOKEN_TTL: '1', GG_BOOTSTRAP_CLIENT_ID: CLIENT_ID, GG_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET } });
  });
  after(() => short?.stop());

  it('a token lives GG_TOKEN_TTL seconds', async () => {
    const r = await request(short, 'POST', '/oauth/token', {
      body: 'grant_type=client_credentials',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
    });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.json().expires_in, 1);
    const token = r.json().access_token as string;
    const call = () => request(short, 'GET', '/oauth/whoami', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await call()).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await call();
    assert.equal(expired.status, 401);
    assert.match(String(expired.headers['www-authenticate']), /error_description="The access token expired"/);
  });
});

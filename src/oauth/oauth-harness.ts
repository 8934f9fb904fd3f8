/**
 * An in-process GridGrove for the OAuth2 tests: in-memory SQLite, a manual clock, two
 * organisations each with an owner user and an all-scopes application, and helpers for the
 * token endpoint. Extra routes (e.g. bearer-protected ones) may be added to `app` before the
 * first request. (Named so the test runner does not take it for a test file.)
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { ALL_SCOPES, createApp } from '../auth/credentials.js';
import { loadConfig } from '../config/config.js';
import type { OAuthApp, Org, User } from '../domain/model.js';
import { Ingest } from '../ingest/ingest.js';
import { manualClock } from '../lib/clock.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
export const TTL_S = 3600;

export interface TestClient {
  org: Org;
  owner: User;
  app: OAuthApp;
  clientId: string;
  clientSecret: string;
  /** `Basic base64(id:secret)` */
  basic: string;
}

export interface OAuthHarness {
  app: FastifyInstance;
  store: Store;
  clock: ReturnType<typeof manualClock>;
  /** org A's all-scopes client, and org B's */
  a: TestClient;
  b: TestClient;
  /** another application of org A's owner */
  client(over?: { scopes?: string[]; grantTypes?: string[]; owner?: User | null; org?: Org }): Promise<TestClient>;
  /** POST a form body (a string sent as is, or an object form-encoded) to `url` */
  post(url: string, form: string | Record<string, string>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** a token of `c` by client_credentials (Basic), with `scope` when given */
  token(c: TestClient, scope?: string): Promise<string>;
  /** GET with `Authorization: Bearer <token>` */
  getWith(url: string, token: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const basicOf = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export async function oauthHarness(): Promise<OAuthHarness> {
  const clock = manualClock(T0);
  const store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
  await store.migrate();
  const config = loadConfig({ GG_TOKEN_TTL: String(TTL_S) });
  const app = await buildApp({ config, store, ingest: new Ingest(store, clock), clock });

  let users = 0;
  async function client(over: { scopes?: string[]; grantTypes?: string[]; owner?: User | null; org?: Org } = {}, fresh?: Org): Promise<TestClient> {
    const org = fresh ?? over.org ?? a.org;
    const owner = over.owner === undefined ? (fresh ? await store.users.create(org.key, { email: `owner${++users}@example.com`, passwordHash: '!', role: 'owner' }) : a.owner) : over.owner;
    const made = await createApp(store, org.key, { name: 'test', scopes: over.scopes ?? ALL_SCOPES, grantTypes: over.grantTypes, ownerUserKey: owner?.key ?? null });
    return { org, owner: owner!, app: made.app, clientId: made.clientId, clientSecret: made.clientSecret, basic: basicOf(made.clientId, made.clientSecret) };
  }
  const a: TestClient = await client({}, await store.orgs.create({ name: 'A', timezone: 'UTC' }));
  const b: TestClient = await client({}, await store.orgs.create({ name: 'B', timezone: 'UTC' }));

  const post = (url: string, form: string | Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  return {
    app,
    store,
    clock,
    a,
    b,
    client: (over) => client(over),
    post,
    async token(c, scope) {
      const r = await post('/oauth/token', scope === undefined ? { grant_type: 'client_credentials' } : { grant_type: 'client_credentials', scope }, { authorization: c.basic });
      if (r.statusCode !== 200) throw new Error(`token request failed: ${r.statusCode} ${r.body}`);
      return (r.json() as { access_token: string }).access_token;
    },
    getWith: (url, token) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

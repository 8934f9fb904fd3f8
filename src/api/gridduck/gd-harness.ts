/**
 * An in-process GridGrove for the GridDuck resource tests: the real app (buildApp) on in-memory
 * SQLite with a manual clock, and helpers to make users with a role, real bearer tokens with
 * chosen scopes (issued the way the token endpoint issues them), sites, gateways and assets.
 * (Named so the test runner does not take it for a test file.)
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.js';
import { ALL_SCOPES, createApp } from '../../auth/credentials.js';
import { loadConfig } from '../../config/config.js';
import type { Gateway, Site, SiteDef } from '../../domain/gridduck-model.js';
import type { Component, Org, User } from '../../domain/model.js';
import { Ingest } from '../../ingest/ingest.js';
import { manualClock } from '../../lib/clock.js';
import { issueToken } from '../../oauth/access-tokens.js';
import { createSqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { AssetMetaPatch, Store } from '../../storage/store.js';
import type { Scope } from './principal.js';

export const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);

export interface GdHarness {
  app: FastifyInstance;
  store: Store;
  ingest: Ingest;
  clock: ReturnType<typeof manualClock>;
  org(name?: string): Promise<Org>;
  /** a user of `org` with an organisation-level role and optional per-site roles */
  user(org: Org, role: string, siteRoles?: [Site, string][]): Promise<User>;
  /** a bearer token acting for `user` with exactly these scopes (implied ones are added on use) */
  token(user: User, scopes?: readonly string[]): Promise<string>;
  site(org: Org, name: string, over?: Partial<SiteDef>): Promise<Site>;
  gateway(org: Org, name: string, site: Site | null): Promise<Gateway>;
  /** a component (= asset) with streams written through the feed path, plus metadata */
  asset(org: Org, compId: string, meta?: AssetMetaPatch, samples?: Record<string, unknown>): Promise<Component>;
  get(url: string, token: string): Promise<LightMyRequestResponse>;
  put(url: string, token: string, body: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function gdHarness(): Promise<GdHarness> {
  const clock = manualClock(T0);
  const store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
  await store.migrate();
  const config = loadConfig({});
  const ingest = new Ingest(store, clock);
  const app = await buildApp({ config, store, ingest, clock });
  await app.ready();
  let n = 0;

  const h: GdHarness = {
    app,
    store,
    ingest,
    clock,
    org: (name = `Org ${++n}`) => store.orgs.create({ name, timezone: 'Europe/London' }),
    async user(org, role, siteRoles = []) {
      const u = await store.users.create(org.key, { email: `user${++n}-${process.pid}@example.com`, passwordHash: '!', role });
      for (const [site, r] of siteRoles) await store.siteRoles.set(org.key, u.key, site.key, r);
      return u;
    },
    async token(user, scopes = ALL_SCOPES) {
      const made = await createApp(store, user.orgKey, { name: `app${++n}`, scopes: ALL_SCOPES, ownerUserKey: user.key });
      return (await issueToken({ store, clock, tokenTtlS: 24 * 3600 * 365 }, made.app, scopes as Scope[])).access_token;
    },
    site: (org, name, over = {}) => store.sites.create(org.key, { name, timezone: 'Europe/London', currency: '£', pricePerKwh: '14', address: '', ...over }),
    gateway: (org, name, site) => store.gateways.create(org.key, { name, code: `code-${name}`, firmware: null, siteKey: site?.key ?? null }),
    async asset(org, compId, meta = {}, samples = {}) {
      const items = Object.entries(samples).map(([sid, value]) => ({ compId, stream: { id: sid }, samples: [{ time: clock.now(), value }] }));
      if (items.length > 0) await ingest.write(org, items, {}, { component: () => true, stream: () => true });
      else await store.components.create(org.key, { id: compId, name: compId, description: '', timezone: org.timezone, folderPath: '', templateId: '' }, []);
      const c = (await store.components.get(org.key, compId))!;
      if (Object.keys(meta).length > 0) await store.assets.setMeta(org.key, c.uid, meta);
      return c;
    },
    get: (url, token) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
    put: (url, token, body) =>
      app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
    async close() {
      await app.close();
      await store.close();
    },
  };
  return h;
}

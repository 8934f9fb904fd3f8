/**
 * An in-process GridGrove for the advanced API's tests: in-memory SQLite, a manual clock, two
 * organisations each with a full-rights key, and helpers that inject requests with a key.
 * (Named so the test runner does not take it for a test file.)
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../app.js';
import { createApiKey, FULL_RIGHTS } from '../../../auth/credentials.js';
import { loadConfig } from '../../../config/config.js';
import type { ApiKeyRight } from '../../../domain/model.js';
import { Ingest } from '../../../ingest/ingest.js';
import { manualClock } from '../../../lib/clock.js';
import { createSqliteStore } from '../../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../../storage/store.js';

export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

export interface Reply {
  status: number;
  /** parsed JSON (tests dig into it freely) */
  body: any;
  text: string;
}

export interface Harness {
  app: FastifyInstance;
  store: Store;
  ingest: Ingest;
  clock: ReturnType<typeof manualClock>;
  /** the full-rights key of org A, and of org B (another tenant) */
  keyA: string;
  keyB: string;
  orgA: number;
  /** a key of org A with just these rights */
  keyWith(rights: ApiKeyRight[]): Promise<string>;
  req(method: string, url: string, body?: unknown, key?: string | null): Promise<Reply>;
  close(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const clock = manualClock(T0);
  const store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
  await store.migrate();
  const config = loadConfig({ GG_FEED_RATE_LIMIT: 'off' });
  const ingest = new Ingest(store, clock);
  const app = await buildApp({ config, store, ingest, clock });
  const a = await store.orgs.create({ name: 'A', timezone: 'Europe/London' });
  const b = await store.orgs.create({ name: 'B', timezone: 'UTC' });
  const keyA = (await createApiKey(store, a.key, { name: 'full', rights: FULL_RIGHTS, ipRanges: [] })).secret;
  const keyB = (await createApiKey(store, b.key, { name: 'full', rights: FULL_RIGHTS, ipRanges: [] })).secret;

  async function req(method: string, url: string, body?: unknown, key: string | null = keyA): Promise<Reply> {
    const sep = url.includes('?') ? '&' : '?';
    const res = await app.inject({
      method: method as 'GET',
      url: key === null ? url : `${url}${sep}api_key=${key}`,
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    let parsed: unknown;
    try {
      parsed = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, body: parsed, text: res.body };
  }

  return {
    app,
    store,
    ingest,
    clock,
    keyA,
    keyB,
    orgA: a.key,
    keyWith: async (rights) => (await createApiKey(store, a.key, { name: 'limited', rights, ipRanges: [] })).secret,
    req: (method, url, body, key) => req(method, url, body, key),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/**
 * Test helpers for the PostgreSQL backend (not a test file itself): which server to use, whether
 * it answers, and a throw-away schema per store so runs never see each other's data on the
 * shared server and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Store } from '../store.js';
import { checkSchemaName } from './open.js';
import { createPostgresStore } from './postgres-store.js';

export const PG_TEST_URL = process.env.DATABASE_URL_TEST || 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
const shownUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/** Undefined when the server answers, else why not. */
export async function probePg(url = PG_TEST_URL): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * When PostgreSQL is unreachable: a failing test with the reason, or a skipped one when
 * GG_SKIP_PG=1. Returns true when the caller should register its PostgreSQL tests.
 */
export function pgAvailableOrReport(unreachable: string | undefined, what: string): boolean {
  if (unreachable === undefined) return true;
  const why = `PostgreSQL at ${shownUrl(PG_TEST_URL)} is unreachable (${unreachable})`;
  if (process.env.GG_SKIP_PG === '1') it(`${what} (PostgreSQL)`, { skip: `${why}; GG_SKIP_PG=1` }, () => {});
  else {
    it(`${what}: PostgreSQL must be reachable`, () => {
      assert.fail(`${why}. Start it, point DATABASE_URL_TEST at one, or set GG_SKIP_PG=1 to skip the PostgreSQL tests.`);
    });
  }
  return false;
}

export const uniqueSchema = () => `gg_test_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export async function dropSchema(schema: string, url = PG_TEST_URL): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${checkSchemaName(schema)}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** A store in a new schema; cleanup closes it and drops the schema. */
export async function schemaStore(schema = uniqueSchema()): Promise<{ store: Store; schema: string; cleanup: () => Promise<void> }> {
  const store = await createPostgresStore({ url: PG_TEST_URL, schema });
  return {
    store,
    schema,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

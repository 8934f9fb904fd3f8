/**
 * openStore picks the backend from the configuration: SQLite in the data directory, or
 * PostgreSQL for a database URL (a URL's own connection options, here search_path, are kept).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openStore, SQLITE_FILE } from './open-store.js';
import { dropSchema, PG_TEST_URL, pgAvailableOrReport, probePg, uniqueSchema } from './postgres/pg-harness.js';

describe('openStore', () => {
  it('opens SQLite in the data directory without a database URL', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gridgrove-open-'));
    try {
      const store = await openStore({ dataDir: path.join(dir, 'data') }, () => 42);
      assert.equal(store.kind, 'sqlite');
      assert.equal((await store.orgs.create({ name: 'x', timezone: 'UTC' })).created, 42);
      await store.close();
      await fs.access(path.join(dir, 'data', SQLITE_FILE));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a database URL that is not postgres://', async () => {
    await assert.rejects(openStore({ dataDir: '/nonexistent', databaseUrl: 'mysql://x' }), /postgres:\/\//);
  });
});

const unreachable = await probePg();
if (pgAvailableOrReport(unreachable, 'openStore')) {
  it('openStore opens PostgreSQL for a database URL', async () => {
    const schema = uniqueSchema();
    const admin = new pg.Client({ connectionString: PG_TEST_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    try {
      const url = new URL(PG_TEST_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openStore({ dataDir: '/nonexistent', databaseUrl: url.toString() });
      try {
        assert.equal(store.kind, 'postgres');
        await store.ping();
        await store.orgs.create({ name: 'pg', timezone: 'UTC' });
      } finally {
        await store.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });
}

/**
 * Orgs created before cycles existed (a schema at version 1) get the default cycles and
 * calendars when the store opens, once. Unreachable PostgreSQL fails the run unless GG_SKIP_PG=1.
 */
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { assertOldOrgSeededOnce } from '../contract/rollup-defaults.js';
import { PG_MIGRATIONS } from './migrations.js';
import { dropSchema, PG_TEST_URL, pgAvailableOrReport, probePg, uniqueSchema } from './pg-harness.js';
import { createPostgresStore } from './postgres-store.js';

const unreachable = await probePg();

if (pgAvailableOrReport(unreachable, 'postgres: rollup defaults for existing orgs')) {
  describe('postgres: rollup defaults for existing orgs', () => {
    const schema = uniqueSchema();
    after(async () => dropSchema(schema));

    it('an org from schema version 1 gets the defaults on open; a later open changes nothing', async () => {
      const admin = new pg.Client({ connectionString: PG_TEST_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA "${schema}"`);
        await admin.query(`SET search_path TO "${schema}"`);
        await admin.query(PG_MIGRATIONS[0]!);
        await admin.query('CREATE TABLE gridgrove_schema_version (version INTEGER NOT NULL); INSERT INTO gridgrove_schema_version VALUES (1)');
        await admin.query("INSERT INTO orgs (uid, name, timezone, created) VALUES ('old-org', 'Old', 'UTC', 1)");
      } finally {
        await admin.end();
      }

      await assertOldOrgSeededOnce(() => createPostgresStore({ url: PG_TEST_URL, schema }));
    });
  });
}

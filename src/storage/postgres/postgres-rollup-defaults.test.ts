/**
 * Orgs created before cycles existed (a schema at version 1) get the default cycles and
 * calendars when the store opens, once. Unreachable PostgreSQL fails the run unless GG_SKIP_PG=1.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles } from '../../rollup/cycle.js';
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

      const store = await createPostgresStore({ url: PG_TEST_URL, schema });
      const org = (await store.orgs.getByUid('old-org'))!;
      const cycles = await store.cycles.list(org.key);
      assert.deepEqual(cycles.map(({ uid: _u, ...c }) => c), defaultCycles());
      assert.deepEqual((await store.calendars.list(org.key)).map(({ uid: _u, ...c }) => c), defaultCalendars());
      await store.calendars.delete(org.key, 'weekly');
      await store.migrate();
      await store.close();

      const again = await createPostgresStore({ url: PG_TEST_URL, schema });
      assert.deepEqual(await again.cycles.list(org.key), cycles, 'same uids: not seeded twice');
      assert.deepEqual((await again.calendars.list(org.key)).map((c) => c.id), ['default'], 'a deleted default stays deleted');
      await again.close();
    });
  });
}

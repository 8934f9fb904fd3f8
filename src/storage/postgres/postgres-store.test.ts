/**
 * The PostgreSQL backend against the Store contract, each run in a schema of its own that is
 * dropped afterwards, plus what only a multi-process backend has to get right: concurrent
 * writers through separate pools (as separate server processes would) serialising per stream.
 * Unreachable PostgreSQL fails the run unless GG_SKIP_PG=1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { compDef, plan, readStream, streamDef, write } from '../contract/fixtures.js';
import { storeContractSuite } from '../contract-suite.js';
import { sharedDatabaseCases } from '../contract/shared-database.js';
import { StaleFeedPlan, type Store } from '../store.js';
import { createPostgresStore } from './postgres-store.js';
import { PG_TEST_URL, pgAvailableOrReport, probePg, schemaStore, uniqueSchema } from './pg-harness.js';

const unreachable = await probePg();

if (pgAvailableOrReport(unreachable, 'Store contract: postgres')) {
  storeContractSuite('postgres', () => schemaStore());

  sharedDatabaseCases('postgres', async () => {
    const a = await schemaStore();
    const b = await createPostgresStore({ url: PG_TEST_URL, schema: a.schema });
    return {
      a: a.store,
      b,
      fresh: () => createPostgresStore({ url: PG_TEST_URL, schema: a.schema }),
      cleanup: async () => {
        await b.close();
        await a.cleanup();
      },
    };
  });

  describe('postgres: concurrent processes', () => {
    let a: Awaited<ReturnType<typeof schemaStore>>;
    let b: Store; // a second pool on the same schema: another server process
    before(async () => {
      a = await schemaStore();
      b = await createPostgresStore({ url: PG_TEST_URL, schema: a.schema });
    });
    after(async () => {
      await b?.close();
      await a?.cleanup();
    });
    const stores = () => [a.store, b];

    it('parallel commits to one stream keep every sample and the newest last value', async () => {
      const org = await a.store.orgs.create({ name: 'conc', timezone: 'UTC' });
      await a.store.samples.commitFeed(plan(org.key, { newComponents: [compDef('c')], newStreams: [{ compId: 'c', def: streamDef('s') }] }));
      const writers = 24;
      const per = 40;
      await Promise.all(
        Array.from({ length: writers }, (_, k) => {
          const times = Array.from({ length: per }, (_, j) => (j * writers + k) * 1000); // interleaved: every commit touches shared chunks
          return stores()[k % 2]!.samples.commitFeed(plan(org.key, { writes: [write('c', 's', times, times.map((t) => t / 1000))] }));
        }),
      );
      const r = await readStream(a.store, org.key, 'c', 's');
      assert.equal(r.times.length, writers * per);
      assert.deepEqual(r.times, Array.from({ length: writers * per }, (_, i) => (writers * per - 1 - i) * 1000));
      const s = (await b.components.get(org.key, 'c'))!.streams[0]!;
      assert.deepEqual([s.lastTime, s.lastValue], [(writers * per - 1) * 1000, writers * per - 1]);
    });

    it('creating one component from two processes at once: one wins, the other is stale', async () => {
      const org = await a.store.orgs.create({ name: 'race', timezone: 'UTC' });
      const p = (v: number) => plan(org.key, { newComponents: [compDef('race')], newStreams: [{ compId: 'race', def: streamDef('s') }], writes: [write('race', 's', [1], [v])] });
      const results = await Promise.allSettled([a.store.samples.commitFeed(p(1)), b.samples.commitFeed(p(2))]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(lost.reason instanceof StaleFeedPlan, String(lost.reason));
      assert.equal((await readStream(a.store, org.key, 'race', 's')).times.length, 1);
    });

    it('streams added to one component at once get distinct positions', async () => {
      const org = await a.store.orgs.create({ name: 'pos', timezone: 'UTC' });
      await a.store.components.create(org.key, compDef('p'), []);
      await Promise.all(
        Array.from({ length: 12 }, (_, k) =>
          stores()[k % 2]!.samples.commitFeed(plan(org.key, { newStreams: [{ compId: 'p', def: streamDef(`s${k}`) }], writes: [write('p', `s${k}`, [1], [k])] })),
        ),
      );
      const positions = (await a.store.components.get(org.key, 'p'))!.streams.map((s) => s.position);
      assert.equal(new Set(positions).size, 12);
    });

    it('deleting a component while feeds write to it leaves no orphaned chunks', async () => {
      const org = await a.store.orgs.create({ name: 'del', timezone: 'UTC' });
      const c = await a.store.components.create(org.key, compDef('d'), [streamDef('s')]);
      const feeds = Array.from({ length: 10 }, (_, k) =>
        stores()[k % 2]!.samples.commitFeed(plan(org.key, { writes: [write('d', 's', [k * 1000, k * 1000 + 1], [k, k])] })).catch((e: unknown) => {
          if (!(e instanceof StaleFeedPlan)) throw e; // writes that come after the delete find the stream gone
        }),
      );
      const del = b.components.delete(org.key, c.uid);
      await Promise.all([...feeds, del]);
      const admin = new pg.Client({ connectionString: PG_TEST_URL });
      await admin.connect();
      try {
        const r = await admin.query(`SELECT count(*)::int AS n FROM "${a.schema}".chunks ch WHERE NOT EXISTS (SELECT 1 FROM "${a.schema}".streams s WHERE s.pk = ch.stream_pk)`);
        assert.equal(r.rows[0].n, 0);
      } finally {
        await admin.end();
      }
    });
  });

  describe('postgres: options', () => {
    it('keeps each schema apart and rejects unsafe schema names', async () => {
      const one = await schemaStore();
      const two = await schemaStore();
      try {
        await one.store.orgs.create({ name: 'only in one', timezone: 'UTC' });
        assert.deepEqual(await two.store.orgs.list(), []);
        await assert.rejects(createPostgresStore({ url: PG_TEST_URL, schema: 'bad"; DROP TABLE x; --' }), /cannot use PostgreSQL schema/);
        await assert.rejects(one.store.backup('/tmp/x'), /pg_dump/);
      } finally {
        await one.cleanup();
        await two.cleanup();
      }
    });

    it('a store in a new schema migrates itself and reopens at the same version', async () => {
      const schema = uniqueSchema();
      const first = await schemaStore(schema);
      try {
        const again = await createPostgresStore({ url: PG_TEST_URL, schema });
        await again.migrate();
        await again.close();
      } finally {
        await first.cleanup();
      }
    });
  });
}

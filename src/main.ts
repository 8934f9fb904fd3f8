/**
 * Composition root: config → store → migrate → bootstrap → ingest → HTTP; stops in reverse.
 * On SIGTERM/SIGINT it stops accepting, lets in-flight requests finish, closes the store
 * (flushing the WAL) and exits 0.
 */
import { backfillRollups } from './stats/rollup-backfill.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import type { Config } from './config/config.js';
import { Ingest } from './ingest/ingest.js';
import { systemClock, type Clock } from './lib/clock.js';
import { loadRollupDefinitions } from './storage/rollup-definitions.js';
import { RetentionJob } from './retention/retention-job.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';

export interface Server {
  app: FastifyInstance;
  store: Store;
  /** the port actually bound (PORT=0 picks a free one) */
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config, clock: Clock = systemClock): Promise<Server> {
  const store = await openStore(config, () => clock.now());
  await store.migrate();
  const boot = await bootstrap(store, config);
  const ingest = new Ingest(store, clock, { materializeRollups: config.materializeRollups });
  // Samples stored before rollups existed (or with GG_ROLLUPS=off) get their states now.
  const backfilled = config.materializeRollups ? await backfillRollups(store, (o) => ingest.vocabulary.get(o), { onlyMissing: true }) : { streams: 0 };
  const app = await buildApp({ config, store, ingest, clock, logger: { level: config.logLevel } });
  const log = app.log;
  if (boot.created.apiKey) log.info(`created the default organisation's full-rights api_key (shown once): ${boot.created.apiKey}`);
  if (boot.created.adminPassword) log.info(`created the admin user (shown once): ${boot.created.adminEmail} / ${boot.created.adminPassword}`);
  if (boot.created.clientSecret) log.info(`created the default OAuth application (shown once): client_id ${boot.created.clientId} client_secret ${boot.created.clientSecret}`);
  if (backfilled.streams > 0) log.info(`computed rollups for ${backfilled.streams} stream(s) stored without them`);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`GridGrove listening on http://${config.host}:${port} (store: ${store.kind}${store.kind === 'sqlite' ? `, data in ${config.dataDir}` : ''})`);
  const retention = new RetentionJob(store, clock, { intervalMs: config.retentionIntervalMs, vocabulary: (o) => loadRollupDefinitions(store, o), log });
  retention.start();
  let stopping: Promise<void> | undefined;
  return {
    app,
    store,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await app.close(); // stops accepting; waits for in-flight requests
        await retention.stop(); // lets a run in progress finish before the store closes
        await store.close();
      })()),
  };
}

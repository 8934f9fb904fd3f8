/**
 * The one place outside storage tests that picks a backend: PostgreSQL when DATABASE_URL is
 * set, otherwise the embedded SQLite file in the data directory.
 */
import path from 'node:path';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: { dataDir: string; databaseUrl?: string | undefined }, now?: () => number): Promise<Store> {
  if (config.databaseUrl) {
    const { createPostgresStore } = await import('./postgres/postgres-store.js');
    return createPostgresStore({ url: config.databaseUrl, ...(now ? { now } : {}) });
  }
  return createSqliteStore({ file: path.join(config.dataDir, 'gridgrove.db'), ...(now ? { now } : {}) });
}

/**
 * Picks the backend from the configuration: PostgreSQL when a database URL is given, else the
 * embedded SQLite file in the data directory. The one place outside storage/ tests that names a
 * backend; everything else sees only the Store contract.
 */
import path from 'node:path';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const SQLITE_FILE = 'gridgrove.db';

export async function openStore(config: { dataDir: string; databaseUrl?: string | undefined }, now?: () => number): Promise<Store> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(config.databaseUrl)) {
      throw new Error('cannot open the database: the database URL must start with postgres:// or postgresql://');
    }
    // Loaded on demand: an SQLite deployment never loads the pg driver.
    const { createPostgresStore } = await import('./postgres/postgres-store.js');
    return createPostgresStore({ url: config.databaseUrl, ...(now ? { now } : {}) });
  }
  return createSqliteStore({ file: path.join(config.dataDir, SQLITE_FILE), ...(now ? { now } : {}) });
}

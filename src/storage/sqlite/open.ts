/**
 * Opens the embedded database with the settings a telemetry write load wants: WAL (readers
 * never block the writer), synchronous=NORMAL (durable at checkpoints, no fsync per commit),
 * a larger page cache, and foreign keys on.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536'); // 64 MiB
  db.pragma('busy_timeout = 5000'); // the CLI may write while the server runs
  return db;
}

export function migrateSqlite(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

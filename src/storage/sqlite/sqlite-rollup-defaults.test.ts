/**
 * Orgs created before cycles existed (a database at schema version 1) get the default cycles
 * and calendars when the store opens, once.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { assertOldOrgSeededOnce } from '../contract/rollup-defaults.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';

describe('sqlite: rollup defaults for existing orgs', () => {
  let dir = '';
  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('an org from schema version 1 gets the defaults on open; a later open changes nothing', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gridgrove-defaults-'));
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.exec(SQLITE_MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO orgs (uid, name, timezone, created) VALUES ('old-org', 'Old', 'UTC', 1)").run();
    old.close();

    await assertOldOrgSeededOnce(async () => createSqliteStore({ file }));
  });
});

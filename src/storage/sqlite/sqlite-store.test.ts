/**
 * The SQLite backend against the Store contract, in memory and in a file, plus what only SQLite
 * does: an online backup that opens as a database of its own.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { storeContractSuite } from '../contract-suite.js';
import { sharedDatabaseCases } from '../contract/shared-database.js';
import { createSqliteStore } from './sqlite-store.js';

storeContractSuite('sqlite :memory:', async () => {
  const store = createSqliteStore({ file: ':memory:' });
  return { store, cleanup: () => store.close() };
});

storeContractSuite('sqlite file', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gridgrove-sqlite-'));
  const store = createSqliteStore({ file: path.join(dir, 'nested', 'gridgrove.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});

sharedDatabaseCases('sqlite file', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gridgrove-shared-'));
  const file = path.join(dir, 'gridgrove.db');
  const a = createSqliteStore({ file });
  await a.migrate();
  const b = createSqliteStore({ file });
  return {
    a,
    b,
    fresh: async () => createSqliteStore({ file }),
    cleanup: async () => {
      await b.close();
      await a.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite backup', () => {
  let dir = '';
  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('copies a consistent snapshot that opens as a store with the same data', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gridgrove-backup-'));
    const store = createSqliteStore({ file: ':memory:' });
    const org = await store.orgs.create({ name: 'Backed up', timezone: 'UTC' });
    await store.components.create(org.key, { id: 'c', name: 'c', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, []);
    const file = path.join(dir, 'copy.db');
    await store.backup(file);
    await store.close();
    const copy = createSqliteStore({ file });
    try {
      assert.deepEqual(await copy.orgs.first(), org);
      assert.equal((await copy.components.get(org.key, 'c'))?.id, 'c');
    } finally {
      await copy.close();
    }
  });
});

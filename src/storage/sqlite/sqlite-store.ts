/**
 * The embedded backend: one better-sqlite3 connection in WAL mode. better-sqlite3 is
 * synchronous, which is what makes a feed commit atomic without locks: nothing else in this
 * process runs while a transaction does. Async signatures keep the contract shared with PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { badRequest, conflict } from '../../domain/errors.js';
import type { ComponentDef, StreamDef } from '../../domain/model.js';
import {
  apiKeyFromRow,
  appFromRow,
  componentFromRow,
  definedOnly,
  folderLevels,
  orgFromRow,
  rollupToSql,
  streamFromRow,
  templateFromRow,
  unitFromRow,
  userFromRow,
  type Row,
} from '../rows.js';
import { mayGroup, type Store } from '../store.js';
import { GroupCommit } from '../group-commit.js';
import { migrateSqlite, openSqlite, type Db } from './open.js';
import { sqliteCalendars } from './sqlite-calendars.js';
import { sqliteCycles } from './sqlite-cycles.js';
import { sqliteDeleteBefore } from './sqlite-delete-before.js';
import { sqliteDeleteProfiles } from './sqlite-delete-profiles.js';
import { sqliteRollupDefaults } from './sqlite-rollup-defaults.js';
import { sqliteRollups } from './sqlite-rollups.js';
import { sqliteSamples } from './sqlite-samples.js';
import { sqliteAssets } from './sqlite-assets.js';
import { sqliteGateways, sqliteSiteRoles, sqliteSites } from './sqlite-sites.js';
import { sqliteTokens } from './sqlite-tokens.js';

export interface SqliteStoreOptions {
  /** database file, or ':memory:' */
  file: string;
  now?: () => number;
}

export function createSqliteStore(opts: SqliteStoreOptions): Store {
  const now = opts.now ?? Date.now;
  const db: Db = openSqlite(opts.file);
  migrateSqlite(db); // statements below need the schema; migrate() stays for the contract and CLI
  const rollupDefaults = sqliteRollupDefaults(db);
  rollupDefaults.ensureAll(); // orgs from before cycles existed get the defaults too
  // Every statement is prepared once and reused: SQL text is the cache key.
  const prepared = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let st = prepared.get(sql);
    if (!st) prepared.set(sql, (st = db.prepare(sql)));
    return st;
  };
  const one = (sql: string, ...args: unknown[]) => stmt(sql).get(...args) as Row | undefined;
  const all = (sql: string, ...args: unknown[]) => stmt(sql).all(...args) as Row[];
  const run = (sql: string, ...args: unknown[]) => stmt(sql).run(...args);

  const streamsOf = (componentPk: number) => all('SELECT * FROM streams WHERE component_pk = ? ORDER BY position', componentPk).map(streamFromRow);
  const componentOf = (r: Row | undefined) => (r ? componentFromRow(r, streamsOf(Number(r.pk))) : undefined);

  /** Creates every missing level of the path (in the caller's transaction); the deepest one. */
  function ensureFolder(orgKey: number, path: string) {
    const levels = folderLevels([path]);
    for (const p of levels) run('INSERT INTO folders (uid, org_pk, path) VALUES (?, ?, ?) ON CONFLICT (org_pk, path) DO NOTHING', randomUUID(), orgKey, p);
    const p = levels.at(-1);
    if (p === undefined) return { uid: '', path: '' };
    return { uid: String(one('SELECT uid FROM folders WHERE org_pk = ? AND path = ?', orgKey, p)!.uid), path: p };
  }

  function upsertStreams(componentPk: number, streams: StreamDef[], replace: boolean) {
    const existing = new Map(streamsOf(componentPk).map((s) => [s.id, s]));
    let pos = existing.size === 0 ? 0 : Math.max(...[...existing.values()].map((s) => s.position)) + 1;
    for (const d of streams) {
      const e = existing.get(d.id);
      if (e) {
        run(
          'UPDATE streams SET name = ?, description = ?, value_type = ?, stream_type = ?, unit_id = ?, auto_typed = ?, rollup = ? WHERE pk = ?',
          d.name, d.description, d.valueType, d.streamType, d.unitId, d.autoTyped ? 1 : 0, rollupToSql(d), e.key,
        );
        existing.delete(d.id);
      } else {
        run(
          `INSERT INTO streams (uid, component_pk, id, name, description, position, value_type, stream_type, unit_id, auto_typed, rollup, created)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          randomUUID(), componentPk, d.id, d.name, d.description, pos++, d.valueType, d.streamType, d.unitId, d.autoTyped ? 1 : 0, rollupToSql(d), now(),
        );
      }
    }
    if (replace) {
      const gone = [...existing.values()].map((g) => g.key);
      dropStreamData(gone);
      for (const pk of gone) run('DELETE FROM streams WHERE pk = ?', pk);
    }
  }

  const rollups = sqliteRollups(db);
  /** Deletes streams' samples and rollup states: no foreign keys reach these tables, so every per-stream table is listed here. */
  function dropStreamData(pks: readonly number[]): void {
    for (const pk of pks) run('DELETE FROM chunks WHERE stream_pk = ?', pk);
    rollups.backend.write([...pks], [], []);
    for (const pk of pks) rollups.cache.delete(pk);
  }
  const samples = sqliteSamples(db, now, (orgKey, path) => void ensureFolder(orgKey, path), rollups);
  const feeds = new GroupCommit(samples.commit, mayGroup);

  const store: Store = {
    kind: 'sqlite',
    async migrate() {
      migrateSqlite(db);
      rollupDefaults.ensureAll();
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) {
        feeds.drain(); // plans queued in the last turn
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
    async backup(file) {
      await db.backup(file);
    },

    orgs: {
      async create(o) {
        const uid = randomUUID();
        return db.transaction(() => {
          run('INSERT INTO orgs (uid, name, timezone, created) VALUES (?, ?, ?, ?)', uid, o.name, o.timezone, now());
          const org = orgFromRow(one('SELECT * FROM orgs WHERE uid = ?', uid)!);
          rollupDefaults.seed(org.key);
          return org;
        }).immediate();
      },
      async get(orgKey) {
        const r = one('SELECT * FROM orgs WHERE pk = ?', orgKey);
        return r && orgFromRow(r);
      },
      async getByUid(uid) {
        const r = one('SELECT * FROM orgs WHERE uid = ?', uid);
        return r && orgFromRow(r);
      },
      async first() {
        const r = one('SELECT * FROM orgs ORDER BY pk LIMIT 1');
        return r && orgFromRow(r);
      },
      async list() {
        return all('SELECT * FROM orgs ORDER BY pk').map(orgFromRow);
      },
    },

    apiKeys: {
      async create(orgKey, k) {
        const uid = randomUUID();
        run(
          'INSERT INTO api_keys (uid, org_pk, name, secret_hash, rights, ip_ranges, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
          uid, orgKey, k.name, k.secretHash, JSON.stringify(k.rights), JSON.stringify(k.ipRanges), now(),
        );
        return apiKeyFromRow(one('SELECT * FROM api_keys WHERE uid = ?', uid)!);
      },
      async findBySecretHash(hash) {
        const r = one('SELECT * FROM api_keys WHERE secret_hash = ?', hash);
        return r && { ...apiKeyFromRow(r), secretHash: String(r.secret_hash) };
      },
      async list(orgKey) {
        return all('SELECT * FROM api_keys WHERE org_pk = ? ORDER BY pk', orgKey).map(apiKeyFromRow);
      },
      async delete(orgKey, uid) {
        return run('DELETE FROM api_keys WHERE org_pk = ? AND uid = ?', orgKey, uid).changes > 0;
      },
    },

    users: {
      async create(orgKey, u) {
        const uid = randomUUID();
        run('INSERT INTO users (uid, org_pk, email, password_hash, role, created) VALUES (?, ?, ?, ?, ?, ?)', uid, orgKey, u.email, u.passwordHash, u.role, now());
        return userFromRow(one('SELECT * FROM users WHERE uid = ?', uid)!);
      },
      async findByEmail(email) {
        const r = one('SELECT * FROM users WHERE email = ?', email);
        return r && { ...userFromRow(r), passwordHash: String(r.password_hash) };
      },
      async setPassword(userKey, hash) {
        run('UPDATE users SET password_hash = ? WHERE pk = ?', hash, userKey);
      },
      async list(orgKey) {
        return all('SELECT * FROM users WHERE org_pk = ? ORDER BY pk', orgKey).map(userFromRow);
      },
      async setRole(orgKey, userKey, role) {
        return run('UPDATE users SET role = ? WHERE pk = ? AND org_pk = ?', role, userKey, orgKey).changes > 0;
      },
    },

    apps: {
      async create(orgKey, a) {
        const uid = randomUUID();
        const owner = a.ownerUserKey ?? null;
        // INSERT … SELECT: no row unless the owner (when given) is a user of the same organisation.
        const r = run(
          `INSERT INTO apps (uid, org_pk, name, client_id, secret_hash, scopes, grant_types, owner_user_pk, created)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ? IS NULL OR EXISTS (SELECT 1 FROM users WHERE pk = ? AND org_pk = ?)`,
          uid, orgKey, a.name, a.clientId, a.secretHash, JSON.stringify(a.scopes), JSON.stringify(a.grantTypes), owner, now(), owner, owner, orgKey,
        );
        if (r.changes === 0) throw badRequest(`cannot create application '${a.name}': its owner is not a user of the organisation`);
        return appFromRow(one('SELECT * FROM apps WHERE uid = ?', uid)!);
      },
      async findByClientId(clientId) {
        const r = one('SELECT * FROM apps WHERE client_id = ?', clientId);
        return r && { ...appFromRow(r), secretHash: String(r.secret_hash) };
      },
      async setSecret(appKey, hash) {
        db.transaction(() => {
          run('UPDATE apps SET secret_hash = ?, secret_generation = secret_generation + 1 WHERE pk = ?', hash, appKey);
          run('UPDATE tokens SET revoked = ? WHERE app_pk = ? AND revoked IS NULL', now(), appKey);
        }).immediate();
      },
      async list(orgKey) {
        return all('SELECT * FROM apps WHERE org_pk = ? ORDER BY pk', orgKey).map(appFromRow);
      },
    },

    tokens: sqliteTokens(db),
    sites: sqliteSites(db, now),
    gateways: sqliteGateways(db, now),
    siteRoles: sqliteSiteRoles(db),
    assets: sqliteAssets(db),

    units: {
      async list(orgKey) {
        return all('SELECT * FROM units WHERE org_pk = ? ORDER BY id', orgKey).map(unitFromRow);
      },
      async get(orgKey, idOrUid) {
        const r = one('SELECT * FROM units WHERE org_pk = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1', orgKey, idOrUid, idOrUid, idOrUid);
        return r && unitFromRow(r);
      },
      async put(orgKey, u) {
        run(
          `INSERT INTO units (uid, org_pk, id, name, symbol, number_format, symbol_location, boolean_style) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, symbol = excluded.symbol, number_format = excluded.number_format,
             symbol_location = excluded.symbol_location, boolean_style = excluded.boolean_style`,
          u.uid ?? randomUUID(), orgKey, u.id, u.name, u.symbol, u.numberFormat, u.symbolLocation, u.booleanStyle,
        );
        return unitFromRow(one('SELECT * FROM units WHERE org_pk = ? AND id = ?', orgKey, u.id)!);
      },
      async delete(orgKey, idOrUid) {
        return run('DELETE FROM units WHERE org_pk = ? AND (id = ? OR uid = ?)', orgKey, idOrUid, idOrUid).changes > 0;
      },
    },

    folders: {
      async list(orgKey) {
        return all('SELECT uid, path FROM folders WHERE org_pk = ? ORDER BY path', orgKey).map((r) => ({ uid: String(r.uid), path: String(r.path) }));
      },
      async ensure(orgKey, path) {
        return db.transaction(() => ensureFolder(orgKey, path))();
      },
    },

    templates: {
      async list(orgKey) {
        return all('SELECT * FROM templates WHERE org_pk = ? ORDER BY id', orgKey).map(templateFromRow);
      },
      async get(orgKey, idOrUid) {
        const r = one('SELECT * FROM templates WHERE org_pk = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1', orgKey, idOrUid, idOrUid, idOrUid);
        return r && templateFromRow(r);
      },
      async put(orgKey, t) {
        run(
          `INSERT INTO templates (uid, org_pk, id, name, description, streams) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, description = excluded.description, streams = excluded.streams`,
          t.uid ?? randomUUID(), orgKey, t.id, t.name, t.description, JSON.stringify(t.streams),
        );
        return templateFromRow(one('SELECT * FROM templates WHERE org_pk = ? AND id = ?', orgKey, t.id)!);
      },
      async delete(orgKey, idOrUid) {
        return run('DELETE FROM templates WHERE org_pk = ? AND (id = ? OR uid = ?)', orgKey, idOrUid, idOrUid).changes > 0;
      },
    },

    components: {
      async list(orgKey, page) {
        const total = Number(one('SELECT count(*) AS n FROM components WHERE org_pk = ?', orgKey)!.n);
        const rows = all('SELECT * FROM components WHERE org_pk = ? ORDER BY pk LIMIT ? OFFSET ?', orgKey, page.limit, page.start);
        return { total, items: rows.map((r) => componentOf(r)!) };
      },
      async get(orgKey, compId) {
        return componentOf(one('SELECT * FROM components WHERE org_pk = ? AND id = ?', orgKey, compId));
      },
      async getByUid(orgKey, uid) {
        return componentOf(one('SELECT * FROM components WHERE org_pk = ? AND uid = ?', orgKey, uid));
      },
      async create(orgKey, c: ComponentDef, streams) {
        return db.transaction(() => {
          if (c.folderPath) ensureFolder(orgKey, c.folderPath);
          const uid = randomUUID();
          const r = run(
            `INSERT INTO components (uid, org_pk, id, name, description, timezone, folder_path, template_id, created)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_pk, id) DO NOTHING`,
            uid, orgKey, c.id, c.name, c.description, c.timezone, c.folderPath, c.templateId, now(),
          );
          if (r.changes === 0) throw conflict(`cannot create component '${c.id}': a component with that id exists`);
          const row = one('SELECT * FROM components WHERE uid = ?', uid)!;
          upsertStreams(Number(row.pk), streams, false);
          return componentOf(row)!;
        }).immediate();
      },
      async update(orgKey, uid, c, streams, replaceStreams = false) {
        return db.transaction(() => {
          const row = one('SELECT * FROM components WHERE org_pk = ? AND uid = ?', orgKey, uid);
          if (!row) return undefined;
          const next = { ...componentFromRow(row, []), ...definedOnly(c) };
          if (next.id !== row.id && one('SELECT 1 FROM components WHERE org_pk = ? AND id = ?', orgKey, next.id)) {
            throw conflict(`cannot rename component to '${next.id}': a component with that id exists`);
          }
          if (next.folderPath) ensureFolder(orgKey, next.folderPath);
          run(
            'UPDATE components SET id = ?, name = ?, description = ?, timezone = ?, folder_path = ?, template_id = ? WHERE pk = ?',
            next.id, next.name, next.description, next.timezone, next.folderPath, next.templateId, row.pk,
          );
          if (streams) upsertStreams(Number(row.pk), streams, replaceStreams);
          return componentOf(one('SELECT * FROM components WHERE pk = ?', row.pk));
        }).immediate();
      },
      async delete(orgKey, uid) {
        return db.transaction(() => {
          const row = one('SELECT pk FROM components WHERE org_pk = ? AND uid = ?', orgKey, uid);
          if (!row) return false;
          dropStreamData(all('SELECT pk FROM streams WHERE component_pk = ?', row.pk).map((r) => Number(r.pk)));
          run('DELETE FROM components WHERE pk = ?', row.pk);
          return true;
        }).immediate();
      },
    },

    cycles: sqliteCycles(db),
    calendars: sqliteCalendars(db),
    deleteProfiles: sqliteDeleteProfiles(db),
    rollups: rollups.store,

    samples: {
      commitFeed: (plan) => feeds.submit(plan),
      async read(stream, q) {
        return samples.read(stream, q);
      },
      deleteBefore: sqliteDeleteBefore(db),
      async streams(componentPk) {
        return streamsOf(componentPk);
      },
    },
  };
  return store;
}

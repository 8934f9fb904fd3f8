/**
 * The PostgreSQL backend: for deployments with several server processes or an existing
 * PostgreSQL to keep data in. Same tables and row mapping as SQLite (storage/rows.ts), one pg
 * Pool, parameterised statements only. Writes that must see a consistent picture run in one
 * transaction and lock rows in the order postgres-samples.ts documents (components, then streams
 * by pk) so that concurrent processes serialise instead of deadlocking.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, conflict } from '../../domain/errors.js';
import type { StreamDef } from '../../domain/model.js';
import {
  apiKeyFromRow,
  appFromRow,
  componentFromRow,
  definedOnly,
  folderLevels,
  groupBy,
  orgFromRow,
  rollupToSql,
  streamFromRow,
  templateFromRow,
  unitFromRow,
  userFromRow,
  type Row,
} from '../rows.js';
import type { Store } from '../store.js';
import { migratePg, openPg, pgErrorCode, queries, withTx, type Q } from './open.js';
import { pgCalendars } from './postgres-calendars.js';
import { pgCycles } from './postgres-cycles.js';
import { pgDeleteBefore } from './postgres-delete-before.js';
import { pgDeleteProfiles } from './postgres-delete-profiles.js';
import { ensureRollupDefaults, seedRollupDefaults } from './postgres-rollup-defaults.js';
import { pgRollupBackend, pgRollups } from './postgres-rollups.js';
import { ensureFolders, pgSamples } from './postgres-samples.js';
import { pgTokens } from './postgres-tokens.js';
import { pgAssets } from './postgres-assets.js';
import { pgGateways, pgSiteRoles, pgSites } from './postgres-sites.js';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  url: string;
  /** keep every table in this schema (created when missing) instead of the URL's default search_path */
  schema?: string;
  now?: () => number;
}

/**
 * Deletes streams' samples and rollup states: no foreign keys reach these tables, so every
 * per-stream table is listed here. (A process's cached rollup states of them go stale by their
 * head version and are dropped as unused.)
 */
async function dropStreamData(q: Q, pks: number[]): Promise<void> {
  await q.run('DELETE FROM chunks WHERE stream_pk = ANY($1::bigint[])', pks);
  await pgRollupBackend(q).write(pks, [], []);
}

export async function createPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const now = opts.now ?? Date.now;
  const pool = await openPg(opts.url, opts.schema);
  try {
    await migratePg(pool); // as SQLite: a store is usable once created
    await ensureRollupDefaults(pool); // orgs from before cycles existed get the defaults too
  } catch (e) {
    await pool.end();
    throw e;
  }
  const db = queries(pool);
  const rollups = pgRollups(pool);
  const samples = pgSamples(pool, now, rollups.cache);
  let closed = false;

  const streamsOf = async (q: Q, componentPk: number) =>
    (await q.all('SELECT * FROM streams WHERE component_pk = $1 ORDER BY position', componentPk)).map(streamFromRow);
  const componentOf = async (q: Q, r: Row | undefined) => (r ? componentFromRow(r, await streamsOf(q, Number(r.pk))) : undefined);

  async function ensureFolder(q: Q, orgKey: number, path: string) {
    await ensureFolders(q, orgKey, [path]);
    const p = folderLevels([path]).at(-1);
    if (p === undefined) return { uid: '', path: '' };
    const row = await q.one('SELECT uid, path FROM folders WHERE org_pk = $1 AND path = $2', orgKey, p);
    return { uid: String(row?.uid ?? ''), path: p };
  }

  /** Inside a transaction; locks the component's streams (pk order) before changing or deleting any. */
  async function upsertStreams(q: Q, componentPk: number, streams: StreamDef[], replace: boolean) {
    const rows = await q.all('SELECT * FROM streams WHERE component_pk = $1 ORDER BY pk FOR UPDATE', componentPk);
    const existing = new Map(rows.map(streamFromRow).map((s) => [s.id, s]));
    let pos = existing.size === 0 ? 0 : Math.max(...[...existing.values()].map((s) => s.position)) + 1;
    for (const d of streams) {
      const e = existing.get(d.id);
      if (e) {
        await q.run(
          'UPDATE streams SET name = $1, description = $2, value_type = $3, stream_type = $4, unit_id = $5, auto_typed = $6, rollup = $7 WHERE pk = $8',
          d.name, d.description, d.valueType, d.streamType, d.unitId, d.autoTyped, rollupToSql(d), e.key,
        );
        existing.delete(d.id);
      } else {
        await q.run(
          `INSERT INTO streams (uid, component_pk, id, name, description, position, value_type, stream_type, unit_id, auto_typed, rollup, created)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          randomUUID(), componentPk, d.id, d.name, d.description, pos++, d.valueType, d.streamType, d.unitId, d.autoTyped, rollupToSql(d), now(),
        );
      }
    }
    if (replace && existing.size > 0) {
      const gone = [...existing.values()].map((s) => s.key);
      await dropStreamData(q, gone);
      await q.run('DELETE FROM streams WHERE pk = ANY($1::bigint[])', gone);
    }
  }

  const store: Store = {
    kind: 'postgres',
    async migrate() {
      await migratePg(pool);
      await ensureRollupDefaults(pool);
    },
    async ping() {
      await db.one('SELECT 1');
    },
    async close() {
      if (!closed) {
        closed = true;
        await pool.end();
      }
    },
    async backup() {
      throw new Error('cannot back up from the server: online backup is SQLite-only; use pg_dump for PostgreSQL');
    },

    orgs: {
      async create(o) {
        return withTx(pool, async (q) => {
          const org = orgFromRow((await q.one('INSERT INTO orgs (uid, name, timezone, created) VALUES ($1, $2, $3, $4) RETURNING *', randomUUID(), o.name, o.timezone, now()))!);
          await seedRollupDefaults(q, org.key);
          return org;
        });
      },
      async get(orgKey) {
        const r = await db.one('SELECT * FROM orgs WHERE pk = $1', orgKey);
        return r && orgFromRow(r);
      },
      async getByUid(uid) {
        const r = await db.one('SELECT * FROM orgs WHERE uid = $1', uid);
        return r && orgFromRow(r);
      },
      async first() {
        const r = await db.one('SELECT * FROM orgs ORDER BY pk LIMIT 1');
        return r && orgFromRow(r);
      },
      async list() {
        return (await db.all('SELECT * FROM orgs ORDER BY pk')).map(orgFromRow);
      },
    },

    apiKeys: {
      async create(orgKey, k) {
        const r = await db.one(
          'INSERT INTO api_keys (uid, org_pk, name, secret_hash, rights, ip_ranges, created) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
          randomUUID(), orgKey, k.name, k.secretHash, JSON.stringify(k.rights), JSON.stringify(k.ipRanges), now(),
        );
        return apiKeyFromRow(r!);
      },
      async findBySecretHash(hash) {
        const r = await db.one('SELECT * FROM api_keys WHERE secret_hash = $1', hash);
        return r && { ...apiKeyFromRow(r), secretHash: String(r.secret_hash) };
      },
      async list(orgKey) {
        return (await db.all('SELECT * FROM api_keys WHERE org_pk = $1 ORDER BY pk', orgKey)).map(apiKeyFromRow);
      },
      async delete(orgKey, uid) {
        return (await db.run('DELETE FROM api_keys WHERE org_pk = $1 AND uid = $2', orgKey, uid)) > 0;
      },
    },

    users: {
      async create(orgKey, u) {
        const r = await db.one(
          'INSERT INTO users (uid, org_pk, email, password_hash, role, created) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          randomUUID(), orgKey, u.email, u.passwordHash, u.role, now(),
        );
        return userFromRow(r!);
      },
      async findByEmail(email) {
        const r = await db.one('SELECT * FROM users WHERE lower(email) = lower($1)', email);
        return r && { ...userFromRow(r), passwordHash: String(r.password_hash) };
      },
      async setPassword(userKey, hash) {
        await db.run('UPDATE users SET password_hash = $1 WHERE pk = $2', hash, userKey);
      },
      async list(orgKey) {
        return (await db.all('SELECT * FROM users WHERE org_pk = $1 ORDER BY pk', orgKey)).map(userFromRow);
      },
      async setRole(orgKey, userKey, role) {
        return (await db.run('UPDATE users SET role = $1 WHERE pk = $2 AND org_pk = $3', role, userKey, orgKey)) > 0;
      },
    },

    apps: {
      async create(orgKey, a) {
        // INSERT … SELECT: no row unless the owner (when given) is a user of the same organisation.
        const r = await db.one(
          `INSERT INTO apps (uid, org_pk, name, client_id, secret_hash, scopes, grant_types, owner_user_pk, created)
           SELECT $1, $2::bigint, $3, $4, $5, $6, $7, $8::bigint, $9
           WHERE $8::bigint IS NULL OR EXISTS (SELECT 1 FROM users WHERE pk = $8::bigint AND org_pk = $2::bigint)
           RETURNING *`,
          randomUUID(), orgKey, a.name, a.clientId, a.secretHash, JSON.stringify(a.scopes), JSON.stringify(a.grantTypes), a.ownerUserKey ?? null, now(),
        );
        if (!r) throw badRequest(`cannot create application '${a.name}': its owner is not a user of the organisation`);
        return appFromRow(r);
      },
      async findByClientId(clientId) {
        const r = await db.one('SELECT * FROM apps WHERE client_id = $1', clientId);
        return r && { ...appFromRow(r), secretHash: String(r.secret_hash) };
      },
      async setSecret(appKey, hash) {
        await withTx(pool, async (q) => {
          await q.run('UPDATE apps SET secret_hash = $1, secret_generation = secret_generation + 1 WHERE pk = $2', hash, appKey);
          await q.run('UPDATE tokens SET revoked = $1 WHERE app_pk = $2 AND revoked IS NULL', now(), appKey);
        });
      },
      async list(orgKey) {
        return (await db.all('SELECT * FROM apps WHERE org_pk = $1 ORDER BY pk', orgKey)).map(appFromRow);
      },
    },

    tokens: pgTokens(db),
    sites: pgSites(pool, now),
    gateways: pgGateways(pool, now),
    siteRoles: pgSiteRoles(pool),
    assets: pgAssets(pool),

    units: {
      async list(orgKey) {
        return (await db.all('SELECT * FROM units WHERE org_pk = $1 ORDER BY id', orgKey)).map(unitFromRow);
      },
      async get(orgKey, idOrUid) {
        const r = await db.one('SELECT * FROM units WHERE org_pk = $1 AND (id = $2 OR uid = $2) ORDER BY id = $2 DESC LIMIT 1', orgKey, idOrUid);
        return r && unitFromRow(r);
      },
      async put(orgKey, u) {
        const r = await db.one(
          `INSERT INTO units (uid, org_pk, id, name, symbol, number_format, symbol_location, boolean_style) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, symbol = excluded.symbol, number_format = excluded.number_format,
             symbol_location = excluded.symbol_location, boolean_style = excluded.boolean_style
           RETURNING *`,
          u.uid ?? randomUUID(), orgKey, u.id, u.name, u.symbol, u.numberFormat, u.symbolLocation, u.booleanStyle,
        );
        return unitFromRow(r!);
      },
      async delete(orgKey, idOrUid) {
        return (await db.run('DELETE FROM units WHERE org_pk = $1 AND (id = $2 OR uid = $2)', orgKey, idOrUid)) > 0;
      },
    },

    folders: {
      async list(orgKey) {
        return (await db.all('SELECT uid, path FROM folders WHERE org_pk = $1 ORDER BY path', orgKey)).map((r) => ({ uid: String(r.uid), path: String(r.path) }));
      },
      async ensure(orgKey, path) {
        return ensureFolder(db, orgKey, path); // one INSERT creates every level atomically
      },
    },

    templates: {
      async list(orgKey) {
        return (await db.all('SELECT * FROM templates WHERE org_pk = $1 ORDER BY id', orgKey)).map(templateFromRow);
      },
      async get(orgKey, idOrUid) {
        const r = await db.one('SELECT * FROM templates WHERE org_pk = $1 AND (id = $2 OR uid = $2) ORDER BY id = $2 DESC LIMIT 1', orgKey, idOrUid);
        return r && templateFromRow(r);
      },
      async put(orgKey, t) {
        const r = await db.one(
          `INSERT INTO templates (uid, org_pk, id, name, description, streams) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, description = excluded.description, streams = excluded.streams
           RETURNING *`,
          t.uid ?? randomUUID(), orgKey, t.id, t.name, t.description, JSON.stringify(t.streams),
        );
        return templateFromRow(r!);
      },
      async delete(orgKey, idOrUid) {
        return (await db.run('DELETE FROM templates WHERE org_pk = $1 AND (id = $2 OR uid = $2)', orgKey, idOrUid)) > 0;
      },
    },

    components: {
      async list(orgKey, page) {
        const total = Number((await db.one('SELECT count(*) AS n FROM components WHERE org_pk = $1', orgKey))!.n);
        const rows = await db.all('SELECT * FROM components WHERE org_pk = $1 ORDER BY pk LIMIT $2 OFFSET $3', orgKey, Math.max(0, page.limit), Math.max(0, page.start));
        // One query for the streams of the whole page instead of one per component.
        const streams = await db.all(
          `SELECT s.* FROM streams s JOIN components c ON c.pk = s.component_pk
           WHERE c.org_pk = $1 AND s.component_pk = ANY($2::bigint[]) ORDER BY s.position`,
          orgKey, rows.map((r) => Number(r.pk)),
        );
        const byComp = groupBy(streams, 'component_pk', streamFromRow);
        return { total, items: rows.map((r) => componentFromRow(r, byComp.get(Number(r.pk)) ?? [])) };
      },
      async get(orgKey, compId) {
        return componentOf(db, await db.one('SELECT * FROM components WHERE org_pk = $1 AND id = $2', orgKey, compId));
      },
      async getByUid(orgKey, uid) {
        return componentOf(db, await db.one('SELECT * FROM components WHERE org_pk = $1 AND uid = $2', orgKey, uid));
      },
      async create(orgKey, c, streams) {
        return withTx(pool, async (q) => {
          if (c.folderPath) await ensureFolder(q, orgKey, c.folderPath);
          const row = await q.one(
            `INSERT INTO components (uid, org_pk, id, name, description, timezone, folder_path, template_id, created)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_pk, id) DO NOTHING RETURNING *`,
            randomUUID(), orgKey, c.id, c.name, c.description, c.timezone, c.folderPath, c.templateId, now(),
          );
          if (!row) throw conflict(`cannot create component '${c.id}': a component with that id exists`);
          await upsertStreams(q, Number(row.pk), streams, false);
          return (await componentOf(q, row))!;
        });
      },
      async update(orgKey, uid, c, streams, replaceStreams = false) {
        try {
          return await withTx(pool, async (q) => {
            const row = await q.one('SELECT * FROM components WHERE org_pk = $1 AND uid = $2 FOR UPDATE', orgKey, uid);
            if (!row) return undefined;
            const next = { ...componentFromRow(row, []), ...definedOnly(c) };
            if (next.id !== row.id && (await q.one('SELECT 1 FROM components WHERE org_pk = $1 AND id = $2', orgKey, next.id))) {
              throw conflict(`cannot rename component to '${next.id}': a component with that id exists`);
            }
            if (next.folderPath) await ensureFolder(q, orgKey, next.folderPath);
            const updated = await q.one(
              `UPDATE components SET id = $1, name = $2, description = $3, timezone = $4, folder_path = $5, template_id = $6
               WHERE pk = $7 RETURNING *`,
              next.id, next.name, next.description, next.timezone, next.folderPath, next.templateId, row.pk,
            );
            if (streams) await upsertStreams(q, Number(row.pk), streams, replaceStreams);
            return componentOf(q, updated);
          });
        } catch (e) {
          // A concurrent rename to the same id got there between the check and the UPDATE.
          if (pgErrorCode(e) === '23505') throw conflict(`cannot rename component to '${c.id}': a component with that id exists`);
          throw e;
        }
      },
      async delete(orgKey, uid) {
        return withTx(pool, async (q) => {
          const row = await q.one('SELECT pk FROM components WHERE org_pk = $1 AND uid = $2 FOR UPDATE', orgKey, uid);
          if (!row) return false;
          // Waits for feeds holding these streams, so none can add chunks after the delete below.
          const streams = await q.all('SELECT pk FROM streams WHERE component_pk = $1 ORDER BY pk FOR UPDATE', row.pk);
          await dropStreamData(q, streams.map((s) => Number(s.pk)));
          await q.run('DELETE FROM components WHERE pk = $1', row.pk); // streams go by ON DELETE CASCADE
          return true;
        });
      },
    },

    cycles: pgCycles(pool),
    calendars: pgCalendars(pool),
    deleteProfiles: pgDeleteProfiles(pool),
    rollups: rollups.store,

    samples: {
      commitFeed: (plan) => samples.commit(plan),
      read: (stream, q) => samples.read(stream, q),
      deleteBefore: pgDeleteBefore(pool),
      async streams(componentPk) {
        return streamsOf(db, componentPk);
      },
    },
  };
  return store;
}

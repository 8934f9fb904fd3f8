/**
 * Connection handling of the PostgreSQL backend: one pg Pool per store, an optional schema of
 * its own (search_path, so tests and co-hosted instances can share a database), BIGINT parsed
 * as a JS number, a thin query helper, transactions, and the migration runner.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Row } from '../rows.js';
import { PG_MIGRATIONS } from './migrations.js';

export interface Queryable {
  query(q: { text: string; values?: unknown[]; name?: string }): Promise<pg.QueryResult>;
}

/** The query surface the store code uses, bound to the pool or to one transaction's client. */
export interface Q {
  all(sql: string, ...args: unknown[]): Promise<Row[]>;
  one(sql: string, ...args: unknown[]): Promise<Row | undefined>;
  /** rows affected */
  run(sql: string, ...args: unknown[]): Promise<number>;
}

const INT8_OID = 20;

// Every BIGINT here (epoch ms, row keys, counts) stays below 2^53, so a JS number is exact;
// pg's default would hand out strings. Set per pool, never on pg's process-wide registry.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** A schema name goes into DDL and a connection option, where no parameter can be bound: allow plain identifiers only. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`cannot use PostgreSQL schema '${schema}': use lower-case letters, digits and _ (at most 63)`);
  }
  return schema;
}

/** `-c search_path=` must reach the server on connect; a URL's own `options` would override a config field, so it is merged into the URL. */
function urlWithSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  const own = u.searchParams.get('options');
  u.searchParams.set('options', [own, `-c search_path=${schema}`].filter(Boolean).join(' '));
  return u.toString();
}

export async function openPg(url: string, schema?: string): Promise<pg.Pool> {
  if (schema !== undefined) {
    checkSchemaName(schema);
    // Created over a plain connection first: the pool's connections already point their search_path at it.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (e) {
      // Two processes creating the same schema at once race inside IF NOT EXISTS.
      if ((e as { code?: string }).code !== '23505' && (e as { code?: string }).code !== '42P06') throw e;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({ connectionString: schema === undefined ? url : urlWithSearchPath(url, schema), types, max: 10 });
  // An idle client that loses its connection emits here; without a listener that would crash the process.
  pool.on('error', () => {});
  return pool;
}

// Statement names derived from the SQL text let pg prepare each statement once per connection.
const names = new Map<string, string>();
function nameOf(sql: string): string {
  let n = names.get(sql);
  if (!n) names.set(sql, (n = `gg_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`));
  return n;
}

export function queries(c: Queryable): Q {
  const exec = (sql: string, args: unknown[]) => c.query({ name: nameOf(sql), text: sql, values: args });
  return {
    all: async (sql, ...args) => (await exec(sql, args)).rows as Row[],
    one: async (sql, ...args) => (await exec(sql, args)).rows[0] as Row | undefined,
    run: async (sql, ...args) => (await exec(sql, args)).rowCount ?? 0,
  };
}

/** Runs `fn` in one transaction on one pooled connection; rolls back on any error. */
export async function withClientTx<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    // A failed ROLLBACK means the connection is unusable: release(err) destroys it instead of pooling it.
    await client.query('ROLLBACK').catch((re: Error) => (broken = re));
    throw e;
  } finally {
    client.release(broken);
  }
}

export const withTx = <T>(pool: pg.Pool, fn: (q: Q) => Promise<T>): Promise<T> => withClientTx(pool, (c) => fn(queries(c)));

/** Applies the missing PG_MIGRATIONS steps, one transaction each (PostgreSQL DDL is transactional). */
export async function migratePg(pool: pg.Pool): Promise<void> {
  for (;;) {
    const finished = await withClientTx(pool, async (c) => {
      // Serialises processes starting at once against the same schema (the lock key is per schema).
      await c.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()))');
      await c.query('CREATE TABLE IF NOT EXISTS gridgrove_schema_version (version INTEGER NOT NULL)');
      const row = (await c.query('SELECT version FROM gridgrove_schema_version')).rows[0] as Row | undefined;
      const v = row ? Number(row.version) : 0;
      if (v >= PG_MIGRATIONS.length) return true;
      // Multi-statement DDL goes through the simple protocol: no parameters, no statement name.
      await c.query(PG_MIGRATIONS[v]!);
      if (row) await c.query('UPDATE gridgrove_schema_version SET version = $1', [v + 1]);
      else await c.query('INSERT INTO gridgrove_schema_version (version) VALUES ($1)', [v + 1]);
      return false;
    });
    if (finished) return;
  }
}

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
const parseInt8 = (v: string) => Number(v);
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text'),
} as pg.CustomTypesConfig;

/** The SQLSTATE of a PostgreSQL error (e.g. '23505' unique_violation), if it is one. */
export const pgErrorCode = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/** A schema name goes into DDL and a connection option, where no parameter can be bound: allow plain identifiers only. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`cannot use PostgreSQL schema '${schema}': use lower-case letters, digits and _ (at most 63)`);
  }
  return schema;
}

/**
 * `-c search_path=` is a startup option, so every pooled connection has it before its first
 * query (no SET per connection to race with). pg lets a URL's own `options` override the config
 * field, so the option is merged into the URL; a URL that is not WHATWG-parsable (pg accepts a
 * few such forms) gets the config field instead.
 */
function poolConfig(url: string, schema: string | undefined): pg.PoolConfig {
  if (schema === undefined) return { connectionString: url };
  const option = `-c search_path=${schema}`;
  try {
    const u = new URL(url);
    u.searchParams.set('options', [u.searchParams.get('options'), option].filter(Boolean).join(' '));
    return { connectionString: u.toString() };
  } catch {
    return { connectionString: url, options: option };
  }
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
      if (pgErrorCode(e) !== '23505' && pgErrorCode(e) !== '42P06') throw e;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({ ...poolConfig(url, schema), types, max: 10 });
  // An idle client whose connection drops emits here, and pg discards it; without a listener the
  // 'error' event would crash the process. The next query opens a fresh connection.
  pool.on('error', () => {});
  return pool;
}

// Statement names derived from the SQL text let pg parse and plan each statement once per
// connection. The schema is migrated before a store hands out any (createPostgresStore), so a
// prepared `SELECT *` never outlives a change of its table within one process.
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
async function withClientTx<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
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

/** Several reads that must see one snapshot of the database (e.g. a head row and its buckets). */
export const withSnapshot = <T>(pool: pg.Pool, fn: (q: Q) => Promise<T>): Promise<T> =>
  withClientTx(pool, (c) => fn(queries(c)), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');

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

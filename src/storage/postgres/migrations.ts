/**
 * Schema versions of the PostgreSQL backend: sqlite/migrations.ts translated, same tables and
 * column names (storage/rows.ts maps rows of both). Applied in order, one transaction each;
 * gridgrove_schema_version records how far a schema has come. Never edit a shipped step: add one.
 *
 * Deliberate differences from SQLite:
 * - BIGSERIAL keys and BIGINT times (epoch ms do not fit INTEGER).
 * - streams.last_value is JSONB. SQLite's column is dynamically typed (ANY) and keeps a number,
 *   text or 0/1 as given; JSONB is PostgreSQL's one column type that holds a number, a string or
 *   a boolean natively and round-trips each exactly (pg parses it back to the JS value), so no
 *   second type column or text parsing is needed, and booleans stay booleans.
 * - users.email is unique case-insensitively through an index on lower(email) (SQLite: NOCASE).
 * - streams.auto_typed is BOOLEAN.
 * - chunks is keyed by (stream_pk, t0) directly: SQLite's rowid costs nothing there, whereas a
 *   surrogate BIGSERIAL key here would be a second index to update on every chunk rewrite.
 * - Indexes on the org_pk foreign keys that lack one, for org-scoped lists and cascading deletes.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE orgs (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    timezone TEXT NOT NULL, created BIGINT NOT NULL);
  CREATE TABLE api_keys (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, rights TEXT NOT NULL,
    ip_ranges TEXT NOT NULL, created BIGINT NOT NULL);
  CREATE INDEX api_keys_org ON api_keys (org_pk);
  CREATE TABLE users (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    email TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    created BIGINT NOT NULL);
  CREATE UNIQUE INDEX users_email ON users (lower(email));
  CREATE INDEX users_org ON users (org_pk);
  CREATE TABLE apps (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL, grant_types TEXT NOT NULL, created BIGINT NOT NULL);
  CREATE INDEX apps_org ON apps (org_pk);
  CREATE TABLE units (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, symbol TEXT NOT NULL, number_format TEXT NOT NULL,
    symbol_location TEXT NOT NULL, boolean_style TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE folders (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    path TEXT NOT NULL, UNIQUE (org_pk, path));
  CREATE TABLE templates (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, streams TEXT NOT NULL,
    UNIQUE (org_pk, id));
  CREATE TABLE components (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, timezone TEXT NOT NULL,
    folder_path TEXT NOT NULL, template_id TEXT NOT NULL, created BIGINT NOT NULL,
    UNIQUE (org_pk, id));
  CREATE TABLE streams (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    component_pk BIGINT NOT NULL REFERENCES components(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, position INTEGER NOT NULL,
    value_type TEXT NOT NULL, stream_type TEXT NOT NULL, unit_id TEXT, auto_typed BOOLEAN NOT NULL,
    last_time BIGINT, last_value JSONB, created BIGINT NOT NULL,
    UNIQUE (component_pk, id));
  -- Samples live in compressed chunks of up to 256 per stream (storage/chunks/), as in SQLite.
  -- No foreign key to streams (as in SQLite): deleting a stream deletes its chunks explicitly,
  -- under the stream's row lock (postgres-store.ts).
  CREATE TABLE chunks (
    stream_pk BIGINT NOT NULL, t0 BIGINT NOT NULL, t1 BIGINT NOT NULL, n INTEGER NOT NULL,
    data BYTEA NOT NULL, PRIMARY KEY (stream_pk, t0));
  `,
];

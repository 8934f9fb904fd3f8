/**
 * Schema versions of the SQLite backend, applied in order inside one transaction each;
 * PRAGMA user_version records how far a database has come. Never edit a shipped step: add one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE orgs (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    timezone TEXT NOT NULL, created INTEGER NOT NULL);
  CREATE TABLE api_keys (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, rights TEXT NOT NULL,
    ip_ranges TEXT NOT NULL, created INTEGER NOT NULL);
  CREATE TABLE users (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    created INTEGER NOT NULL);
  CREATE TABLE apps (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL, grant_types TEXT NOT NULL, created INTEGER NOT NULL);
  CREATE TABLE units (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, symbol TEXT NOT NULL, number_format TEXT NOT NULL,
    symbol_location TEXT NOT NULL, boolean_style TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE folders (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    path TEXT NOT NULL, UNIQUE (org_pk, path));
  CREATE TABLE templates (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, streams TEXT NOT NULL,
    UNIQUE (org_pk, id));
  CREATE TABLE components (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, timezone TEXT NOT NULL,
    folder_path TEXT NOT NULL, template_id TEXT NOT NULL, created INTEGER NOT NULL,
    UNIQUE (org_pk, id));
  -- AUTOINCREMENT: a stream key is never reused, so no stray chunk can ever surface under a new stream.
  CREATE TABLE streams (
    pk INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE,
    component_pk INTEGER NOT NULL REFERENCES components(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, position INTEGER NOT NULL,
    value_type TEXT NOT NULL, stream_type TEXT NOT NULL, unit_id TEXT, auto_typed INTEGER NOT NULL,
    last_time INTEGER, last_value ANY, created INTEGER NOT NULL,
    UNIQUE (component_pk, id)) STRICT;
  -- Samples live in compressed chunks of up to 256 per stream (storage/chunks/): a row per
  -- sample would cost ~40 bytes on disk and an index entry each.
  CREATE TABLE chunks (
    pk INTEGER PRIMARY KEY, stream_pk INTEGER NOT NULL, t0 INTEGER NOT NULL,
    t1 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
  CREATE UNIQUE INDEX chunks_stream_t0 ON chunks (stream_pk, t0);
  `,
];

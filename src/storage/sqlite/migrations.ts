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
  // 2: rollups (issue #3): stream rollup settings, materialised states, cycles, calendars, delete profiles.
  `
  ALTER TABLE streams ADD COLUMN rollup TEXT;
  -- retention: raw samples before raw_from were deleted by the stream's delete profile
  ALTER TABLE streams ADD COLUMN raw_from INTEGER;
  -- Materialised rollup states, sixteen intervals of one (stream, cycle) to a row (storage/rollups/buckets.ts).
  -- No foreign key (as chunks): deleting a stream deletes its rollups explicitly.
  CREATE TABLE rollups (
    pk INTEGER PRIMARY KEY, stream_pk INTEGER NOT NULL, cycle TEXT NOT NULL, bucket INTEGER NOT NULL,
    value_sd INTEGER, data BLOB NOT NULL);
  CREATE UNIQUE INDEX rollups_key ON rollups (stream_pk, cycle, bucket);
  CREATE TABLE cycles (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, size_type TEXT NOT NULL, count INTEGER NOT NULL,
    reference TEXT NOT NULL, timezone TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE rollup_calendars (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, cycle_ids TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE delete_profiles (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, count INTEGER NOT NULL,
    UNIQUE (org_pk, id));
  `,
  // 3: OAuth2 tokens (issue #4): application owners and secret generations, issued access tokens.
  `
  -- Client-credentials tokens act for the application's owner. Apps made before this step get
  -- their organisation's first owner (else admin, else any) user.
  ALTER TABLE apps ADD COLUMN owner_user_pk INTEGER REFERENCES users(pk) ON DELETE SET NULL;
  -- Bumped by every secret reset; a token records the generation it was issued under.
  ALTER TABLE apps ADD COLUMN secret_generation INTEGER NOT NULL DEFAULT 1;
  UPDATE apps SET owner_user_pk = (
    SELECT u.pk FROM users u WHERE u.org_pk = apps.org_pk
    ORDER BY CASE u.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, u.pk LIMIT 1);
  CREATE INDEX apps_owner ON apps (owner_user_pk);
  -- Only the SHA-256 of a token is kept; bearer requests look it up by that.
  CREATE TABLE tokens (
    pk INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    app_pk INTEGER NOT NULL REFERENCES apps(pk) ON DELETE CASCADE,
    user_pk INTEGER NOT NULL REFERENCES users(pk) ON DELETE CASCADE,
    scopes TEXT NOT NULL, secret_generation INTEGER NOT NULL,
    issued INTEGER NOT NULL, expires INTEGER NOT NULL, revoked INTEGER);
  CREATE INDEX tokens_app_expires ON tokens (app_pk, expires);
  CREATE INDEX tokens_org ON tokens (org_pk);
  CREATE INDEX tokens_user ON tokens (user_pk);
  `,
  // 4: GridDuck sites, gateways, per-site roles, asset metadata (issue #4).
  `
  CREATE TABLE sites (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, timezone TEXT NOT NULL, currency TEXT, price_per_kwh TEXT,
    address TEXT NOT NULL, created INTEGER NOT NULL);
  CREATE INDEX sites_org ON sites (org_pk);
  CREATE TABLE gateways (
    pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk INTEGER NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    site_pk INTEGER REFERENCES sites(pk) ON DELETE SET NULL,
    name TEXT NOT NULL, code TEXT NOT NULL, firmware TEXT, created INTEGER NOT NULL);
  CREATE INDEX gateways_org ON gateways (org_pk);
  CREATE INDEX gateways_site ON gateways (site_pk);
  -- A user's role on one site overrides the organisation-level role there (api/gridduck/permissions.ts).
  CREATE TABLE site_roles (
    user_pk INTEGER NOT NULL REFERENCES users(pk) ON DELETE CASCADE,
    site_pk INTEGER NOT NULL REFERENCES sites(pk) ON DELETE CASCADE,
    role TEXT NOT NULL, PRIMARY KEY (user_pk, site_pk)) WITHOUT ROWID;
  CREATE INDEX site_roles_site ON site_roles (site_pk);
  -- A component's GridDuck asset metadata, in a table of its own so that the GroveStreams side
  -- (components, streams) is untouched and a component without a row has the defaults.
  -- Relations are columns (lists filter on them, deletes null them); the purely descriptive
  -- GridDuck fields are one JSON object (details). Snooze/boost ends are epoch ms.
  CREATE TABLE asset_meta (
    component_pk INTEGER PRIMARY KEY REFERENCES components(pk) ON DELETE CASCADE,
    site_pk INTEGER REFERENCES sites(pk) ON DELETE SET NULL,
    gateway_pk INTEGER REFERENCES gateways(pk) ON DELETE SET NULL,
    parent_pk INTEGER REFERENCES components(pk) ON DELETE SET NULL,
    owner_user_pk INTEGER REFERENCES users(pk) ON DELETE SET NULL,
    price_per_kwh TEXT, currency TEXT,
    controllable INTEGER NOT NULL DEFAULT 0,
    user_state TEXT NOT NULL DEFAULT 'ALWAYS_ON',
    snooze_until INTEGER, boost_until INTEGER,
    details TEXT NOT NULL DEFAULT '{}');
  CREATE INDEX asset_meta_site ON asset_meta (site_pk);
  CREATE INDEX asset_meta_gateway ON asset_meta (gateway_pk);
  CREATE INDEX asset_meta_parent ON asset_meta (parent_pk);
  CREATE INDEX asset_meta_owner ON asset_meta (owner_user_pk);
  CREATE INDEX asset_meta_overrides ON asset_meta (component_pk) WHERE snooze_until IS NOT NULL OR boost_until IS NOT NULL;
  `,
  // 5: rollup heads (issue #3): each stream's newest interval per cycle, and the version that
  // tells a process's rollup cache whether its states are current (storage/rollups/buckets.ts).
  // No foreign key, as rollups: deleting a stream deletes its head explicitly.
  `
  CREATE TABLE rollup_heads (stream_pk INTEGER PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL);
  `,
];

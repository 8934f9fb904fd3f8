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
  // 2: rollups (issue #3): stream rollup settings, materialised states, cycles, calendars, delete profiles.
  `
  ALTER TABLE streams ADD COLUMN rollup TEXT;
  ALTER TABLE streams ADD COLUMN raw_from BIGINT;
  CREATE TABLE rollups (
    stream_pk BIGINT NOT NULL, cycle TEXT NOT NULL, bucket BIGINT NOT NULL, value_sd BIGINT, data BYTEA NOT NULL,
    PRIMARY KEY (stream_pk, cycle, bucket));
  CREATE TABLE cycles (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, size_type TEXT NOT NULL, count INTEGER NOT NULL,
    reference TEXT NOT NULL, timezone TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE rollup_calendars (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, cycle_ids TEXT NOT NULL, UNIQUE (org_pk, id));
  CREATE TABLE delete_profiles (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, count INTEGER NOT NULL,
    UNIQUE (org_pk, id));
  `,
  // 3: OAuth2 tokens (issue #4): application owners and secret generations, issued access tokens.
  `
  -- Client-credentials tokens act for the application's owner. Apps made before this step get
  -- their organisation's first owner (else admin, else any) user.
  ALTER TABLE apps ADD COLUMN owner_user_pk BIGINT REFERENCES users(pk) ON DELETE SET NULL;
  -- Bumped by every secret reset; a token records the generation it was issued under.
  ALTER TABLE apps ADD COLUMN secret_generation INTEGER NOT NULL DEFAULT 1;
  UPDATE apps SET owner_user_pk = (
    SELECT u.pk FROM users u WHERE u.org_pk = apps.org_pk
    ORDER BY CASE u.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, u.pk LIMIT 1);
  CREATE INDEX apps_owner ON apps (owner_user_pk);
  -- Only the SHA-256 of a token is kept; bearer requests look it up by that.
  CREATE TABLE tokens (
    pk BIGSERIAL PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    app_pk BIGINT NOT NULL REFERENCES apps(pk) ON DELETE CASCADE,
    user_pk BIGINT NOT NULL REFERENCES users(pk) ON DELETE CASCADE,
    scopes TEXT NOT NULL, secret_generation INTEGER NOT NULL,
    issued BIGINT NOT NULL, expires BIGINT NOT NULL, revoked BIGINT);
  CREATE INDEX tokens_app_expires ON tokens (app_pk, expires);
  CREATE INDEX tokens_org ON tokens (org_pk);
  CREATE INDEX tokens_user ON tokens (user_pk);
  `,
  // 4: GridDuck sites, gateways, per-site roles, asset metadata (issue #4); as SQLite's step 4.
  `
  CREATE TABLE sites (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    name TEXT NOT NULL, timezone TEXT NOT NULL, currency TEXT, price_per_kwh TEXT,
    address TEXT NOT NULL, created BIGINT NOT NULL);
  CREATE INDEX sites_org ON sites (org_pk);
  CREATE TABLE gateways (
    pk BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    org_pk BIGINT NOT NULL REFERENCES orgs(pk) ON DELETE CASCADE,
    site_pk BIGINT REFERENCES sites(pk) ON DELETE SET NULL,
    name TEXT NOT NULL, code TEXT NOT NULL, firmware TEXT, created BIGINT NOT NULL);
  CREATE INDEX gateways_org ON gateways (org_pk);
  CREATE INDEX gateways_site ON gateways (site_pk);
  CREATE TABLE site_roles (
    user_pk BIGINT NOT NULL REFERENCES users(pk) ON DELETE CASCADE,
    site_pk BIGINT NOT NULL REFERENCES sites(pk) ON DELETE CASCADE,
    role TEXT NOT NULL, PRIMARY KEY (user_pk, site_pk));
  CREATE INDEX site_roles_site ON site_roles (site_pk);
  CREATE TABLE asset_meta (
    component_pk BIGINT PRIMARY KEY REFERENCES components(pk) ON DELETE CASCADE,
    site_pk BIGINT REFERENCES sites(pk) ON DELETE SET NULL,
    gateway_pk BIGINT REFERENCES gateways(pk) ON DELETE SET NULL,
    parent_pk BIGINT REFERENCES components(pk) ON DELETE SET NULL,
    owner_user_pk BIGINT REFERENCES users(pk) ON DELETE SET NULL,
    price_per_kwh TEXT, currency TEXT,
    controllable BOOLEAN NOT NULL DEFAULT FALSE,
    user_state TEXT NOT NULL DEFAULT 'ALWAYS_ON',
    snooze_until BIGINT, boost_until BIGINT,
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
  CREATE TABLE rollup_heads (stream_pk BIGINT PRIMARY KEY, version BIGINT NOT NULL, data BYTEA NOT NULL);
  `,
];

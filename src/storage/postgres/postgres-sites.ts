/**
 * Store.sites, Store.gateways and Store.siteRoles on PostgreSQL: sqlite-sites.ts translated.
 * Changes that check a reference first run in one transaction and lock the row they change.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CONTROL_STREAM_ID } from '../../domain/gridduck-model.js';
import { badRequest } from '../../domain/errors.js';
import { definedOnly, groupBy, optNumber, type Row } from '../rows.js';
import { gatewayFromRow, siteFromRow, siteRoleFromRow } from '../site-rows.js';
import type { Store } from '../store.js';
import { queries, withTx, type Q } from './open.js';

export function pgSites(pool: pg.Pool, now: () => number): Store['sites'] {
  const db = queries(pool);
  const assetsOf = async (q: Q, sitePk: number) =>
    (await q.all('SELECT c.uid FROM asset_meta am JOIN components c ON c.pk = am.component_pk WHERE am.site_pk = $1 ORDER BY c.pk', sitePk)).map((a) => String(a.uid));
  const withAssets = async (q: Q, r: Row | undefined) => r && siteFromRow(r, await assetsOf(q, Number(r.pk)));

  return {
    async create(orgKey, s) {
      const r = await db.one(
        'INSERT INTO sites (uid, org_pk, name, timezone, currency, price_per_kwh, address, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *',
        randomUUID(), orgKey, s.name, s.timezone, s.currency, s.pricePerKwh, s.address, now(),
      );
      return siteFromRow(r!, []);
    },
    async list(orgKey) {
      const assets = await db.all(
        `SELECT am.site_pk, c.uid FROM asset_meta am JOIN components c ON c.pk = am.component_pk
         WHERE c.org_pk = $1 AND am.site_pk IS NOT NULL ORDER BY c.pk`,
        orgKey,
      );
      const uids = groupBy(assets, 'site_pk', (a) => String(a.uid));
      return (await db.all('SELECT * FROM sites WHERE org_pk = $1 ORDER BY pk', orgKey)).map((r) => siteFromRow(r, uids.get(Number(r.pk)) ?? []));
    },
    async get(orgKey, uid) {
      return withAssets(db, await db.one('SELECT * FROM sites WHERE org_pk = $1 AND uid = $2', orgKey, uid));
    },
    async update(orgKey, uid, patch) {
      return withTx(pool, async (q) => {
        const r = await q.one('SELECT * FROM sites WHERE org_pk = $1 AND uid = $2 FOR UPDATE', orgKey, uid);
        if (!r) return undefined;
        const next = { ...siteFromRow(r, []), ...definedOnly(patch) };
        const u = await q.one(
          'UPDATE sites SET name = $1, timezone = $2, currency = $3, price_per_kwh = $4, address = $5 WHERE pk = $6 RETURNING *',
          next.name, next.timezone, next.currency, next.pricePerKwh, next.address, r.pk,
        );
        return withAssets(q, u);
      });
    },
    async delete(orgKey, uid) {
      return (await db.run('DELETE FROM sites WHERE org_pk = $1 AND uid = $2', orgKey, uid)) > 0;
    },
  };
}

export function pgGateways(pool: pg.Pool, now: () => number): Store['gateways'] {
  const db = queries(pool);
  // Locks the site (FOR SHARE) so that it cannot be deleted before the gateway refers to it.
  const checkSite = async (q: Q, orgKey: number, siteKey: number | null) => {
    if (siteKey !== null && !(await q.one('SELECT 1 AS ok FROM sites WHERE pk = $1 AND org_pk = $2 FOR SHARE', siteKey, orgKey))) {
      throw badRequest('cannot place the gateway: no such site in the organisation');
    }
  };
  // A hub is in contact when any of its devices reports; the server's own control writes do not count.
  const withContact = async (q: Q, r: Row | undefined) => {
    if (!r) return undefined;
    const c = await q.one(
      'SELECT MAX(s.last_time) AS t FROM asset_meta am JOIN streams s ON s.component_pk = am.component_pk WHERE am.gateway_pk = $1 AND s.id <> $2',
      r.pk, CONTROL_STREAM_ID,
    );
    return gatewayFromRow(r, optNumber(c?.t));
  };

  return {
    async create(orgKey, g) {
      return withTx(pool, async (q) => {
        await checkSite(q, orgKey, g.siteKey);
        const r = await q.one(
          'INSERT INTO gateways (uid, org_pk, site_pk, name, code, firmware, created) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
          randomUUID(), orgKey, g.siteKey, g.name, g.code, g.firmware, now(),
        );
        return gatewayFromRow(r!, null);
      });
    },
    async list(orgKey) {
      const contact = await db.all(
        `SELECT am.gateway_pk, MAX(s.last_time) AS t FROM asset_meta am
         JOIN components c ON c.pk = am.component_pk JOIN streams s ON s.component_pk = am.component_pk
         WHERE c.org_pk = $1 AND am.gateway_pk IS NOT NULL AND s.id <> $2 GROUP BY am.gateway_pk`,
        orgKey, CONTROL_STREAM_ID,
      );
      const byGateway = new Map(contact.map((r) => [Number(r.gateway_pk), optNumber(r.t)]));
      return (await db.all('SELECT * FROM gateways WHERE org_pk = $1 ORDER BY pk', orgKey)).map((r) => gatewayFromRow(r, byGateway.get(Number(r.pk)) ?? null));
    },
    async get(orgKey, uid) {
      return withContact(db, await db.one('SELECT * FROM gateways WHERE org_pk = $1 AND uid = $2', orgKey, uid));
    },
    async update(orgKey, uid, patch) {
      return withTx(pool, async (q) => {
        const r = await q.one('SELECT * FROM gateways WHERE org_pk = $1 AND uid = $2 FOR UPDATE', orgKey, uid);
        if (!r) return undefined;
        const next = { ...gatewayFromRow(r, null), ...definedOnly(patch) };
        await checkSite(q, orgKey, next.siteKey);
        const u = await q.one('UPDATE gateways SET site_pk = $1, name = $2, code = $3, firmware = $4 WHERE pk = $5 RETURNING *', next.siteKey, next.name, next.code, next.firmware, r.pk);
        return withContact(q, u);
      });
    },
    async delete(orgKey, uid) {
      return (await db.run('DELETE FROM gateways WHERE org_pk = $1 AND uid = $2', orgKey, uid)) > 0;
    },
  };
}

export function pgSiteRoles(pool: pg.Pool): Store['siteRoles'] {
  const db = queries(pool);
  return {
    async list(orgKey, userKey) {
      return (
        await db.all('SELECT r.* FROM site_roles r JOIN sites s ON s.pk = r.site_pk WHERE s.org_pk = $1 AND r.user_pk = $2 ORDER BY r.site_pk', orgKey, userKey)
      ).map(siteRoleFromRow);
    },
    async forSite(orgKey, siteKey) {
      return (
        await db.all('SELECT r.* FROM site_roles r JOIN sites s ON s.pk = r.site_pk WHERE s.org_pk = $1 AND r.site_pk = $2 ORDER BY r.user_pk', orgKey, siteKey)
      ).map(siteRoleFromRow);
    },
    async set(orgKey, userKey, siteKey, role) {
      if (role === null) {
        await db.run(
          `DELETE FROM site_roles r USING sites s, users u
           WHERE r.user_pk = $1 AND r.site_pk = $2 AND s.pk = r.site_pk AND s.org_pk = $3 AND u.pk = r.user_pk AND u.org_pk = $3`,
          userKey, siteKey, orgKey,
        );
        // false only when the pair is not of the org, as on SQLite
        return (await db.one('SELECT 1 AS ok FROM users u, sites s WHERE u.pk = $1 AND u.org_pk = $3 AND s.pk = $2 AND s.org_pk = $3', userKey, siteKey, orgKey)) !== undefined;
      }
      // INSERT … SELECT: no row unless user and site are both of the organisation.
      const n = await db.run(
        `INSERT INTO site_roles (user_pk, site_pk, role)
         SELECT u.pk, s.pk, $4::text FROM users u, sites s WHERE u.pk = $1 AND u.org_pk = $3 AND s.pk = $2 AND s.org_pk = $3
         ON CONFLICT (user_pk, site_pk) DO UPDATE SET role = excluded.role`,
        userKey, siteKey, orgKey, role,
      );
      return n > 0;
    },
  };
}

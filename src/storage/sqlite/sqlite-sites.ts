/**
 * Store.sites, Store.gateways and Store.siteRoles on SQLite (see store.ts and site-rows.ts).
 * Every statement names the organisation, so another tenant's uid finds nothing.
 */
import { randomUUID } from 'node:crypto';
import { CONTROL_STREAM_ID } from '../../domain/gridduck-model.js';
import { badRequest } from '../../domain/errors.js';
import { definedOnly, groupBy, optNumber, type Row } from '../rows.js';
import { gatewayFromRow, siteFromRow, siteRoleFromRow } from '../site-rows.js';
import type { Store } from '../store.js';
import type { Db } from './open.js';

export function sqliteSites(db: Db, now: () => number): Store['sites'] {
  const insert = db.prepare('INSERT INTO sites (uid, org_pk, name, timezone, currency, price_per_kwh, address, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const list = db.prepare<[number], Row>('SELECT * FROM sites WHERE org_pk = ? ORDER BY pk');
  const byUid = db.prepare<[number, string], Row>('SELECT * FROM sites WHERE org_pk = ? AND uid = ?');
  const update = db.prepare('UPDATE sites SET name = ?, timezone = ?, currency = ?, price_per_kwh = ?, address = ? WHERE pk = ?');
  const del = db.prepare('DELETE FROM sites WHERE org_pk = ? AND uid = ?');
  const assetsOfOrg = db.prepare<[number], Row>(
    `SELECT am.site_pk, c.uid FROM asset_meta am JOIN components c ON c.pk = am.component_pk
     WHERE c.org_pk = ? AND am.site_pk IS NOT NULL ORDER BY c.pk`,
  );
  const assetsOfSite = db.prepare<[number], Row>(
    'SELECT c.uid FROM asset_meta am JOIN components c ON c.pk = am.component_pk WHERE am.site_pk = ? ORDER BY c.pk',
  );
  const withAssets = (r: Row | undefined) => r && siteFromRow(r, assetsOfSite.all(Number(r.pk)).map((a) => String(a.uid)));

  return {
    async create(orgKey, s) {
      const uid = randomUUID();
      insert.run(uid, orgKey, s.name, s.timezone, s.currency, s.pricePerKwh, s.address, now());
      return withAssets(byUid.get(orgKey, uid))!;
    },
    async list(orgKey) {
      const uids = groupBy(assetsOfOrg.all(orgKey), 'site_pk', (a) => String(a.uid));
      return list.all(orgKey).map((r) => siteFromRow(r, uids.get(Number(r.pk)) ?? []));
    },
    async get(orgKey, uid) {
      return withAssets(byUid.get(orgKey, uid));
    },
    async update(orgKey, uid, patch) {
      return db.transaction(() => {
        const r = byUid.get(orgKey, uid);
        if (!r) return undefined;
        const cur = siteFromRow(r, []);
        const next = { ...cur, ...definedOnly(patch) };
        update.run(next.name, next.timezone, next.currency, next.pricePerKwh, next.address, cur.key);
        return withAssets(byUid.get(orgKey, uid));
      }).immediate();
    },
    async delete(orgKey, uid) {
      return del.run(orgKey, uid).changes > 0;
    },
  };
}

export function sqliteGateways(db: Db, now: () => number): Store['gateways'] {
  const siteInOrg = db.prepare<[number, number], Row>('SELECT 1 AS ok FROM sites WHERE pk = ? AND org_pk = ?');
  const insert = db.prepare('INSERT INTO gateways (uid, org_pk, site_pk, name, code, firmware, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const list = db.prepare<[number], Row>('SELECT * FROM gateways WHERE org_pk = ? ORDER BY pk');
  const byUid = db.prepare<[number, string], Row>('SELECT * FROM gateways WHERE org_pk = ? AND uid = ?');
  const update = db.prepare('UPDATE gateways SET site_pk = ?, name = ?, code = ?, firmware = ? WHERE pk = ?');
  const del = db.prepare('DELETE FROM gateways WHERE org_pk = ? AND uid = ?');
  // A hub is in contact when any of its devices reports; the server's own control writes do not count.
  const contactOfOrg = db.prepare<[number, string], Row>(
    `SELECT am.gateway_pk, MAX(s.last_time) AS t FROM asset_meta am
     JOIN components c ON c.pk = am.component_pk JOIN streams s ON s.component_pk = am.component_pk
     WHERE c.org_pk = ? AND am.gateway_pk IS NOT NULL AND s.id <> ? GROUP BY am.gateway_pk`,
  );
  const contactOf = db.prepare<[number, string], Row>(
    'SELECT MAX(s.last_time) AS t FROM asset_meta am JOIN streams s ON s.component_pk = am.component_pk WHERE am.gateway_pk = ? AND s.id <> ?',
  );
  const checkSite = (orgKey: number, siteKey: number | null) => {
    if (siteKey !== null && !siteInOrg.get(siteKey, orgKey)) throw badRequest('cannot place the gateway: no such site in the organisation');
  };
  const withContact = (r: Row | undefined) => {
    if (!r) return undefined;
    return gatewayFromRow(r, optNumber(contactOf.get(Number(r.pk), CONTROL_STREAM_ID)?.t));
  };

  return {
    async create(orgKey, g) {
      return db.transaction(() => {
        checkSite(orgKey, g.siteKey);
        const uid = randomUUID();
        insert.run(uid, orgKey, g.siteKey, g.name, g.code, g.firmware, now());
        return withContact(byUid.get(orgKey, uid))!;
      }).immediate();
    },
    async list(orgKey) {
      const contact = new Map(contactOfOrg.all(orgKey, CONTROL_STREAM_ID).map((r) => [Number(r.gateway_pk), optNumber(r.t)]));
      return list.all(orgKey).map((r) => gatewayFromRow(r, contact.get(Number(r.pk)) ?? null));
    },
    async get(orgKey, uid) {
      return withContact(byUid.get(orgKey, uid));
    },
    async update(orgKey, uid, patch) {
      return db.transaction(() => {
        const r = byUid.get(orgKey, uid);
        if (!r) return undefined;
        const cur = gatewayFromRow(r, null);
        const next = { ...cur, ...definedOnly(patch) };
        checkSite(orgKey, next.siteKey);
        update.run(next.siteKey, next.name, next.code, next.firmware, cur.key);
        return withContact(byUid.get(orgKey, uid));
      }).immediate();
    },
    async delete(orgKey, uid) {
      return del.run(orgKey, uid).changes > 0;
    },
  };
}

export function sqliteSiteRoles(db: Db): Store['siteRoles'] {
  const list = db.prepare<[number, number], Row>(
    'SELECT r.* FROM site_roles r JOIN sites s ON s.pk = r.site_pk WHERE s.org_pk = ? AND r.user_pk = ? ORDER BY r.site_pk',
  );
  const forSite = db.prepare<[number, number], Row>(
    'SELECT r.* FROM site_roles r JOIN sites s ON s.pk = r.site_pk WHERE s.org_pk = ? AND r.site_pk = ? ORDER BY r.user_pk',
  );
  const both = db.prepare<[number, number, number, number], Row>(
    'SELECT 1 AS ok WHERE EXISTS (SELECT 1 FROM users WHERE pk = ? AND org_pk = ?) AND EXISTS (SELECT 1 FROM sites WHERE pk = ? AND org_pk = ?)',
  );
  const upsert = db.prepare('INSERT INTO site_roles (user_pk, site_pk, role) VALUES (?, ?, ?) ON CONFLICT (user_pk, site_pk) DO UPDATE SET role = excluded.role');
  const del = db.prepare('DELETE FROM site_roles WHERE user_pk = ? AND site_pk = ?');

  return {
    async list(orgKey, userKey) {
      return list.all(orgKey, userKey).map(siteRoleFromRow);
    },
    async forSite(orgKey, siteKey) {
      return forSite.all(orgKey, siteKey).map(siteRoleFromRow);
    },
    async set(orgKey, userKey, siteKey, role) {
      return db.transaction(() => {
        if (!both.get(userKey, orgKey, siteKey, orgKey)) return false;
        if (role === null) del.run(userKey, siteKey);
        else upsert.run(userKey, siteKey, role);
        return true;
      }).immediate();
    },
  };
}

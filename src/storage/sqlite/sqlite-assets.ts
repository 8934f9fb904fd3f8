/**
 * Store.assets on SQLite: components LEFT JOIN asset_meta (a component without a meta row has
 * the defaults). Lists filter and page in SQL; the sets of site keys are bound as one JSON array
 * (json_each) so that the statement text, and with it the prepared statement, stays the same.
 */
import type { Asset, AssetMeta } from '../../domain/gridduck-model.js';
import { badRequest } from '../../domain/errors.js';
import { componentFromRow, optNumber, streamFromRow, type Row } from '../rows.js';
import { META_COLUMN_NAMES, metaColumns, metaFromRow, patchMeta, pendingOverridesFromRows } from '../site-rows.js';
import type { AssetQuery, Store } from '../store.js';
import type { Db } from './open.js';

const FILTER = `c.org_pk = ?
  AND (? = 0 OR am.site_pk IN (SELECT value FROM json_each(?)) OR (? = 1 AND am.site_pk IS NULL))
  AND (? IS NULL OR am.gateway_pk = ?)`;

/** better-sqlite3 binds no booleans. */
const sqlArgs = (xs: unknown[]) => xs.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : x));

export function sqliteAssets(db: Db): Store['assets'] {
  const count = db.prepare<unknown[], Row>(`SELECT count(*) AS n FROM components c LEFT JOIN asset_meta am ON am.component_pk = c.pk WHERE ${FILTER}`);
  const page = db.prepare<unknown[], Row>(
    `SELECT c.*, ${META_COLUMN_NAMES.map((n) => `am.${n}`).join(', ')} FROM components c LEFT JOIN asset_meta am ON am.component_pk = c.pk
     WHERE ${FILTER} ORDER BY c.pk LIMIT ? OFFSET ?`,
  );
  const byUid = db.prepare<[number, string], Row>(
    `SELECT c.*, ${META_COLUMN_NAMES.map((n) => `am.${n}`).join(', ')} FROM components c LEFT JOIN asset_meta am ON am.component_pk = c.pk
     WHERE c.org_pk = ? AND c.uid = ?`,
  );
  const streamsOf = db.prepare<[number], Row>('SELECT * FROM streams WHERE component_pk = ? ORDER BY position');
  const compInOrg = db.prepare<[number, number], Row>('SELECT c.pk, c.uid, am.site_pk, am.parent_pk FROM components c LEFT JOIN asset_meta am ON am.component_pk = c.pk WHERE c.pk = ? AND c.org_pk = ?');
  const children = db.prepare<[number], Row>(
    'SELECT c.uid, am.site_pk FROM asset_meta am JOIN components c ON c.pk = am.component_pk WHERE am.parent_pk = ? ORDER BY c.pk',
  );
  const userUid = db.prepare<[number], Row>('SELECT uid FROM users WHERE pk = ?');
  const siteInOrg = db.prepare<[number, number], Row>('SELECT 1 AS ok FROM sites WHERE pk = ? AND org_pk = ?');
  const gatewayInOrg = db.prepare<[number, number], Row>('SELECT 1 AS ok FROM gateways WHERE pk = ? AND org_pk = ?');
  const userInOrg = db.prepare<[number, number], Row>('SELECT 1 AS ok FROM users WHERE pk = ? AND org_pk = ?');
  const upsert = db.prepare(
    `INSERT INTO asset_meta (component_pk, ${META_COLUMN_NAMES.join(', ')}) VALUES (?, ${META_COLUMN_NAMES.map(() => '?').join(', ')})
     ON CONFLICT (component_pk) DO UPDATE SET ${META_COLUMN_NAMES.map((n) => `${n} = excluded.${n}`).join(', ')}`,
  );
  const clearSnooze = db.prepare('UPDATE asset_meta SET snooze_until = NULL WHERE component_pk = ? AND snooze_until = ?');
  const clearBoost = db.prepare('UPDATE asset_meta SET boost_until = NULL WHERE component_pk = ? AND boost_until = ?');
  const pending = db.prepare<[], Row>(
    `SELECT c.org_pk, c.pk, c.uid, c.id, am.snooze_until, am.boost_until FROM asset_meta am JOIN components c ON c.pk = am.component_pk
     WHERE am.snooze_until IS NOT NULL OR am.boost_until IS NOT NULL`,
  );

  function assetOf(r: Row): Asset {
    const meta = metaFromRow(r);
    const p = meta.parentKey === null ? undefined : compInOrg.get(meta.parentKey, Number(r.org_pk));
    const owner = meta.ownerUserKey === null ? undefined : userUid.get(meta.ownerUserKey);
    return {
      component: componentFromRow(r, streamsOf.all(Number(r.pk)).map(streamFromRow)),
      meta,
      parent: p ? { uid: String(p.uid), siteKey: optNumber(p.site_pk) } : null,
      children: children.all(Number(r.pk)).map((c) => ({ uid: String(c.uid), siteKey: optNumber(c.site_pk) })),
      ownerUid: owner ? String(owner.uid) : null,
    };
  }

  const filterArgs = (orgKey: number, q: AssetQuery) => [
    orgKey,
    q.sites ? 1 : 0,
    JSON.stringify(q.sites ?? []),
    q.withoutSite ? 1 : 0,
    q.gatewayKey ?? null,
    q.gatewayKey ?? null,
  ];

  /** The references of `m` must be of the org, and the parent chain must not come back to `self`. */
  function checkRefs(orgKey: number, self: number, m: AssetMeta) {
    if (m.siteKey !== null && !siteInOrg.get(m.siteKey, orgKey)) throw badRequest('cannot place the asset: no such site in the organisation');
    if (m.gatewayKey !== null && !gatewayInOrg.get(m.gatewayKey, orgKey)) throw badRequest('cannot pair the asset: no such gateway in the organisation');
    if (m.ownerUserKey !== null && !userInOrg.get(m.ownerUserKey, orgKey)) throw badRequest('cannot set the owner: no such user in the organisation');
    const seen = new Set<number>([self]);
    for (let k = m.parentKey; k !== null; ) {
      if (seen.has(k)) throw badRequest('cannot set the parent asset: it would make the asset its own ancestor');
      seen.add(k);
      const p = compInOrg.get(k, orgKey);
      if (!p) throw badRequest('cannot set the parent asset: no such asset in the organisation');
      k = optNumber(p.parent_pk);
    }
  }

  return {
    async list(orgKey, q) {
      const args = filterArgs(orgKey, q);
      const total = Number(count.get(...args)!.n);
      const rows = page.all(...args, Math.max(0, q.limit), Math.max(0, q.offset));
      return { total, items: rows.map(assetOf) };
    },
    async get(orgKey, uid) {
      const r = byUid.get(orgKey, uid);
      return r && assetOf(r);
    },
    async setMeta(orgKey, uid, patch) {
      return db.transaction(() => {
        const r = byUid.get(orgKey, uid);
        if (!r) return undefined;
        const next = patchMeta(metaFromRow(r), patch);
        checkRefs(orgKey, Number(r.pk), next);
        upsert.run(...sqlArgs([Number(r.pk), ...metaColumns(next)]));
        return assetOf(byUid.get(orgKey, uid)!);
      }).immediate();
    },
    async clearOverride(componentKey, kind, until) {
      return (kind === 'snooze' ? clearSnooze : clearBoost).run(componentKey, until).changes > 0;
    },
    async pendingOverrides() {
      return pendingOverridesFromRows(pending.all());
    },
  };
}

/**
 * Store.assets on PostgreSQL: sqlite-assets.ts translated. A page's streams, parents, children
 * and owners come in one query each rather than one per asset. setMeta locks the component row
 * (so concurrent changes to one asset serialise) and the rows it starts referring to (FOR SHARE,
 * so none can be deleted before the change commits).
 */
import type pg from 'pg';
import type { Asset, AssetMeta } from '../../domain/gridduck-model.js';
import { badRequest } from '../../domain/errors.js';
import { componentFromRow, groupBy, optNumber, streamFromRow, type Row } from '../rows.js';
import { META_COLUMN_NAMES, metaColumns, metaFromRow, patchMeta, pendingOverridesFromRows } from '../site-rows.js';
import type { AssetQuery, Store } from '../store.js';
import { queries, withTx, type Q } from './open.js';

const FILTER = `c.org_pk = $1
  AND (NOT $2::boolean OR am.site_pk = ANY($3::bigint[]) OR ($4::boolean AND am.site_pk IS NULL))
  AND ($5::bigint IS NULL OR am.gateway_pk = $5)`;
const COLUMNS = `c.*, ${META_COLUMN_NAMES.map((n) => `am.${n}`).join(', ')}`;
const FROM = 'components c LEFT JOIN asset_meta am ON am.component_pk = c.pk';

/** Assets of component rows (with their meta columns), in the rows' order. */
async function assetsOf(q: Q, orgKey: number, rows: Row[]): Promise<Asset[]> {
  if (rows.length === 0) return [];
  const keys = rows.map((r) => Number(r.pk));
  const metas = rows.map(metaFromRow);
  const parentKeys = metas.flatMap((m) => (m.parentKey === null ? [] : [m.parentKey]));
  const ownerKeys = metas.flatMap((m) => (m.ownerUserKey === null ? [] : [m.ownerUserKey]));
  const [streams, parents, children, owners] = await Promise.all([
    q.all('SELECT * FROM streams WHERE component_pk = ANY($1::bigint[]) ORDER BY position', keys),
    parentKeys.length ? q.all(`SELECT c.pk, c.uid, am.site_pk FROM ${FROM} WHERE c.pk = ANY($1::bigint[]) AND c.org_pk = $2`, parentKeys, orgKey) : [],
    q.all('SELECT am.parent_pk, c.uid, am.site_pk FROM asset_meta am JOIN components c ON c.pk = am.component_pk WHERE am.parent_pk = ANY($1::bigint[]) ORDER BY c.pk', keys),
    ownerKeys.length ? q.all('SELECT pk, uid FROM users WHERE pk = ANY($1::bigint[]) AND org_pk = $2', ownerKeys, orgKey) : [],
  ]);
  const streamsBy = groupBy(streams, 'component_pk', streamFromRow);
  const childrenBy = groupBy(children, 'parent_pk', (c) => ({ uid: String(c.uid), siteKey: optNumber(c.site_pk) }));
  const parentBy = new Map(parents.map((p) => [Number(p.pk), { uid: String(p.uid), siteKey: optNumber(p.site_pk) }]));
  const ownerBy = new Map(owners.map((u) => [Number(u.pk), String(u.uid)]));
  return rows.map((r, i) => {
    const meta = metas[i]!;
    return {
      component: componentFromRow(r, streamsBy.get(keys[i]!) ?? []),
      meta,
      parent: meta.parentKey === null ? null : (parentBy.get(meta.parentKey) ?? null),
      children: childrenBy.get(keys[i]!) ?? [],
      ownerUid: meta.ownerUserKey === null ? null : (ownerBy.get(meta.ownerUserKey) ?? null),
    };
  });
}

/** The references of `m` must be of the org, and the parent chain must not come back to `self`. */
async function checkRefs(q: Q, orgKey: number, self: number, m: AssetMeta): Promise<void> {
  if (m.siteKey !== null && !(await q.one('SELECT 1 AS ok FROM sites WHERE pk = $1 AND org_pk = $2 FOR SHARE', m.siteKey, orgKey))) {
    throw badRequest('cannot place the asset: no such site in the organisation');
  }
  if (m.gatewayKey !== null && !(await q.one('SELECT 1 AS ok FROM gateways WHERE pk = $1 AND org_pk = $2 FOR SHARE', m.gatewayKey, orgKey))) {
    throw badRequest('cannot pair the asset: no such gateway in the organisation');
  }
  if (m.ownerUserKey !== null && !(await q.one('SELECT 1 AS ok FROM users WHERE pk = $1 AND org_pk = $2 FOR SHARE', m.ownerUserKey, orgKey))) {
    throw badRequest('cannot set the owner: no such user in the organisation');
  }
  const seen = new Set<number>([self]);
  for (let k = m.parentKey; k !== null; ) {
    if (seen.has(k)) throw badRequest('cannot set the parent asset: it would make the asset its own ancestor');
    seen.add(k);
    const p = await q.one(`SELECT c.pk, am.parent_pk FROM ${FROM} WHERE c.pk = $1 AND c.org_pk = $2 FOR SHARE OF c`, k, orgKey);
    if (!p) throw badRequest('cannot set the parent asset: no such asset in the organisation');
    k = optNumber(p.parent_pk);
  }
}

export function pgAssets(pool: pg.Pool): Store['assets'] {
  const db = queries(pool);
  const filterArgs = (orgKey: number, q: AssetQuery) => [orgKey, q.sites !== undefined, [...(q.sites ?? [])], q.withoutSite === true, q.gatewayKey ?? null];

  return {
    async list(orgKey, q) {
      const args = filterArgs(orgKey, q);
      const total = Number((await db.one(`SELECT count(*) AS n FROM ${FROM} WHERE ${FILTER}`, ...args))!.n);
      const rows = await db.all(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${FILTER} ORDER BY c.pk LIMIT $6 OFFSET $7`, ...args, Math.max(0, q.limit), Math.max(0, q.offset));
      return { total, items: await assetsOf(db, orgKey, rows) };
    },
    async get(orgKey, uid) {
      const r = await db.one(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.org_pk = $1 AND c.uid = $2`, orgKey, uid);
      return r && (await assetsOf(db, orgKey, [r]))[0];
    },
    async setMeta(orgKey, uid, patch) {
      return withTx(pool, async (q) => {
        const r = await q.one(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.org_pk = $1 AND c.uid = $2 FOR UPDATE OF c`, orgKey, uid);
        if (!r) return undefined;
        const next = patchMeta(metaFromRow(r), patch);
        await checkRefs(q, orgKey, Number(r.pk), next);
        await q.run(
          `INSERT INTO asset_meta (component_pk, ${META_COLUMN_NAMES.join(', ')}) VALUES ($1, ${META_COLUMN_NAMES.map((_, i) => `$${i + 2}`).join(', ')})
           ON CONFLICT (component_pk) DO UPDATE SET ${META_COLUMN_NAMES.map((c) => `${c} = excluded.${c}`).join(', ')}`,
          Number(r.pk), ...metaColumns(next),
        );
        const fresh = await q.one(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.pk = $1`, r.pk);
        return (await assetsOf(q, orgKey, [fresh!]))[0];
      });
    },
    async clearOverride(componentKey, kind, until) {
      const col = kind === 'snooze' ? 'snooze_until' : 'boost_until';
      return (await db.run(`UPDATE asset_meta SET ${col} = NULL WHERE component_pk = $1 AND ${col} = $2`, componentKey, until)) > 0;
    },
    async pendingOverrides() {
      return pendingOverridesFromRows(
        await db.all(
          `SELECT c.org_pk, c.pk, c.uid, c.id, am.snooze_until, am.boost_until FROM asset_meta am JOIN components c ON c.pk = am.component_pk
           WHERE am.snooze_until IS NOT NULL OR am.boost_until IS NOT NULL`,
        ),
      );
    },
  };
}

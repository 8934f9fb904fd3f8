/**
 * Row ⇄ model mapping of the GridDuck tables (sites, gateways, site_roles, asset_meta), shared
 * by both SQL backends (same column names; see the migrations' step 4).
 */
import {
  DEFAULT_ASSET_DETAILS,
  DEFAULT_ASSET_META,
  isUserState,
  type AssetDetails,
  type AssetMeta,
  type Gateway,
  type PendingOverride,
  type Site,
  type SiteRole,
} from '../domain/gridduck-model.js';
import type { AssetMetaPatch } from './store.js';
import { optNumber, type Row } from './rows.js';

const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function siteFromRow(r: Row, assetUids: string[]): Site {
  return {
    key: Number(r.pk),
    uid: String(r.uid),
    orgKey: Number(r.org_pk),
    name: String(r.name),
    timezone: String(r.timezone),
    currency: optStr(r.currency),
    pricePerKwh: optStr(r.price_per_kwh),
    address: String(r.address),
    created: Number(r.created),
    assetUids,
  };
}

export function gatewayFromRow(r: Row, lastContact: number | null): Gateway {
  return {
    key: Number(r.pk),
    uid: String(r.uid),
    orgKey: Number(r.org_pk),
    name: String(r.name),
    code: String(r.code),
    firmware: optStr(r.firmware),
    siteKey: optNumber(r.site_pk),
    created: Number(r.created),
    lastContact,
  };
}

export const siteRoleFromRow = (r: Row): SiteRole => ({ userKey: Number(r.user_pk), siteKey: Number(r.site_pk), role: String(r.role) });

/** Only the known detail fields, so that a stray key in the JSON never reaches the API. */
function detailsFrom(json: unknown): AssetDetails {
  let o: Record<string, unknown> = {};
  if (typeof json === 'string' && json !== '') {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) o = parsed as Record<string, unknown>;
  }
  const d: Record<string, unknown> = { ...DEFAULT_ASSET_DETAILS };
  for (const k of Object.keys(DEFAULT_ASSET_DETAILS)) if (k in o) d[k] = o[k];
  return d as unknown as AssetDetails;
}

/**
 * The metadata columns of a components LEFT JOIN asset_meta row; a component without a meta row
 * (every column NULL) gets the defaults.
 */
export function metaFromRow(r: Row): AssetMeta {
  return {
    siteKey: optNumber(r.site_pk),
    gatewayKey: optNumber(r.gateway_pk),
    parentKey: optNumber(r.parent_pk),
    ownerUserKey: optNumber(r.owner_user_pk),
    pricePerKwh: optStr(r.price_per_kwh),
    currency: optStr(r.currency),
    controllable: r.controllable === true || Number(r.controllable) === 1,
    userState: isUserState(r.user_state) ? r.user_state : DEFAULT_ASSET_META.userState,
    snoozeUntil: optNumber(r.snooze_until),
    boostUntil: optNumber(r.boost_until),
    details: detailsFrom(r.details),
  };
}

/** The stored metadata with a patch applied (details merged field by field). */
export function patchMeta(cur: AssetMeta, patch: AssetMetaPatch): AssetMeta {
  const { details, ...rest } = patch;
  const next: AssetMeta = { ...cur, details: { ...cur.details } };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  if (details) for (const [k, v] of Object.entries(details)) if (v !== undefined) (next.details as unknown as Record<string, unknown>)[k] = v;
  return next;
}

/** The columns of an asset_meta row, in the order the backends' upserts bind them (after component_pk). */
export function metaColumns(m: AssetMeta): unknown[] {
  return [
    m.siteKey,
    m.gatewayKey,
    m.parentKey,
    m.ownerUserKey,
    m.pricePerKwh,
    m.currency,
    m.controllable,
    m.userState,
    m.snoozeUntil,
    m.boostUntil,
    JSON.stringify(m.details),
  ];
}

/** Rows of (org_pk, pk, uid, id, snooze_until, boost_until) → every stored snooze and boost end, earliest first. */
export function pendingOverridesFromRows(rows: readonly Row[]): PendingOverride[] {
  const out: PendingOverride[] = [];
  for (const r of rows) {
    for (const kind of ['snooze', 'boost'] as const) {
      const until = optNumber(r[`${kind}_until`]);
      if (until !== null) out.push({ orgKey: Number(r.org_pk), componentKey: Number(r.pk), uid: String(r.uid), compId: String(r.id), kind, until });
    }
  }
  return out.sort((a, b) => a.until - b.until || a.componentKey - b.componentKey);
}

export const META_COLUMN_NAMES = [
  'site_pk',
  'gateway_pk',
  'parent_pk',
  'owner_user_pk',
  'price_per_kwh',
  'currency',
  'controllable',
  'user_state',
  'snooze_until',
  'boost_until',
  'details',
] as const;

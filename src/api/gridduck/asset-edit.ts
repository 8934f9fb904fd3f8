/**
 * The body of `PUT /asset/{id}`, checked field by field before anything is looked up or changed.
 *
 * - `snooze_finish` / `boost_finish` (whole seconds, 0 cancels): the override; needs the
 *   `asset:boost_snooze` scope and role.
 * - every other editable field needs `asset:edit`: name, site_id, gateway_id, parent_asset
 *   (uid or null), price_per_kwh (decimal string or number, or null = the site's), currency
 *   (or null), user_state (ALWAYS_ON / ALWAYS_OFF), controllable, and the descriptive fields.
 * - the asset object's other fields are computed or fixed (id, code, current_state, ...):
 *   naming one is a 400, as is a field the asset does not have, so a typo never passes silently.
 */
import { badRequest } from '../../domain/errors.js';
import { isUserState, USER_STATES, type AssetDetails } from '../../domain/gridduck-model.js';
import { checkOverride, type OverrideRequest } from '../../domain/override.js';
import type { AssetMetaPatch } from '../../storage/store.js';
import { SEED_ASSET_FIELDS } from './asset-json.js';

export const MAX_NAME_LENGTH = 200;
const MAX_TEXT = 200;

export interface AssetEdit {
  /** metadata fields to change (references come apart, as uids) */
  patch: AssetMetaPatch;
  override: OverrideRequest | undefined;
  /** new component name */
  name: string | undefined;
  /** uids given for references; null = none */
  siteId: string | null | undefined;
  gatewayId: string | null | undefined;
  parentId: string | null | undefined;
  /** which kinds of change the body asks for */
  needsBoostSnooze: boolean;
  needsEdit: boolean;
}

type Json = Record<string, unknown>;
type Reader = (v: unknown, field: string) => unknown;

const text = (max = MAX_TEXT, nullable = true): Reader => (v, f) => {
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || v.length > max) throw badRequest(`${f} must be ${nullable ? 'null or ' : ''}a string of at most ${max} characters`);
  return v;
};
const bool: Reader = (v, f) => {
  if (typeof v !== 'boolean') throw badRequest(`${f} must be true or false`);
  return v;
};
/** null, or a number ≥ 0 (whole when `whole`) */
const amount = (whole: boolean): Reader => (v, f) => {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) {
    throw badRequest(`${f} must be null or a ${whole ? 'whole ' : ''}number of 0 or more`);
  }
  return v;
};
const uidOrNull: Reader = (v, f) => {
  if (v === null) return null;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 100) throw badRequest(`${f} must be an id (string) or null`);
  return v;
};

/** A price as GridDuck sends it ("14"); a JSON number is accepted and kept as its decimal text. */
export const priceText: Reader = (v, f) => {
  if (v === null) return null;
  const s = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,12}(\.\d{1,6})?$/.test(s.trim())) throw badRequest(`${f} must be null or a decimal of 0 or more, e.g. "14" or "14.5"`);
  return s.trim();
};

/** Descriptive fields: wire name → details key and reader. */
const DETAILS: Record<string, [keyof AssetDetails, Reader]> = {
  sku: ['sku', text()],
  serial_no: ['serialNo', text()],
  firmware_target: ['firmwareTarget', text()],
  interruptible: ['interruptible', bool],
  min_time_on: ['minTimeOn', amount(true)],
  max_time_off: ['maxTimeOff', amount(true)],
  frequency_enabled: ['frequencyEnabled', bool],
  frequency_off_point: ['frequencyOffPoint', amount(false)],
  frequency_on_point: ['frequencyOnPoint', amount(false)],
  clamp_size: ['clampSize', amount(false)],
  imp_kwh: ['impKwh', amount(false)],
  simulated: ['simulated', bool],
  tags: [
    'tags',
    (v, f) => {
      if (v === null) return null;
      if (!Array.isArray(v) || v.length > 50 || !v.every((t) => typeof t === 'string' && t.length <= 100)) {
        throw badRequest(`${f} must be null or an array of at most 50 strings`);
      }
      return v;
    },
  ],
};

/** The descriptive fields' wire names: stored and shown as given. */
export const DESCRIPTIVE_FIELDS: readonly string[] = Object.keys(DETAILS);

const EDITABLE = new Set(['name', 'site_id', 'gateway_id', 'parent_asset', 'price_per_kwh', 'currency', 'user_state', 'controllable', ...DESCRIPTIVE_FIELDS]);
const OVERRIDES = new Set(['snooze_finish', 'boost_finish']);
const READ_ONLY = new Set<string>(SEED_ASSET_FIELDS.filter((f) => !EDITABLE.has(f) && !OVERRIDES.has(f)));

export function parseAssetEdit(body: unknown): AssetEdit {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be a JSON object, e.g. {"snooze_finish": 60}');
  const o = body as Json;
  const keys = Object.keys(o);
  if (keys.length === 0) throw badRequest('the body names no field to change');
  for (const k of keys) {
    if (READ_ONLY.has(k)) throw badRequest(`cannot change ${k}: it is read-only`);
    if (!EDITABLE.has(k) && !OVERRIDES.has(k)) throw badRequest(`an asset has no field '${k}'`);
  }
  const edit: AssetEdit = {
    patch: {},
    override: undefined,
    name: undefined,
    siteId: undefined,
    gatewayId: undefined,
    parentId: undefined,
    needsBoostSnooze: keys.some((k) => OVERRIDES.has(k)),
    needsEdit: keys.some((k) => EDITABLE.has(k)),
  };
  if (edit.needsBoostSnooze) {
    const req: { snooze?: unknown; boost?: unknown } = {};
    if ('snooze_finish' in o) req.snooze = o.snooze_finish;
    if ('boost_finish' in o) req.boost = o.boost_finish;
    // the checks the change itself makes, so that a bad value is a 400 before anything else
    checkOverride(req);
    edit.override = req;
  }
  if ('name' in o) {
    const n = text(MAX_NAME_LENGTH, false)(o.name, 'name') as string;
    if (n.trim() === '') throw badRequest('name cannot be empty');
    edit.name = n;
  }
  if ('site_id' in o) edit.siteId = uidOrNull(o.site_id, 'site_id') as string | null;
  if ('gateway_id' in o) edit.gatewayId = uidOrNull(o.gateway_id, 'gateway_id') as string | null;
  if ('parent_asset' in o) edit.parentId = uidOrNull(o.parent_asset, 'parent_asset') as string | null;
  if ('price_per_kwh' in o) edit.patch.pricePerKwh = priceText(o.price_per_kwh, 'price_per_kwh') as string | null;
  if ('currency' in o) edit.patch.currency = text(16)(o.currency, 'currency') as string | null;
  if ('user_state' in o) {
    if (!isUserState(o.user_state)) throw badRequest(`user_state must be one of ${USER_STATES.join(', ')}`);
    edit.patch.userState = o.user_state;
  }
  if ('controllable' in o) edit.patch.controllable = bool(o.controllable, 'controllable') as boolean;
  const details: Record<string, unknown> = {};
  for (const [wire, [key, read]] of Object.entries(DETAILS)) if (wire in o) details[key] = read(o[wire], wire);
  if (Object.keys(details).length > 0) edit.patch.details = details as Partial<AssetDetails>;
  return edit;
}

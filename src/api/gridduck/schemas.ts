/**
 * OpenAPI descriptions of the GridDuck resources (they feed /docs). Documentation only: the
 * routes check input in code after the bearer token (docOnly), so that a caller without a
 * token gets 401 rather than a validation 400, and every 400 has GridDuck's error shape and a
 * message naming the field. Responses are sent as ready JSON text, so these response schemas
 * never filter what is sent.
 */
import { DESCRIPTIVE_FIELDS } from './asset-edit.js';

export const TAGS = ['GridDuck'];

/** Fastify validator compiler that accepts everything (see above). */
export const docOnly = () => () => true;

const str = (description: string) => ({ type: 'string', description });
const nstr = (description: string) => ({ type: ['string', 'null'], description });
const num = (description: string) => ({ type: 'number', description });
const nnum = (description: string) => ({ type: ['number', 'null'], description });
const bool = (description: string) => ({ type: 'boolean', description });
const PERMISSION = { type: 'string', enum: ['view', 'boost_snooze', 'edit', 'admin', 'owner'], description: "the caller's effective permission on this object" };

export const idParams = { type: 'object', required: ['id'], properties: { id: str('the object id (uid)') } };

const paging = {
  offset: { type: 'string', description: 'first result, default 0' },
  limit: { type: 'string', description: 'page size, default 25, at most 1000 (larger asks get 1000)' },
};
export const siteListQuery = { type: 'object', properties: paging };
export const gatewayListQuery = { type: 'object', properties: { ...paging, site_id: str('only gateways of this site') } };
export const assetListQuery = { type: 'object', properties: { ...paging, site_id: str('only assets of this site'), gateway_id: str('only assets paired to this gateway') } };

export const errorSchema = {
  type: 'object',
  description: 'GridDuck error (bearer-token errors have RFC 6750 `error_description` instead of `message`)',
  properties: { error: str('machine-readable code'), message: str('what went wrong'), request_id: str('') },
};

export const siteSchema = {
  type: 'object',
  properties: {
    id: str('uid'),
    name: str(''),
    timezone: str('IANA zone'),
    currency: nstr('e.g. "£"'),
    price_per_kwh: nstr('decimal string, e.g. "14"'),
    address: str(''),
    asset_ids: { type: 'array', items: { type: 'string' }, description: 'assets on the site (empty without asset scope)' },
    created: str('ISO 8601'),
    created_stamp: num('Unix seconds'),
    _permission: PERMISSION,
  },
};

export const gatewaySchema = {
  type: 'object',
  properties: {
    id: str('uid'),
    name: str('e.g. "Hub-369C"'),
    code: str('hardware code'),
    firmware: nstr(''),
    site_id: nstr(''),
    site_name: nstr(''),
    disconnected: bool('no asset of it reported for 15 minutes'),
    last_contacted: nnum('Unix seconds of the latest report of any of its assets'),
    created: str('ISO 8601'),
    created_stamp: num('Unix seconds'),
    _permission: PERMISSION,
  },
};

export const assetSchema = {
  type: 'object',
  description: "Every field of GridDuck's example asset, plus `controllable`",
  properties: {
    children: { type: 'array', items: { type: 'string' }, description: 'child asset ids' },
    tp_site_id: { type: 'null' },
    firmware_target: nstr(''),
    third_party_type: { type: 'null' },
    max_time_off: nnum('seconds'),
    serial_no: nstr(''),
    min_time_on: nnum('seconds'),
    interruptible: bool(''),
    frequency_enabled: bool(''),
    frequency_off_point: nnum('Hz'),
    frequency_on_point: nnum('Hz'),
    parent_asset: nstr('parent asset id'),
    clamp_size: nnum('A'),
    tags: { type: ['array', 'null'], items: { type: 'string' } },
    data_from: { type: 'null' },
    boost_finish: num('seconds of boost left, 0 when none'),
    snooze_finish: num('seconds of snooze left, 0 when none'),
    lost: bool('silent for a day after having reported'),
    imp_kwh: nnum('impulses per kWh'),
    current_state: { type: 'string', enum: ['ON', 'OFF'] },
    created: str('ISO 8601'),
    dr_rule_id: { type: 'null' },
    dr_profile_id: { type: 'null' },
    user_id: nstr('owner user id'),
    overrides: { type: 'null' },
    id: str('the component uid'),
    name: str('the component name'),
    site_name: nstr(''),
    currency: nstr("the asset's, else its site's"),
    price_per_kwh: nstr("decimal string; the asset's, else its site's"),
    gateway_name: nstr(''),
    code: str('the component id'),
    simulated: bool(''),
    simulated_from: { type: 'null' },
    gateway_id: nstr(''),
    user_state: { type: 'string', enum: ['ALWAYS_ON', 'ALWAYS_OFF'] },
    timeswitch_id: { type: 'null' },
    site_id: nstr(''),
    read_only: bool('the caller may not edit it'),
    sku: nstr('e.g. "PLU-UK"'),
    trigger_rules: { type: 'array', items: {} },
    alert_rules: { type: 'array', items: {} },
    disconnected: bool('no report for 15 minutes'),
    gateway_disconnected: bool(''),
    last_contacted: nnum('Unix seconds of the latest report'),
    consumption: nnum('W: last value of the stream "consumption"'),
    delivered: nnum('Wh: last value of the stream "delivered"'),
    asset_signal_strength: nnum('dBm: last value of the stream "signal_strength"'),
    site_currency: nstr(''),
    site_price_per_kwh: nstr(''),
    created_stamp: num('Unix seconds'),
    _permission: PERMISSION,
    boost_finish_stamp: num('Unix seconds the boost ends, 0 when none'),
    snooze_finish_stamp: num('Unix seconds the snooze ends, 0 when none'),
    controllable: bool('GridGrove: snooze and boost apply (set with asset:edit)'),
  },
};

export const listSchema = (item: object) => ({
  type: 'object',
  properties: {
    pagination: { type: 'object', properties: { offset: num(''), limit: num(''), total: num('') } },
    links: { type: 'object', properties: { next: nstr('absolute URL of the next page, null on the last'), prev: nstr('null on the first page') } },
    results: { type: 'array', items: item },
    request_id: str(''),
  },
});

export const one = (item: object) => ({ type: 'object', properties: { ...(item as { properties: object }).properties, request_id: str('') } });

export const siteBody = {
  type: 'object',
  description: 'Fields to change (needs site:edit and an edit role)',
  properties: { name: str(''), timezone: str('IANA zone'), currency: nstr(''), price_per_kwh: { type: ['string', 'number', 'null'] }, address: str('') },
};

export const assetBody = {
  type: 'object',
  description:
    'snooze_finish / boost_finish: seconds (0 cancels), needs asset:boost_snooze and a boost_snooze role, and a controllable asset. ' +
    'Any other field needs asset:edit and an edit role.',
  properties: {
    snooze_finish: num('force OFF for this many seconds'),
    boost_finish: num('force ON for this many seconds'),
    name: str(''),
    site_id: nstr(''),
    gateway_id: nstr(''),
    parent_asset: nstr(''),
    price_per_kwh: { type: ['string', 'number', 'null'] },
    currency: nstr(''),
    user_state: { type: 'string', enum: ['ALWAYS_ON', 'ALWAYS_OFF'] },
    controllable: bool(''),
    // the descriptive fields asset-edit.ts reads, described as the asset shows them
    ...Object.fromEntries(DESCRIPTIVE_FIELDS.map((f) => [f, (assetSchema.properties as Record<string, object>)[f]])),
  },
};

export const noContent = { 204: { type: 'null', description: 'done' } };

/**
 * An asset (= a component) as GridDuck's dialect shows it: every field of the seed's example
 * asset, in its order, with one type each, plus `controllable` (ours). Where the values come from:
 *
 * - id / code / name: the component's uid / id / name; created (ISO) / created_stamp (Unix s).
 * - consumption (W), delivered (Wh), asset_signal_strength (dBm): last values of the
 *   component's streams `consumption`, `delivered`, `signal_strength` (null when absent or not a number).
 * - last_contacted (Unix s or null): the latest sample of any stream but the control stream;
 *   disconnected / lost from it (connectivity.ts); gateway_disconnected from the gateway's.
 * - current_state, snooze_finish / boost_finish (seconds left, 0 when none) and
 *   *_finish_stamp (Unix s end, 0 when none): computed from the stored ends and the clock.
 * - site_*, gateway_*, price_per_kwh, currency (the asset's own, else its site's),
 *   site_currency / site_price_per_kwh, user_state, user_id (owner), parent_asset / children
 *   (only those the caller may see), and the descriptive fields: the asset metadata.
 * - read_only: the caller may not edit it; _permission: the caller's effective level.
 * - Features GridGrove does not have are answered as having none: tp_site_id,
 *   third_party_type, data_from, simulated_from, dr_rule_id, dr_profile_id, timeswitch_id,
 *   overrides are null, trigger_rules and alert_rules are [].
 */
import { CONTROL_STREAM_ID, type Asset, type Gateway, type Site } from '../../domain/gridduck-model.js';
import type { Component } from '../../domain/model.js';
import { finishStamp, relayState, secondsLeft } from '../../domain/override.js';
import type { GdCaller } from './access.js';
import { isDisconnected, isLost, unixSeconds } from './connectivity.js';
import { atLeast, canView, type Level } from './permissions.js';

/** Stream ids the telemetry fields come from. */
export const TELEMETRY_STREAMS = { consumption: 'consumption', delivered: 'delivered', signalStrength: 'signal_strength' } as const;

function lastNumber(c: Component, streamId: string): number | null {
  const v = c.streams.find((s) => s.id === streamId)?.lastValue;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Latest report of the device: any stream's last sample, the server-written control stream excluded. */
export function lastContactOf(c: Component): number | null {
  let t: number | null = null;
  for (const s of c.streams) if (s.id !== CONTROL_STREAM_ID && s.lastTime !== null && (t === null || s.lastTime > t)) t = s.lastTime;
  return t;
}

export interface AssetContext {
  site: Site | undefined;
  gateway: Gateway | undefined;
  caller: GdCaller;
  level: Level;
  now: number;
}

export function assetJson(a: Asset, x: AssetContext): Record<string, unknown> {
  const { component: c, meta: m } = a;
  const d = m.details;
  const contact = lastContactOf(c);
  const visible = (siteKey: number | null) => canView(x.caller.level('asset', siteKey));
  return {
    children: a.children.filter((ch) => visible(ch.siteKey)).map((ch) => ch.uid),
    tp_site_id: null,
    firmware_target: d.firmwareTarget,
    third_party_type: null,
    max_time_off: d.maxTimeOff,
    serial_no: d.serialNo,
    min_time_on: d.minTimeOn,
    interruptible: d.interruptible,
    frequency_enabled: d.frequencyEnabled,
    frequency_off_point: d.frequencyOffPoint,
    frequency_on_point: d.frequencyOnPoint,
    parent_asset: a.parent && visible(a.parent.siteKey) ? a.parent.uid : null,
    clamp_size: d.clampSize,
    tags: d.tags,
    data_from: null,
    boost_finish: secondsLeft(m, 'boost', x.now),
    snooze_finish: secondsLeft(m, 'snooze', x.now),
    lost: isLost(contact, x.now),
    imp_kwh: d.impKwh,
    current_state: relayState(m, x.now),
    created: new Date(c.created).toISOString(),
    dr_rule_id: null,
    dr_profile_id: null,
    user_id: a.ownerUid,
    overrides: null,
    id: c.uid,
    name: c.name,
    site_name: x.site?.name ?? null,
    currency: m.currency ?? x.site?.currency ?? null,
    price_per_kwh: m.pricePerKwh ?? x.site?.pricePerKwh ?? null,
    gateway_name: x.gateway?.name ?? null,
    code: c.id,
    simulated: d.simulated,
    simulated_from: null,
    gateway_id: x.gateway?.uid ?? null,
    user_state: m.userState,
    timeswitch_id: null,
    site_id: x.site?.uid ?? null,
    read_only: !atLeast(x.level, 'edit'),
    sku: d.sku,
    trigger_rules: [],
    alert_rules: [],
    disconnected: isDisconnected(contact, x.now),
    gateway_disconnected: x.gateway ? isDisconnected(x.gateway.lastContact, x.now) : false,
    last_contacted: contact === null ? null : unixSeconds(contact),
    consumption: lastNumber(c, TELEMETRY_STREAMS.consumption),
    delivered: lastNumber(c, TELEMETRY_STREAMS.delivered),
    asset_signal_strength: lastNumber(c, TELEMETRY_STREAMS.signalStrength),
    site_currency: x.site?.currency ?? null,
    site_price_per_kwh: x.site?.pricePerKwh ?? null,
    created_stamp: unixSeconds(c.created),
    _permission: x.level,
    boost_finish_stamp: finishStamp(m, 'boost', x.now),
    snooze_finish_stamp: finishStamp(m, 'snooze', x.now),
    controllable: m.controllable,
  };
}

/** The seed's asset fields, in its order (the JSON above adds `controllable` after them). */
export const SEED_ASSET_FIELDS = [
  'children', 'tp_site_id', 'firmware_target', 'third_party_type', 'max_time_off', 'serial_no', 'min_time_on', 'interruptible',
  'frequency_enabled', 'frequency_off_point', 'frequency_on_point', 'parent_asset', 'clamp_size', 'tags', 'data_from', 'boost_finish',
  'snooze_finish', 'lost', 'imp_kwh', 'current_state', 'created', 'dr_rule_id', 'dr_profile_id', 'user_id', 'overrides', 'id', 'name',
  'site_name', 'currency', 'price_per_kwh', 'gateway_name', 'code', 'simulated', 'simulated_from', 'gateway_id', 'user_state',
  'timeswitch_id', 'site_id', 'read_only', 'sku', 'trigger_rules', 'alert_rules', 'disconnected', 'gateway_disconnected',
  'last_contacted', 'consumption', 'delivered', 'asset_signal_strength', 'site_currency', 'site_price_per_kwh', 'created_stamp',
  '_permission', 'boost_finish_stamp', 'snooze_finish_stamp',
] as const;

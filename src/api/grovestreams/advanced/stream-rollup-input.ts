/**
 * The rollup fields of one stream element (docs/grovestreams.md, "Stream kinds and rollup
 * settings"): GroveStreams' baseCycle, rollupCalendar, rollupMethod and delete_profile, and
 * GridGrove's meterKind, randomAvg, gapFill and timeAlignment.
 *
 * Absent fields keep the current stream's settings. The merged settings are then checked as a
 * whole, because a change elsewhere can invalidate them (a stream becoming an intvl_stream needs
 * a base cycle; a new valueType must still fit a constant gap fill). They are returned in
 * canonical form: undefined when every setting is the default, the 'default' calendar as null and
 * rollupMethod AVG left out, so that a definition GET and POSTed back unchanged stores the same.
 */
import { badRequest } from '../../../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, rollupDefOf, type StreamDef, type StreamRollupDef } from '../../../domain/model.js';
import { coerceValue, type ValueType } from '../../../domain/values.js';
import { baseCycleFitError } from '../../../rollup/base-cycle-fit.js';
import { meterFillError } from '../../../rollup/meter-fill.js';
import { resolveCalendar } from '../../../rollup/calendar.js';
import { isNumericType } from '../../../rollup/rollup-settings.js';
import { parseStatId, STAT_IDS } from '../../../rollup/stat-id.js';
import { DEFAULT_CALENDAR_ID } from '../../../rollup/stream-plan.js';
import { isObject, optEnum, optText, type Json } from './common.js';
import { refIdOf } from './entity-ref.js';
import type { RollupDefinitions } from '../../../storage/rollup-definitions.js';

export const METER_KINDS = ['GAUGE', 'CUMULATIVE', 'DELTA'] as const;
export const RANDOM_AVGS = ['HOLD', 'MEAN'] as const;
export const GAP_FILL_TYPES = ['NONE', 'PREVIOUS', 'CONSTANT'] as const;
export const TIME_ALIGNMENTS = ['CONTAINING', 'ENDING'] as const;
/** rollupMethod of a stream that names none. */
export const DEFAULT_ROLLUP_METHOD = 'avg';

const lower = <T extends string>(v: T | undefined): Lowercase<T> | undefined => v?.toLowerCase() as Lowercase<T> | undefined;

/** A constant gap fill of `raw` in the stream's value type. */
function constantFill(raw: unknown, f: string, valueType: ValueType): StreamRollupDef['gapFill'] {
  const v = coerceValue(valueType, raw);
  if (typeof v === 'object') throw badRequest(`${f}.gapFill.value does not fit valueType ${valueType}: ${v.error}`);
  return { kind: 'constant', value: v };
}

/** gapFill {"type","value"}; undefined when absent or null. */
function gapFillOf(o: Json, f: string, valueType: ValueType): StreamRollupDef['gapFill'] | undefined {
  const v = o.gapFill;
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${f}.gapFill must be {"type":"NONE"|"PREVIOUS"|"CONSTANT","value":...}`);
  const type = optEnum(v, 'type', `${f}.gapFill.type`, GAP_FILL_TYPES);
  if (type === undefined) throw badRequest(`${f}.gapFill.type is required (${GAP_FILL_TYPES.join(', ')})`);
  const hasValue = v.value !== undefined && v.value !== null;
  if (type === 'CONSTANT') {
    // JSON has no Infinity or NaN: JavaScript's JSON.stringify sends them (and so 1e400) as null
    if (v.value === null) throw badRequest(`${f}.gapFill.value is null: type CONSTANT needs a value of the stream's type (type NONE leaves gaps; a number beyond ±1.8e308 such as 1e400, or NaN, arrives as null from JSON.stringify)`);
    if (!hasValue) throw badRequest(`${f}.gapFill.value is required with type CONSTANT`);
    return constantFill(v.value, f, valueType);
  }
  if (hasValue) throw badRequest(`${f}.gapFill.value is only used with type CONSTANT`);
  return { kind: type === 'NONE' ? 'none' : 'previous' };
}

function rollupMethodOf(o: Json, f: string): string | null | undefined {
  const v = optText(o, 'rollupMethod', `${f}.rollupMethod`, 64);
  if (v === undefined) return undefined;
  if (v.trim() === '') return null;
  const stat = parseStatId(v);
  if (!stat) throw badRequest(`${f}.rollupMethod '${v}' is not a statistic (${STAT_IDS.map((s) => s.toUpperCase()).join(', ')})`);
  return stat;
}

/**
 * Checks merged settings against the stream's kind and value type, the org's vocabulary and the
 * component's zone (undefined for templates) from `now` on; returns them with a constant gap fill in the value type.
 */
function checkRollup(r: StreamRollupDef, f: string, def: Pick<StreamDef, 'streamType' | 'valueType'>, vocab: RollupDefinitions, zone: string | undefined, now: number): StreamRollupDef {
  const base = r.baseCycleId === null ? undefined : vocab.cycles.find((c) => c.id === r.baseCycleId);
  // Settings kept from the current stream may name what the org has since deleted.
  if (r.baseCycleId !== null && !base) throw badRequest(`${f}.baseCycle: unknown cycle '${r.baseCycleId}'`);
  if (r.calendarId !== null && !vocab.calendars.some((c) => c.id === r.calendarId)) throw badRequest(`${f}.rollupCalendar: unknown rollup calendar '${r.calendarId}'`);
  if (r.deleteProfileId !== null && !vocab.deleteProfiles.some((p) => p.id === r.deleteProfileId)) {
    throw badRequest(`${f}.delete_profile: unknown delete profile '${r.deleteProfileId}'`);
  }
  if (r.meter !== 'gauge' && !isNumericType(def.valueType)) {
    throw badRequest(`${f}.meterKind ${r.meter.toUpperCase()} needs a numeric valueType (DOUBLE or LONG), not ${def.valueType}`);
  }
  // a kept constant must still fit when the value type changes (e.g. LONG → DOUBLE gives 0 → 0)
  const gapFill = r.gapFill.kind === 'constant' ? constantFill(r.gapFill.value, f, def.valueType) : r.gapFill;
  // on the merged settings, so that a later meterKind (or gapFill) alone cannot make the pair
  const invented = meterFillError({ ...r, gapFill });
  if (invented) throw badRequest(`${f}.${invented}`);
  const cal = vocab.calendars.find((c) => c.id === (r.calendarId ?? DEFAULT_CALENDAR_ID));
  const calendar = cal && resolveCalendar(cal, vocab.cycles);
  if (cal && calendar && !calendar.ok) throw badRequest(`${f}.rollupCalendar '${cal.id}' cannot be used: ${calendar.error}`);
  if (def.streamType === 'intvl_stream') {
    if (!base) throw badRequest(`${f}.baseCycle is required for an intvl_stream: the cycle its intervals follow, e.g. {"id":"minute"}`);
    const err = cal && calendar?.ok ? baseCycleFitError(base, calendar.cycles, zone, now) : null;
    if (err) throw badRequest(`${f}.baseCycle '${base.id}' does not fit rollup calendar '${cal!.id}': ${err}`);
  }
  return { ...r, gapFill };
}

function canonical(r: StreamRollupDef): StreamRollupDef | undefined {
  const { rollupMethod, ...rest } = r;
  const out: StreamRollupDef = { ...rest, calendarId: r.calendarId === DEFAULT_CALENDAR_ID ? null : r.calendarId };
  if (rollupMethod !== undefined && rollupMethod !== DEFAULT_ROLLUP_METHOD) out.rollupMethod = rollupMethod;
  const d = DEFAULT_STREAM_ROLLUP;
  const isDefault =
    out.baseCycleId === d.baseCycleId && out.calendarId === d.calendarId && out.meter === d.meter && out.randomAvg === d.randomAvg &&
    out.gapFill.kind === d.gapFill.kind && out.align === d.align && out.deleteProfileId === d.deleteProfileId && out.rollupMethod === undefined;
  return isDefault ? undefined : out;
}

/**
 * The rollup settings of stream element `o` (named `f` in messages) whose merged kind and value
 * type are `def`'s, over the current stream `cur` (undefined for a new stream), for a component
 * in `zone` (undefined for a template: base-cycle-fit.ts) from `now` on.
 */
export function parseStreamRollup(
  o: Json,
  f: string,
  def: Pick<StreamDef, 'streamType' | 'valueType'>,
  cur: Pick<StreamDef, 'rollup'> | undefined,
  vocab: RollupDefinitions,
  zone: string | undefined,
  now: number,
): StreamRollupDef | undefined {
  const r: StreamRollupDef = { ...rollupDefOf(cur ?? {}) };
  const baseCycleId = refIdOf(o, 'baseCycle', f, 'cycle', vocab.cycles);
  if (baseCycleId !== undefined) r.baseCycleId = baseCycleId;
  const calendarId = refIdOf(o, 'rollupCalendar', f, 'rollup calendar', vocab.calendars);
  if (calendarId !== undefined) r.calendarId = calendarId;
  const profileId = refIdOf(o, 'delete_profile', f, 'delete profile', vocab.deleteProfiles);
  if (profileId !== undefined) r.deleteProfileId = profileId;
  const method = rollupMethodOf(o, f);
  if (method === null) delete r.rollupMethod;
  else if (method !== undefined) r.rollupMethod = method;
  r.meter = lower(optEnum(o, 'meterKind', `${f}.meterKind`, METER_KINDS)) ?? r.meter;
  r.randomAvg = lower(optEnum(o, 'randomAvg', `${f}.randomAvg`, RANDOM_AVGS)) ?? r.randomAvg;
  r.align = lower(optEnum(o, 'timeAlignment', `${f}.timeAlignment`, TIME_ALIGNMENTS)) ?? r.align;
  r.gapFill = gapFillOf(o, f, def.valueType) ?? r.gapFill;
  return canonical(checkRollup(r, f, def, vocab, zone, now));
}

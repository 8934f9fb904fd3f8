/**
 * What a GridDuck telemetry `field` means (docs/gridduck.md, "Telemetry"):
 *
 * - aggregate `delivered` (Wh): the `sum` statistic of the component's `delivered` stream per
 *   bucket. The stream's meterKind decides what that sum is: CUMULATIVE (a register) → the
 *   energy used in the bucket, register resets counted; DELTA, or GAUGE (the kind of a stream the
 *   feed creates) → the total of the amounts reported in the bucket.
 * - aggregate `spend`: delivered kWh × price_per_kwh (the asset's own, else its site's), in the
 *   unit the price is given in (GridDuck's "14" with "£" is pence per kWh, so pence).
 * - instantaneous: any numeric stream of the component by id; `consumption` (W),
 *   `temperature` (°C) and the other well-known fields below answer nulls when the asset has no
 *   such stream yet, any other id must be a stream of the component.
 */
import { badRequest } from '../../domain/errors.js';
import { CONTROL_STREAM_ID, type Asset, type Site } from '../../domain/gridduck-model.js';
import type { Component, Stream } from '../../domain/model.js';
import { isNumericType } from '../../rollup/rollup-settings.js';
import { TELEMETRY_STREAMS } from './asset-json.js';

export const AGGREGATE_FIELDS = ['delivered', 'spend'] as const;
export type AggregateField = (typeof AGGREGATE_FIELDS)[number];

/** The stream aggregate fields are computed from. */
export const DELIVERED_STREAM = TELEMETRY_STREAMS.delivered;

/** Instantaneous fields GridDuck devices have, with their units (gridduck-notes §3.2). */
export const WELL_KNOWN_UNITS: Readonly<Record<string, string>> = {
  consumption: 'W',
  temperature: '°C',
  voltage: 'V',
  current: 'A',
  signal_strength: 'dBm',
  delivered: 'Wh',
};

export const DEFAULT_INSTANT_FIELD = 'consumption';

export function parseAggregateField(field: string | undefined): AggregateField {
  if (field === undefined) return 'delivered';
  if ((AGGREGATE_FIELDS as readonly string[]).includes(field)) return field as AggregateField;
  throw badRequest(`field must be one of ${AGGREGATE_FIELDS.join(', ')} for aggregate data, got '${field}' (levels such as consumption are instantaneous data)`);
}

export function streamOf(c: Component, id: string): Stream | undefined {
  return c.streams.find((s) => s.id === id);
}

/** Streams instantaneous data can be asked for: numeric ones, the server's control stream aside. */
function instantCandidates(c: Component): string[] {
  return c.streams.filter((s) => s.id !== CONTROL_STREAM_ID && isNumericType(s.valueType)).map((s) => s.id);
}

/**
 * The stream an instantaneous field reads, or undefined for a well-known field the asset has
 * no stream for (its data is then all null); 400 for anything else.
 */
export function instantStream(c: Component, field: string): Stream | undefined {
  const s = field === CONTROL_STREAM_ID ? undefined : streamOf(c, field);
  if (s) {
    if (!isNumericType(s.valueType)) throw badRequest(`field '${field}' holds ${s.valueType} values; instantaneous data needs a numeric stream`);
    return s;
  }
  if (Object.hasOwn(WELL_KNOWN_UNITS, field)) return undefined;
  const have = instantCandidates(c);
  throw badRequest(`unknown field '${field}' for this asset: its numeric fields are ${have.length > 0 ? have.join(', ') : 'none yet'}`);
}

export interface Price {
  /** per kWh, in the unit the price is given in */
  perKwh: number;
  currency: string | null;
}

/** A decimal price as GridDuck stores it ("14", "14.5"), or undefined when absent or not a number. */
export function parsePrice(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\s*-?\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The asset's price (its own, else its site's, as the asset JSON shows it); 400 when it has none. */
export function priceOf(a: Asset, site: Site | undefined): Price {
  const text = a.meta.pricePerKwh ?? site?.pricePerKwh ?? null;
  const perKwh = parsePrice(text);
  if (perKwh === undefined) {
    throw badRequest(
      `cannot compute spend for asset '${a.component.uid}': it has no usable price_per_kwh (${text === null ? 'none set' : `'${text}'`}) ` +
        'and neither has its site; set one with PUT /asset/{id} {"price_per_kwh": "14"}',
    );
  }
  return { perKwh, currency: a.meta.currency ?? site?.currency ?? null };
}

/** Wh × price per kWh; null stays null (no data is not zero spend). */
export function spendOf(wh: number | null, price: Price): number | null {
  return wh === null ? null : (wh * price.perKwh) / 1000;
}

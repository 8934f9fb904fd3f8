/**
 * Row ⇄ model mapping shared by the SQL backends (column names are the same in both).
 */
import type { ApiKey, Component, ComponentTemplate, OAuthApp, Org, StreamDef, StreamRollupDef, StreamType, Stream, Unit, User } from '../domain/model.js';
import type { Value, ValueType } from '../domain/values.js';

export type Row = Record<string, unknown>;

/** last_value is stored as the SQL scalar closest to its type: booleans as 1/0. */
export function toSqlValue(v: Value | null): number | string | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** A nullable numeric column: NULL (or a missing column) stays null. */
export const optNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Rows grouped by a numeric column, each group in the rows' order (one query for many parents instead of one per parent). */
export function groupBy<T>(rows: readonly Row[], column: string, map: (r: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r[column]);
    const list = out.get(k);
    if (list) list.push(map(r));
    else out.set(k, [map(r)]);
  }
  return out;
}

export function fromSqlValue(type: ValueType, v: unknown): Value | null {
  if (v === null || v === undefined) return null;
  if (type === 'BOOLEAN') return v === 1 || v === 1n || v === true || v === '1' || v === 'true';
  if (type === 'STRING') return String(v);
  return Number(v);
}

/**
 * streams.rollup: the stream's rollup settings as JSON, or NULL for the defaults. A stream
 * defined without settings reads back without them (not as a copy of the defaults), so what
 * was stored is exactly what is read.
 */
export function rollupToSql(d: Pick<StreamDef, 'rollup'>): string | null {
  return d.rollup === undefined ? null : JSON.stringify(d.rollup);
}

export function rollupFromSql(v: unknown): { rollup?: StreamRollupDef } {
  return v === null || v === undefined ? {} : { rollup: JSON.parse(String(v)) as StreamRollupDef };
}

export function streamFromRow(r: Row): Stream {
  const valueType = r.value_type as ValueType;
  return {
    key: Number(r.pk),
    uid: String(r.uid),
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    position: Number(r.position),
    valueType,
    streamType: r.stream_type as StreamType,
    unitId: (r.unit_id as string | null) ?? null,
    autoTyped: Number(r.auto_typed) === 1 || r.auto_typed === true,
    ...rollupFromSql(r.rollup),
    lastTime: optNumber(r.last_time),
    lastValue: fromSqlValue(valueType, r.last_value),
    rawFrom: optNumber(r.raw_from),
    created: Number(r.created),
  };
}

export function componentFromRow(r: Row, streams: Stream[]): Component {
  return {
    key: Number(r.pk),
    uid: String(r.uid),
    orgKey: Number(r.org_pk),
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    timezone: String(r.timezone),
    folderPath: String(r.folder_path),
    templateId: String(r.template_id),
    created: Number(r.created),
    streams,
  };
}

export function unitFromRow(r: Row): Unit {
  return {
    uid: String(r.uid),
    id: String(r.id),
    name: String(r.name),
    symbol: String(r.symbol),
    numberFormat: String(r.number_format),
    symbolLocation: r.symbol_location as Unit['symbolLocation'],
    booleanStyle: r.boolean_style as Unit['booleanStyle'],
  };
}

export function templateFromRow(r: Row): ComponentTemplate {
  return {
    uid: String(r.uid),
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    streams: JSON.parse(String(r.streams)),
  };
}

export const orgFromRow = (r: Row): Org => ({ key: Number(r.pk), uid: String(r.uid), name: String(r.name), timezone: String(r.timezone), created: Number(r.created) });

export const apiKeyFromRow = (r: Row): ApiKey => ({
  key: Number(r.pk),
  uid: String(r.uid),
  orgKey: Number(r.org_pk),
  name: String(r.name),
  rights: JSON.parse(String(r.rights)),
  ipRanges: JSON.parse(String(r.ip_ranges)),
  created: Number(r.created),
});

export const userFromRow = (r: Row): User => ({
  key: Number(r.pk),
  uid: String(r.uid),
  orgKey: Number(r.org_pk),
  email: String(r.email),
  role: String(r.role),
  created: Number(r.created),
});

export const appFromRow = (r: Row): OAuthApp => ({
  key: Number(r.pk),
  uid: String(r.uid),
  orgKey: Number(r.org_pk),
  name: String(r.name),
  clientId: String(r.client_id),
  scopes: JSON.parse(String(r.scopes)),
  grantTypes: JSON.parse(String(r.grant_types)),
  ownerUserKey: optNumber(r.owner_user_pk),
  secretGeneration: Number(r.secret_generation ?? 1),
  created: Number(r.created),
});

/**
 * The fields of a partial update that were given: `{ name: undefined }` (an optional body field
 * left out) must keep the stored name, not overwrite it with NULL.
 */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Every level of each folder path, sorted and unique: "/a/b" → "/a", "/a/b" (parents before children). */
export function folderLevels(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    let p = '';
    for (const part of path.split('/').filter(Boolean)) out.add((p += `/${part}`));
  }
  return [...out].sort();
}

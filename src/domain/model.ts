/**
 * The shared model both dialects map onto. A GridDuck asset is a component; its telemetry
 * fields are the component's streams. `key` fields are store-internal row ids and never leave
 * the server; `uid` is the public, globally unique id; `id` is the user-assigned id that the
 * GroveStreams simple API addresses things by.
 */
import type { Value, ValueType } from './values.js';

export type StreamType = 'rdm_stream' | 'intvl_stream' | 'point_stream';
export const STREAM_TYPES: readonly StreamType[] = ['rdm_stream', 'intvl_stream', 'point_stream'];

export interface Org {
  key: number;
  uid: string;
  name: string;
  timezone: string;
  created: number;
}

export interface Unit {
  uid: string;
  id: string;
  name: string;
  symbol: string;
  /** Java DecimalFormat-style pattern, e.g. "0.0" or "#,##0.00" */
  numberFormat: string;
  symbolLocation: 'AFTER' | 'BEFORE';
  booleanStyle: 'TRUE_FALSE' | 'ON_OFF' | 'YES_NO' | 'ONE_ZERO';
}

/** What defines a stream, as given in templates and component definitions. */
export interface StreamDef {
  id: string;
  name: string;
  description: string;
  valueType: ValueType;
  streamType: StreamType;
  /** id of a unit of the org, or null */
  unitId: string | null;
  /** true when the type was inferred from the first value (LONG may widen to DOUBLE) */
  autoTyped: boolean;
  /** how the stream rolls up; absent means DEFAULT_STREAM_ROLLUP (see rollupDefOf) */
  rollup?: StreamRollupDef;
}

/**
 * A stream's rollup settings (issue #3). Stored as one JSON column: they are read together,
 * with the stream, and only matter to the rollup engine.
 */
export interface StreamRollupDef {
  /** cycle id of the base cycle; required for interval streams, ignored otherwise */
  baseCycleId: string | null;
  /** rollup calendar id; null = the org's 'default' calendar */
  calendarId: string | null;
  /** gauge (level, e.g. W), cumulative (register reading, e.g. Wh meter) or delta (per-interval amount) */
  meter: 'gauge' | 'cumulative' | 'delta';
  /** random/point streams: 'hold' = sample-and-hold time-weighted mean (default), 'mean' = plain mean */
  randomAvg: 'hold' | 'mean';
  /** interval streams: what fills skipped base intervals on append */
  gapFill: { kind: 'none' } | { kind: 'previous' } | { kind: 'constant'; value: Value };
  /** interval streams: 'containing' snaps t into [sd, ed); 'ending' into (sd, ed] */
  align: 'containing' | 'ending';
  /** delete profile id (retention of raw samples), or null = keep forever */
  deleteProfileId: string | null;
  /**
   * GroveStreams defaultRollupMethod: the statId (lower case, rollup/stat-id.ts) for callers that
   * name none, e.g. charts; absent = 'avg'. Kept so that clients get back what they sent.
   */
  rollupMethod?: string;
}

export const DEFAULT_STREAM_ROLLUP: Readonly<StreamRollupDef> = Object.freeze<StreamRollupDef>({
  baseCycleId: null,
  calendarId: null,
  meter: 'gauge',
  randomAvg: 'hold',
  gapFill: { kind: 'none' },
  align: 'containing',
  deleteProfileId: null,
});

export function rollupDefOf(s: Pick<StreamDef, 'rollup'>): StreamRollupDef {
  return s.rollup ?? DEFAULT_STREAM_ROLLUP;
}

/** A delete profile: raw samples older than `count` × `unit` are removed; rollups stay. */
export interface DeleteProfile {
  uid: string;
  id: string;
  name: string;
  unit: 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  count: number;
}

export interface Stream extends StreamDef {
  key: number;
  uid: string;
  /** order within the component: positional `data` parameters bind by it */
  position: number;
  lastTime: number | null;
  lastValue: Value | null;
  created: number;
  /** retention: raw samples before this time were deleted by the stream's delete profile */
  rawFrom?: number | null;
}

export interface ComponentDef {
  id: string;
  name: string;
  description: string;
  timezone: string;
  /** "/Components/..." or "" */
  folderPath: string;
  /** id of the template it was made from, or "" */
  templateId: string;
}

export interface Component extends ComponentDef {
  key: number;
  uid: string;
  orgKey: number;
  created: number;
  streams: Stream[];
}

export interface ComponentTemplate {
  uid: string;
  id: string;
  name: string;
  description: string;
  streams: StreamDef[];
}

export interface Folder {
  uid: string;
  path: string;
}

/** One right of an API key: a resource pattern and the actions it allows there. */
export interface ApiKeyRight {
  resource: string;
  actions: string[];
}

export interface ApiKey {
  key: number;
  uid: string;
  orgKey: number;
  name: string;
  rights: ApiKeyRight[];
  /** IPs or CIDRs the key may be used from; empty = anywhere */
  ipRanges: string[];
  created: number;
}

export interface User {
  key: number;
  uid: string;
  orgKey: number;
  email: string;
  role: string;
  created: number;
}

export interface OAuthApp {
  key: number;
  uid: string;
  orgKey: number;
  name: string;
  clientId: string;
  scopes: string[];
  grantTypes: string[];
  /** the user client-credentials tokens act for; null only for apps of a user-less organisation */
  ownerUserKey: number | null;
  /** starts at 1, bumped by every secret reset (tokens from an older generation are dead) */
  secretGeneration: number;
  created: number;
}

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
}

export interface Stream extends StreamDef {
  key: number;
  uid: string;
  /** order within the component: positional `data` parameters bind by it */
  position: number;
  lastTime: number | null;
  lastValue: Value | null;
  created: number;
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
  created: number;
}

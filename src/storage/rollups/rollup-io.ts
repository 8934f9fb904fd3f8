/**
 * The two request languages of the rollup storage, and how a backend serves them.
 *
 *  - RollupRequest: what the maintainer (maintain-rollups.ts) asks for — states, raw samples,
 *    child states, and the states to store. A RollupSession (rollup-session.ts) answers it from
 *    the cache, asking the tables only for what the cache lacks.
 *  - StoreRequest: what the cache and the session ask of a backend's tables, batched.
 *
 * Everything above the tables is written once, as generators that yield StoreRequests; SQLite
 * answers them synchronously inside its write transaction (better-sqlite3 transactions cannot
 * await), PostgreSQL asynchronously with a statement or two per request whatever the batch
 * size (a write: deletes, bucket upserts, head upserts).
 */
import type { SampleValue } from '../chunks/sample-codec.js';
import type { Cycle } from '../../rollup/cycle.js';
import type { RollupState } from '../../rollup/rollup-state.js';

export interface StateKey {
  stream: number;
  cycle: Cycle;
  sd: number;
}

export interface PutRow extends StateKey {
  ed: number;
  state: RollupState;
  /** the runs the maintainer built the state from (runs.ts), for the cache to keep with it */
  runs?: readonly RollupState[] | undefined;
}

/** A stored state, and the runs it was built from when this process built it (runs.ts). */
export interface StoredState {
  state: RollupState;
  runs: readonly RollupState[] | undefined;
}

export interface RawRange {
  stream: number;
  from: number;
  to: number;
}

export type RollupRequest =
  /** stored states at the keys (StoredState; undefined where none) */
  | { kind: 'get'; keys: StateKey[] }
  /** raw samples of each stream with from ≤ time < to, ascending, gaps included */
  | { kind: 'raw'; ranges: RawRange[] }
  /** stored states of (stream, cycle) with from ≤ sd < to, ascending */
  | { kind: 'rows'; ranges: { stream: number; cycle: Cycle; from: number; to: number }[] }
  /**
   * per range, the stored states of (stream, cycle) with from ≤ sd < to combined into one state
   * spanning [from, to) — what a parent interval holds before the first child a write changed,
   * which stays the same while later children are written again and again (the session
   * remembers it)
   */
  | { kind: 'prefix'; ranges: { stream: number; cycle: Cycle; from: number; to: number }[] }
  /** upserts; `deleteStreams` first drops every state of those streams */
  | { kind: 'put'; rows: PutRow[]; deleteStreams?: number[] };

export type RawRun = { times: number[]; values: SampleValue[] };

export type RollupTask<T> = Generator<RollupRequest, T, unknown>;

export interface BucketKey {
  stream: number;
  cycle: string;
  bucket: number;
}

export interface StoredBucket {
  bucket: number;
  data: Uint8Array;
}

export interface BucketWrite extends BucketKey {
  valueSd: number | null;
  /** null: the bucket has no intervals left, delete its row */
  data: Uint8Array | null;
}

export interface HeadRow {
  version: number;
  data: Uint8Array;
}

/** What a backend's rollup tables answer (see buckets.ts for the rows). */
export interface RollupBackend {
  /** the head row's version per stream (null: no head row) */
  versions(streams: number[]): (number | null)[];
  heads(streams: number[]): (HeadRow | null)[];
  buckets(keys: BucketKey[]): (Uint8Array | null)[];
  /** the stored buckets of (stream, cycle) with from ≤ bucket ≤ to, ascending */
  bucketRange(stream: number, cycle: string, from: number, to: number): StoredBucket[];
  /** the latest bucket of (stream, cycle) below `bucket` that holds a value */
  valueBefore(stream: number, cycle: string, bucket: number): StoredBucket | null;
  /** the first or last bucket of (stream, cycle) */
  edge(stream: number, cycle: string, last: boolean): StoredBucket | null;
  raw(ranges: RawRange[]): RawRun[];
  /** drops every row of `deleteStreams`, then upserts the buckets and heads */
  write(deleteStreams: number[], buckets: BucketWrite[], heads: (HeadRow & { stream: number })[]): void;
}

export type AsyncRollupBackend = { [K in keyof RollupBackend]: (...a: Parameters<RollupBackend[K]>) => Promise<ReturnType<RollupBackend[K]>> };

export type StoreRequest = { [K in keyof RollupBackend]: { kind: K; args: Parameters<RollupBackend[K]> } }[keyof RollupBackend];

export type StoreTask<T> = Generator<StoreRequest, T, unknown>;

/** Asks the backend; `yield* ask('buckets', keys)` gives the typed answer inside a StoreTask. */
export function* ask<K extends keyof RollupBackend>(kind: K, ...args: Parameters<RollupBackend[K]>): Generator<StoreRequest, ReturnType<RollupBackend[K]>, unknown> {
  return (yield { kind, args } as StoreRequest) as ReturnType<RollupBackend[K]>;
}

function serve(b: RollupBackend | AsyncRollupBackend, r: StoreRequest): unknown {
  return (b[r.kind] as (...a: unknown[]) => unknown)(...r.args);
}

export function runSync<T>(task: StoreTask<T>, backend: RollupBackend): T {
  let step = task.next();
  while (!step.done) step = task.next(serve(backend, step.value));
  return step.value;
}

export async function runAsync<T>(task: StoreTask<T>, backend: AsyncRollupBackend): Promise<T> {
  let step = task.next();
  while (!step.done) step = task.next(await serve(backend, step.value));
  return step.value;
}

/**
 * The storage requests the rollup maintainer makes, and the two ways of serving them. The
 * maintainer (maintain-rollups.ts) is written once as a generator that yields batched requests;
 * SQLite answers them synchronously inside its write transaction (better-sqlite3 transactions
 * cannot await), PostgreSQL asynchronously, one round trip per request, whatever the batch size.
 */
import type { SampleValue } from '../chunks/sample-codec.js';
import type { Cycle } from '../../rollup/cycle.js';
import type { RollupState } from '../../rollup/rollup-state.js';
import type { RollupRow } from '../store.js';

export interface StateKey {
  stream: number;
  cycle: Cycle;
  sd: number;
}

export interface PutRow extends StateKey {
  ed: number;
  state: RollupState;
}

export type RollupRequest =
  /** stored states at the keys (undefined where none) */
  | { kind: 'get'; keys: StateKey[] }
  /** raw samples of each stream with from ≤ time < to, ascending, gaps included */
  | { kind: 'raw'; ranges: { stream: number; from: number; to: number }[] }
  /** stored states of (stream, cycle) with from ≤ sd < to, ascending */
  | { kind: 'rows'; ranges: { stream: number; cycle: Cycle; from: number; to: number }[] }
  /** upserts; `deleteStreams` first drops every state of those streams */
  | { kind: 'put'; rows: PutRow[]; deleteStreams?: number[] };

export type RawRun = { times: number[]; values: SampleValue[] };

export interface RollupIo {
  get(keys: StateKey[]): (RollupState | undefined)[];
  raw(ranges: { stream: number; from: number; to: number }[]): RawRun[];
  rows(ranges: { stream: number; cycle: Cycle; from: number; to: number }[]): RollupRow[][];
  put(rows: PutRow[], deleteStreams?: number[]): void;
}

export type AsyncRollupIo = { [K in keyof RollupIo]: (...a: Parameters<RollupIo[K]>) => Promise<ReturnType<RollupIo[K]>> };

export type RollupTask<T> = Generator<RollupRequest, T, unknown>;

/** Hands a request to the matching IO method (its result, or a promise of it for AsyncRollupIo). */
function serve(io: RollupIo | AsyncRollupIo, r: RollupRequest): unknown {
  switch (r.kind) {
    case 'get': return io.get(r.keys);
    case 'raw': return io.raw(r.ranges);
    case 'rows': return io.rows(r.ranges);
    case 'put': return io.put(r.rows, r.deleteStreams);
  }
}

export function runSync<T>(task: RollupTask<T>, io: RollupIo): T {
  let step = task.next();
  while (!step.done) step = task.next(serve(io, step.value));
  return step.value;
}

export async function runAsync<T>(task: RollupTask<T>, io: AsyncRollupIo): Promise<T> {
  let step = task.next();
  while (!step.done) step = task.next(await serve(io, step.value));
  return step.value;
}

/**
 * The SQLite side of rollups: the synchronous RollupIo the maintainer runs on inside a feed's
 * write transaction, and the Store's `rollups` reads. Prepared statements only.
 */
import type { RollupState } from '../../rollup/rollup-state.js';
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { runSync, type PutRow, type RawRun, type RollupIo, type StateKey } from '../rollups/rollup-io.js';
import { decodeState, encodeState } from '../rollups/state-codec.js';
import type { RollupRow, Store, StreamRollupPlan } from '../store.js';
import type { Db } from './open.js';

interface StateRow {
  sd: number;
  ed: number;
  state: Uint8Array;
}

const toRow = (r: StateRow): RollupRow => ({ sd: r.sd, ed: r.ed, state: decodeState(r.state, r.sd, r.ed) });

export function sqliteRollups(db: Db) {
  const s = {
    get: db.prepare<[number, string, number], { ed: number; state: Uint8Array }>('SELECT ed, state FROM rollups WHERE stream_pk = ? AND cycle = ? AND sd = ?'),
    range: db.prepare<[number, string, number, number], StateRow>(
      'SELECT sd, ed, state FROM rollups WHERE stream_pk = ? AND cycle = ? AND sd >= ? AND sd < ? ORDER BY sd',
    ),
    lastWithValue: db.prepare<[number, string, number], StateRow>(
      'SELECT sd, ed, state FROM rollups WHERE stream_pk = ? AND cycle = ? AND sd < ? AND has_value = 1 ORDER BY sd DESC LIMIT 1',
    ),
    latest: db.prepare<[number, string], StateRow>('SELECT sd, ed, state FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY sd DESC LIMIT 1'),
    earliest: db.prepare<[number, string], StateRow>('SELECT sd, ed, state FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY sd LIMIT 1'),
    put: db.prepare(
      `INSERT INTO rollups (stream_pk, cycle, sd, ed, has_value, state) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (stream_pk, cycle, sd) DO UPDATE SET ed = excluded.ed, has_value = excluded.has_value, state = excluded.state`,
    ),
    deleteStream: db.prepare('DELETE FROM rollups WHERE stream_pk = ?'),
    // The chunk holding `from` (if any) and every later one below `to`, ascending.
    chunks: db.prepare<[number, number, number, number, number], { data: Uint8Array }>(
      `SELECT data FROM chunks WHERE stream_pk = ? AND t0 < ?
         AND t0 >= coalesce((SELECT max(t0) FROM chunks WHERE stream_pk = ? AND t0 <= ?), ?)
       ORDER BY t0`,
    ),
  };

  const io: RollupIo = {
    get(keys: StateKey[]): (RollupState | undefined)[] {
      return keys.map((k) => {
        const r = s.get.get(k.stream, k.cycle, k.sd);
        return r ? decodeState(r.state, k.sd, r.ed) : undefined;
      });
    },
    raw(ranges): RawRun[] {
      return ranges.map((r) => collectRange(s.chunks.iterate(r.stream, r.to, r.stream, r.from, r.from), r.from, r.to));
    },
    rows(ranges): RollupRow[][] {
      return ranges.map((r) => s.range.all(r.stream, r.cycle, r.from, r.to).map(toRow));
    },
    put(rows: PutRow[], deleteStreams?: number[]): void {
      for (const pk of deleteStreams ?? []) s.deleteStream.run(pk);
      for (const r of rows) s.put.run(r.stream, r.cycle, r.sd, r.ed, r.state.last !== null ? 1 : 0, encodeState(r.state));
    },
  };

  const rebuild = db.transaction((streamKey: number, plan: StreamRollupPlan | null) => runSync(rebuildRollups(streamKey, plan), io));

  const store: Store['rollups'] = {
    async range(streamKey, cycleId, from, to) {
      return s.range.all(streamKey, cycleId, from, to).map(toRow);
    },
    async lastWithValueBefore(streamKey, cycleId, t) {
      const r = s.lastWithValue.get(streamKey, cycleId, t);
      return r ? toRow(r) : undefined;
    },
    async latest(streamKey, cycleId) {
      const r = s.latest.get(streamKey, cycleId);
      return r ? toRow(r) : undefined;
    },
    async earliest(streamKey, cycleId) {
      const r = s.earliest.get(streamKey, cycleId);
      return r ? toRow(r) : undefined;
    },
    async rebuild(streamKey, plan) {
      rebuild.immediate(streamKey, plan);
    },
  };
  return { io, store };
}

/**
 * The SQLite side of rollups: a synchronous RollupIo per feed commit (the maintainer runs on it
 * inside the write transaction), and the Store's `rollups` reads. States live in buckets of
 * sixteen intervals (storage/rollups/buckets.ts). Prepared statements only.
 */
import type { Cycle } from '../../rollup/cycle.js';
import { BucketSet, bucketOf, decodeBucket, lastWithValue } from '../rollups/buckets.js';
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { runSync, type RawRun, type RollupIo } from '../rollups/rollup-io.js';
import type { RollupRow, Store, StreamRollupPlan } from '../store.js';
import type { Db } from './open.js';

export function sqliteRollups(db: Db) {
  const s = {
    bucket: db.prepare<[number, string, number], { data: Uint8Array }>('SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket = ?'),
    buckets: db.prepare<[number, string, number, number], { data: Uint8Array }>(
      'SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
    ),
    withValueBefore: db.prepare<[number, string, number], { data: Uint8Array }>(
      'SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket <= ? AND value_sd IS NOT NULL ORDER BY bucket DESC',
    ),
    latest: db.prepare<[number, string], { data: Uint8Array }>('SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY bucket DESC LIMIT 1'),
    earliest: db.prepare<[number, string], { data: Uint8Array }>('SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY bucket LIMIT 1'),
    put: db.prepare(
      `INSERT INTO rollups (stream_pk, cycle, bucket, value_sd, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream_pk, cycle, bucket) DO UPDATE SET value_sd = excluded.value_sd, data = excluded.data`,
    ),
    deleteStream: db.prepare('DELETE FROM rollups WHERE stream_pk = ?'),
    // The chunk holding `from` (if any) and every later one below `to`, ascending.
    chunks: db.prepare<[number, number, number, number, number], { data: Uint8Array }>(
      `SELECT data FROM chunks WHERE stream_pk = ? AND t0 < ?
         AND t0 >= coalesce((SELECT max(t0) FROM chunks WHERE stream_pk = ? AND t0 <= ?), ?)
       ORDER BY t0`,
    ),
  };

  /** A fresh IO for one commit: buckets are read once, changed in memory and written once. */
  function newIo(): RollupIo {
    const set = new BucketSet();
    const load = (stream: number, cycle: Cycle, from: number, to: number) => {
      for (let b = bucketOf(cycle, from); b <= bucketOf(cycle, to - 1); b++) {
        if (!set.has(stream, cycle, b)) set.add(stream, cycle, b, s.bucket.get(stream, cycle.id, b)?.data);
      }
    };
    return {
      get(keys) {
        return keys.map((k) => {
          load(k.stream, k.cycle, k.sd, k.sd + 1);
          return set.get(k.stream, k.cycle, k.sd);
        });
      },
      raw(ranges): RawRun[] {
        return ranges.map((r) => collectRange(s.chunks.iterate(r.stream, r.to, r.stream, r.from, r.from), r.from, r.to));
      },
      rows(ranges): RollupRow[][] {
        return ranges.map((r) => {
          load(r.stream, r.cycle, r.from, r.to);
          return set.range(r.stream, r.cycle, r.from, r.to);
        });
      },
      put(rows, deleteStreams) {
        for (const pk of deleteStreams ?? []) {
          s.deleteStream.run(pk);
          set.dropStream(pk);
        }
        for (const r of rows) {
          load(r.stream, r.cycle, r.sd, r.sd + 1);
          set.set(r.stream, r.cycle, { sd: r.sd, ed: r.ed, state: r.state });
        }
        for (const b of set.dirty()) s.put.run(b.stream, b.cycle, b.bucket, b.valueSd, b.data);
      },
    };
  }

  const rebuild = db.transaction((streamKey: number, plan: StreamRollupPlan | null) => runSync(rebuildRollups(streamKey, plan), newIo()));

  const store: Store['rollups'] = {
    async range(streamKey, cycle, from, to) {
      if (to <= from) return [];
      const out: RollupRow[] = [];
      for (const b of s.buckets.iterate(streamKey, cycle.id, bucketOf(cycle, from), bucketOf(cycle, to - 1))) {
        for (const r of decodeBucket(b.data)) if (r.sd >= from && r.sd < to) out.push(r);
      }
      return out;
    },
    async lastWithValueBefore(streamKey, cycle, t) {
      for (const b of s.withValueBefore.iterate(streamKey, cycle.id, bucketOf(cycle, t))) {
        const hit = lastWithValue(decodeBucket(b.data), t);
        if (hit) return hit;
      }
      return undefined;
    },
    async latest(streamKey, cycle) {
      const b = s.latest.get(streamKey, cycle.id);
      return b ? decodeBucket(b.data).at(-1) : undefined;
    },
    async earliest(streamKey, cycle) {
      const b = s.earliest.get(streamKey, cycle.id);
      return b ? decodeBucket(b.data)[0] : undefined;
    },
    async rebuild(streamKey, plan) {
      rebuild.immediate(streamKey, plan);
    },
  };
  return { newIo, store };
}

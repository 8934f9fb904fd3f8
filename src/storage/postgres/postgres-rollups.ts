/**
 * The PostgreSQL side of rollups: a RollupIo per feed transaction (each request is one statement
 * over unnest'ed arrays, whatever the batch size) and the Store's `rollups` reads. States live
 * in buckets of sixteen intervals (storage/rollups/buckets.ts), as in SQLite.
 */
import type pg from 'pg';
import type { Cycle } from '../../rollup/cycle.js';
import type { Row } from '../rows.js';
import { BucketSet, bucketOf, decodeBucket, lastWithValue } from '../rollups/buckets.js';
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { runAsync, type AsyncRollupIo } from '../rollups/rollup-io.js';
import type { RollupRow, Store } from '../store.js';
import { queries, withTx, type Q } from './open.js';

/** Rows tagged with their request index `i` (1-based, from ORDINALITY) → one list per request. */
function byIndex<T>(n: number, rows: Row[], map: (r: Row) => T): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  for (const r of rows) out[Number(r.i) - 1]!.push(map(r));
  return out;
}

export function pgRollupIo(q: Q): AsyncRollupIo {
  const set = new BucketSet();
  /** Loads every bucket the ranges touch that this transaction has not loaded yet, in one statement. */
  const load = async (ranges: readonly { stream: number; cycle: Cycle; from: number; to: number }[]) => {
    const want: { stream: number; cycle: Cycle; bucket: number }[] = [];
    const seen = new Set<string>();
    for (const r of ranges) {
      for (let b = bucketOf(r.cycle, r.from); b <= bucketOf(r.cycle, r.to - 1); b++) {
        const k = `${r.stream}|${r.cycle.id}|${b}`;
        if (seen.has(k) || set.has(r.stream, r.cycle, b)) continue;
        seen.add(k);
        want.push({ stream: r.stream, cycle: r.cycle, bucket: b });
      }
    }
    if (want.length === 0) return;
    const rows = await q.all(
      `SELECT w.i, r.data FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS w(stream, cycle, bucket, i)
       JOIN rollups r ON r.stream_pk = w.stream AND r.cycle = w.cycle AND r.bucket = w.bucket`,
      want.map((w) => w.stream), want.map((w) => w.cycle.id), want.map((w) => w.bucket),
    );
    const data = new Map(rows.map((r) => [Number(r.i) - 1, r.data as Buffer]));
    want.forEach((w, i) => set.add(w.stream, w.cycle, w.bucket, data.get(i)));
  };
  return {
    async get(keys) {
      await load(keys.map((k) => ({ stream: k.stream, cycle: k.cycle, from: k.sd, to: k.sd + 1 })));
      return keys.map((k) => set.get(k.stream, k.cycle, k.sd));
    },
    async raw(ranges) {
      if (ranges.length === 0) return [];
      const rows = await q.all(
        `SELECT w.i, c.data FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS w(stream, f, t, i)
         CROSS JOIN LATERAL (
           SELECT t0, data FROM chunks WHERE stream_pk = w.stream AND t0 < w.t
             AND t0 >= coalesce((SELECT max(t0) FROM chunks WHERE stream_pk = w.stream AND t0 <= w.f), w.f)
         ) c ORDER BY w.i, c.t0`,
        ranges.map((r) => r.stream), ranges.map((r) => r.from), ranges.map((r) => r.to),
      );
      const chunks = byIndex(ranges.length, rows, (r) => ({ data: r.data as Buffer }));
      return ranges.map((r, i) => collectRange(chunks[i]!, r.from, r.to));
    },
    async rows(ranges) {
      await load(ranges);
      return ranges.map((r) => set.range(r.stream, r.cycle, r.from, r.to));
    },
    async put(rows, deleteStreams) {
      if (deleteStreams && deleteStreams.length > 0) {
        await q.run('DELETE FROM rollups WHERE stream_pk = ANY($1::bigint[])', deleteStreams);
        for (const pk of deleteStreams) set.dropStream(pk);
      }
      await load(rows.map((r) => ({ stream: r.stream, cycle: r.cycle, from: r.sd, to: r.sd + 1 })));
      for (const r of rows) set.set(r.stream, r.cycle, { sd: r.sd, ed: r.ed, state: r.state });
      const dirty = [...set.dirty()];
      if (dirty.length === 0) return;
      await q.run(
        `INSERT INTO rollups (stream_pk, cycle, bucket, value_sd, data)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])
         ON CONFLICT (stream_pk, cycle, bucket) DO UPDATE SET value_sd = excluded.value_sd, data = excluded.data`,
        dirty.map((d) => d.stream), dirty.map((d) => d.cycle), dirty.map((d) => d.bucket), dirty.map((d) => d.valueSd), dirty.map((d) => d.data),
      );
    },
  };
}

export function pgRollups(pool: pg.Pool): Store['rollups'] {
  const db = queries(pool);
  const edge = async (sql: string, streamKey: number, cycle: Cycle, pick: (rows: RollupRow[]) => RollupRow | undefined) => {
    const r = await db.one(sql, streamKey, cycle.id);
    return r ? pick(decodeBucket(r.data as Buffer)) : undefined;
  };
  return {
    async range(streamKey, cycle, from, to) {
      if (to <= from) return [];
      const rows = await db.all(
        'SELECT data FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND bucket >= $3 AND bucket <= $4 ORDER BY bucket',
        streamKey, cycle.id, bucketOf(cycle, from), bucketOf(cycle, to - 1),
      );
      return rows.flatMap((r) => decodeBucket(r.data as Buffer).filter((x) => x.sd >= from && x.sd < to));
    },
    async lastWithValueBefore(streamKey, cycle, t) {
      // The bucket holding t may have its valued interval at or after t: then the next one down answers.
      const rows = await db.all(
        'SELECT data FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND bucket <= $3 AND value_sd IS NOT NULL ORDER BY bucket DESC LIMIT 2',
        streamKey, cycle.id, bucketOf(cycle, t),
      );
      for (const r of rows) {
        const hit = lastWithValue(decodeBucket(r.data as Buffer), t);
        if (hit) return hit;
      }
      return undefined;
    },
    latest: (streamKey, cycle) => edge('SELECT data FROM rollups WHERE stream_pk = $1 AND cycle = $2 ORDER BY bucket DESC LIMIT 1', streamKey, cycle, (r) => r.at(-1)),
    earliest: (streamKey, cycle) => edge('SELECT data FROM rollups WHERE stream_pk = $1 AND cycle = $2 ORDER BY bucket LIMIT 1', streamKey, cycle, (r) => r[0]),
    async rebuild(streamKey, plan) {
      await withTx(pool, async (q) => {
        // The stream's row lock keeps a concurrent feed from merging samples mid-rebuild.
        await q.run('SELECT pk FROM streams WHERE pk = $1 FOR UPDATE', streamKey);
        await runAsync(rebuildRollups(streamKey, plan), pgRollupIo(q));
      });
    },
  };
}

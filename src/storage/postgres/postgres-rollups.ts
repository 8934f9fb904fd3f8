/**
 * The PostgreSQL side of rollups: the tables' answers to the rollup layer's requests
 * (storage/rollups/rollup-io.ts RollupBackend) on a transaction's or the pool's queries — each
 * batched request is one statement over unnest'ed arrays — and the Store's `rollups` reads
 * through the process's rollup cache. Layout as in SQLite (storage/rollups/buckets.ts).
 */
import type pg from 'pg';
import { groupBy, type Row } from '../rows.js';
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { STREAMS_WITHOUT_HEAD_SQL } from '../rollups/buckets.js';
import { RollupCache } from '../rollups/rollup-cache.js';
import { readBelow, readEdge, readLastWithValueBefore, readRange, readRangeWithCarry, retryMoved } from '../rollups/rollup-reads.js';
import { RollupSession } from '../rollups/rollup-session.js';
import { runAsync, type AsyncRollupBackend, type StoreTask, type StoredBucket } from '../rollups/rollup-io.js';
import type { Store } from '../store.js';
import { queries, withSnapshot, withTx, type Q } from './open.js';

/** Rows tagged with their request index `i` (1-based, from ORDINALITY) → one per request. */
function byIndex<T>(n: number, rows: Row[], map: (r: Row) => T): (T | null)[] {
  const out: (T | null)[] = new Array(n).fill(null);
  for (const r of rows) out[Number(r.i) - 1] = map(r);
  return out;
}

const stored = (r: Row | undefined): StoredBucket | null => (r ? { bucket: Number(r.bucket), data: r.data as Buffer } : null);

export function pgRollupBackend(q: Q): AsyncRollupBackend {
  return {
    async versions(streams) {
      const rows = await q.all(
        'SELECT w.i, h.version FROM unnest($1::bigint[]) WITH ORDINALITY AS w(s, i) JOIN rollup_heads h ON h.stream_pk = w.s',
        streams,
      );
      return byIndex(streams.length, rows, (r) => Number(r.version));
    },
    async heads(streams) {
      const rows = await q.all(
        'SELECT w.i, h.version, h.data FROM unnest($1::bigint[]) WITH ORDINALITY AS w(s, i) JOIN rollup_heads h ON h.stream_pk = w.s',
        streams,
      );
      return byIndex(streams.length, rows, (r) => ({ version: Number(r.version), data: r.data as Buffer }));
    },
    async buckets(keys) {
      const rows = await q.all(
        `SELECT w.i, r.data FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS w(stream, cycle, bucket, i)
         JOIN rollups r ON r.stream_pk = w.stream AND r.cycle = w.cycle AND r.bucket = w.bucket`,
        keys.map((k) => k.stream), keys.map((k) => k.cycle), keys.map((k) => k.bucket),
      );
      return byIndex(keys.length, rows, (r) => r.data as Buffer);
    },
    async bucketRange(stream, cycle, from, to) {
      const rows = await q.all(
        'SELECT bucket, data FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND bucket >= $3 AND bucket <= $4 ORDER BY bucket',
        stream, cycle, from, to,
      );
      return rows.map((r) => stored(r)!);
    },
    async valueBefore(stream, cycle, bucket) {
      return stored(await q.one(
        'SELECT bucket, data FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND bucket < $3 AND value_sd IS NOT NULL ORDER BY bucket DESC LIMIT 1',
        stream, cycle, bucket,
      ));
    },
    async edge(stream, cycle, last) {
      return stored(await q.one(
        `SELECT bucket, data FROM rollups WHERE stream_pk = $1 AND cycle = $2 ORDER BY bucket ${last ? 'DESC' : 'ASC'} LIMIT 1`,
        stream, cycle,
      ));
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
      const byRange = groupBy(rows, 'i', (r) => ({ data: r.data as Buffer }));
      return ranges.map((r, i) => collectRange(byRange.get(i + 1) ?? [], r.from, r.to));
    },
    async write(deleteStreams, buckets, heads) {
      if (deleteStreams.length > 0) {
        await q.run('DELETE FROM rollups WHERE stream_pk = ANY($1::bigint[])', deleteStreams);
        await q.run('DELETE FROM rollup_heads WHERE stream_pk = ANY($1::bigint[])', deleteStreams);
      }
      const put = buckets.filter((b) => b.data !== null);
      const drop = buckets.filter((b) => b.data === null);
      if (drop.length > 0) {
        await q.run(
          'DELETE FROM rollups r USING unnest($1::bigint[], $2::text[], $3::bigint[]) AS d(s, c, b) WHERE r.stream_pk = d.s AND r.cycle = d.c AND r.bucket = d.b',
          drop.map((d) => d.stream), drop.map((d) => d.cycle), drop.map((d) => d.bucket),
        );
      }
      if (put.length > 0) {
        await q.run(
          `INSERT INTO rollups (stream_pk, cycle, bucket, value_sd, data)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])
           ON CONFLICT (stream_pk, cycle, bucket) DO UPDATE SET value_sd = excluded.value_sd, data = excluded.data`,
          put.map((d) => d.stream), put.map((d) => d.cycle), put.map((d) => d.bucket), put.map((d) => d.valueSd), put.map((d) => d.data),
        );
      }
      if (heads.length > 0) {
        await q.run(
          `INSERT INTO rollup_heads (stream_pk, version, data) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])
           ON CONFLICT (stream_pk) DO UPDATE SET version = excluded.version, data = excluded.data`,
          heads.map((h) => h.stream), heads.map((h) => h.version), heads.map((h) => h.data),
        );
      }
    },
  };
}

export function pgRollups(pool: pg.Pool): { cache: RollupCache; store: Store['rollups'] } {
  const cache = new RollupCache();
  /** A read in one snapshot: its version check, head and buckets must agree (rollup-reads.ts). */
  const read = async <T>(task: () => StoreTask<T>): Promise<T> => {
    const r = await retryMoved(() => withSnapshot(pool, (q) => runAsync(task(), pgRollupBackend(q))));
    cache.trim();
    return r;
  };
  const store: Store['rollups'] = {
    range: (streamKey, cycle, from, to) => read(() => readRange(cache, streamKey, cycle, from, to)),
    lastWithValueBefore: (streamKey, cycle, t) => read(() => readLastWithValueBefore(cache, streamKey, cycle, t)),
    rangeWithCarry: (streamKey, cycle, from, to) => read(() => readRangeWithCarry(cache, streamKey, cycle, from, to)),
    latest: (streamKey, cycle) => read(() => readEdge(cache, streamKey, cycle, true)),
    earliest: (streamKey, cycle) => read(() => readEdge(cache, streamKey, cycle, false)),
    async streamsWithoutHead() {
      const rows = await queries(pool).all(STREAMS_WITHOUT_HEAD_SQL);
      return new Set(rows.map((r) => Number(r.pk)));
    },
    async rebuild(streamKey, plan, { keep }) {
      const session = new RollupSession(cache);
      await withTx(pool, async (q) => {
        // The stream's row lock keeps a concurrent feed from merging samples mid-rebuild.
        const [row] = await q.all('SELECT raw_from FROM streams WHERE pk = $1 FOR UPDATE', streamKey);
        const rawFrom = keep.length === 0 || plan === null || row?.raw_from == null ? null : Number(row.raw_from);
        const kept = rawFrom === null ? undefined : { rawFrom, keep, rows: await runAsync(readBelow(cache, streamKey, plan!, rawFrom, keep), pgRollupBackend(q)) };
        await runAsync(session.run(rebuildRollups(streamKey, plan, kept)), pgRollupBackend(q));
      });
      session.publish();
    },
  };
  return { cache, store };
}

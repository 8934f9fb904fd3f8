/**
 * The SQLite side of rollups: the tables' answers to the rollup layer's requests
 * (storage/rollups/rollup-io.ts RollupBackend), synchronous so they can run inside a write
 * transaction, and the Store's `rollups` reads through the process's rollup cache. Prepared
 * statements only.
 */
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { STREAMS_WITHOUT_HEAD_SQL } from '../rollups/buckets.js';
import { RollupCache } from '../rollups/rollup-cache.js';
import { readBelow, readEdge, readLastWithValueBefore, readRange, readRangeWithCarry } from '../rollups/rollup-reads.js';
import { RollupSession } from '../rollups/rollup-session.js';
import { runSync, type RollupBackend, type StoreTask } from '../rollups/rollup-io.js';
import type { Store, StreamRollupPlan } from '../store.js';
import type { Db } from './open.js';

/** Head rows per upsert statement: a commit writes one per stream, and a statement per row costs a third more. */
const HEADS_PER_STATEMENT = 16;

const putHeadsSql = (n: number): string =>
  `INSERT INTO rollup_heads (stream_pk, version, data) VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}
   ON CONFLICT (stream_pk) DO UPDATE SET version = excluded.version, data = excluded.data`;

export function sqliteRollups(db: Db) {
  const s = {
    version: db.prepare<[number], number>('SELECT version FROM rollup_heads WHERE stream_pk = ?').pluck(),
    rawFrom: db.prepare<[number], number | null>('SELECT raw_from FROM streams WHERE pk = ?').pluck(),
    head: db.prepare<[number], { version: number; data: Uint8Array }>('SELECT version, data FROM rollup_heads WHERE stream_pk = ?'),
    bucket: db.prepare<[number, string, number], Uint8Array>('SELECT data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket = ?').pluck(),
    bucketRange: db.prepare<[number, string, number, number], { bucket: number; data: Uint8Array }>(
      'SELECT bucket, data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
    ),
    valueBefore: db.prepare<[number, string, number], { bucket: number; data: Uint8Array }>(
      'SELECT bucket, data FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket < ? AND value_sd IS NOT NULL ORDER BY bucket DESC LIMIT 1',
    ),
    last: db.prepare<[number, string], { bucket: number; data: Uint8Array }>('SELECT bucket, data FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY bucket DESC LIMIT 1'),
    first: db.prepare<[number, string], { bucket: number; data: Uint8Array }>('SELECT bucket, data FROM rollups WHERE stream_pk = ? AND cycle = ? ORDER BY bucket LIMIT 1'),
    put: db.prepare(
      `INSERT INTO rollups (stream_pk, cycle, bucket, value_sd, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream_pk, cycle, bucket) DO UPDATE SET value_sd = excluded.value_sd, data = excluded.data`,
    ),
    drop: db.prepare('DELETE FROM rollups WHERE stream_pk = ? AND cycle = ? AND bucket = ?'),
    putHead: db.prepare(putHeadsSql(1)),
    putHeads: db.prepare(putHeadsSql(HEADS_PER_STATEMENT)),
    deleteStream: db.prepare('DELETE FROM rollups WHERE stream_pk = ?'),
    deleteHead: db.prepare('DELETE FROM rollup_heads WHERE stream_pk = ?'),
    withoutHead: db.prepare<[], number>(STREAMS_WITHOUT_HEAD_SQL).pluck(),
    // The chunk holding `from` (if any) and every later one below `to`, ascending.
    chunks: db.prepare<[number, number, number, number, number], { data: Uint8Array }>(
      `SELECT data FROM chunks WHERE stream_pk = ? AND t0 < ?
         AND t0 >= coalesce((SELECT max(t0) FROM chunks WHERE stream_pk = ? AND t0 <= ?), ?)
       ORDER BY t0`,
    ),
  };

  /**
   * Head versions this connection has read or written, valid while PRAGMA data_version says no
   * other connection has committed since: then a write asks for none of them again. Deletes by
   * this connection (a stream or component deleted) reach it through a temporary trigger.
   */
  const known = new Map<number, number | null>();
  let seenDataVersion = -1;
  db.function('gg_rollup_head_gone', { deterministic: false }, (pk: unknown) => {
    known.delete(Number(pk));
    return null;
  });
  db.exec('CREATE TEMP TRIGGER IF NOT EXISTS gg_rollup_head_gone AFTER DELETE ON rollup_heads BEGIN SELECT gg_rollup_head_gone(OLD.stream_pk); END');
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();

  const backend: RollupBackend = {
    versions(streams) {
      const dv = dataVersion.get()!;
      if (dv !== seenDataVersion) {
        known.clear();
        seenDataVersion = dv;
      }
      return streams.map((st) => {
        let v = known.get(st);
        if (v === undefined) known.set(st, (v = s.version.get(st) ?? null));
        return v;
      });
    },
    heads: (streams) =>
      streams.map((st) => {
        const h = s.head.get(st) ?? null;
        known.set(st, h?.version ?? null);
        return h;
      }),
    buckets: (keys) => keys.map((k) => s.bucket.get(k.stream, k.cycle, k.bucket) ?? null),
    bucketRange: (stream, cycle, from, to) => s.bucketRange.all(stream, cycle, from, to),
    valueBefore: (stream, cycle, bucket) => s.valueBefore.get(stream, cycle, bucket) ?? null,
    edge: (stream, cycle, last) => (last ? s.last : s.first).get(stream, cycle) ?? null,
    raw: (ranges) => ranges.map((r) => collectRange(s.chunks.iterate(r.stream, r.to, r.stream, r.from, r.from), r.from, r.to)),
    write(deleteStreams, buckets, heads) {
      for (const pk of deleteStreams) {
        s.deleteStream.run(pk);
        s.deleteHead.run(pk);
      }
      for (const b of buckets) {
        if (b.data) s.put.run(b.stream, b.cycle, b.bucket, b.valueSd, b.data);
        else s.drop.run(b.stream, b.cycle, b.bucket);
      }
      let i = 0;
      for (; i + HEADS_PER_STATEMENT <= heads.length; i += HEADS_PER_STATEMENT) {
        const args: unknown[] = [];
        for (let k = i; k < i + HEADS_PER_STATEMENT; k++) args.push(heads[k]!.stream, heads[k]!.version, heads[k]!.data);
        s.putHeads.run(...args);
      }
      for (; i < heads.length; i++) s.putHead.run(heads[i]!.stream, heads[i]!.version, heads[i]!.data);
      for (const h of heads) known.set(h.stream, h.version);
    },
  };

  const cache = new RollupCache();
  // Another connection (the CLI) committing between the version check and the bucket reads
  // would mix two versions. Statements here run back to back, so when data_version is the same
  // after the read as before, nothing was committed in between; otherwise it is read again in
  // one read transaction (cheaper than opening one for every read).
  // (No retry as on PostgreSQL: a read here runs without yielding, so no write can publish
  // into its cache entry meanwhile.)
  const inSnapshot = db.transaction(<T>(task: () => StoreTask<T>): T => runSync(task(), backend));
  /** A read through the cache; trimmed after, never during (a read holds what it loaded). */
  const read = <T>(task: () => StoreTask<T>): T => {
    const before = dataVersion.get();
    let r = runSync(task(), backend);
    if (dataVersion.get() !== before) r = inSnapshot(task) as T;
    cache.trim();
    return r;
  };

  const rebuild = db.transaction((streamKey: number, plan: StreamRollupPlan | null, keep: readonly string[], session: RollupSession) => {
    const rawFrom = keep.length === 0 || plan === null ? null : s.rawFrom.get(streamKey) ?? null;
    const kept = rawFrom === null ? undefined : { rawFrom, keep, rows: runSync(readBelow(cache, streamKey, plan!, rawFrom, keep), backend) };
    runSync(session.run(rebuildRollups(streamKey, plan, kept)), backend);
  });

  const store: Store['rollups'] = {
    range: async (streamKey, cycle, from, to) => read(() => readRange(cache, streamKey, cycle, from, to)),
    lastWithValueBefore: async (streamKey, cycle, t) => read(() => readLastWithValueBefore(cache, streamKey, cycle, t)),
    rangeWithCarry: async (streamKey, cycle, from, to) => read(() => readRangeWithCarry(cache, streamKey, cycle, from, to)),
    latest: async (streamKey, cycle) => read(() => readEdge(cache, streamKey, cycle, true)),
    earliest: async (streamKey, cycle) => read(() => readEdge(cache, streamKey, cycle, false)),
    streamsWithoutHead: async () => new Set(s.withoutHead.all()),
    async rebuild(streamKey, plan, { keep }) {
      const session = new RollupSession(cache);
      rebuild.immediate(streamKey, plan, keep, session);
      session.publish();
    },
  };
  return { backend, cache, store };
}

/**
 * The PostgreSQL side of rollups: the RollupIo the maintainer runs on inside a feed's
 * transaction (each request is one statement over unnest'ed arrays, whatever the batch size),
 * and the Store's `rollups` reads.
 */
import type pg from 'pg';
import type { Row } from '../rows.js';
import { collectRange } from '../rollups/raw-range.js';
import { rebuildRollups } from '../rollups/maintain-rollups.js';
import { runAsync, type AsyncRollupIo } from '../rollups/rollup-io.js';
import { decodeState, encodeState } from '../rollups/state-codec.js';
import type { RollupRow, Store } from '../store.js';
import { queries, withTx, type Q } from './open.js';

const toRow = (r: Row): RollupRow => {
  const sd = Number(r.sd);
  const ed = Number(r.ed);
  return { sd, ed, state: decodeState(r.state as Buffer, sd, ed) };
};

/** Rows tagged with their request index `i` (1-based, from ORDINALITY) → one list per request. */
function byIndex<T>(n: number, rows: Row[], map: (r: Row) => T): T[][] {
  const out: T[][] = Array.from({ length: n }, () => []);
  for (const r of rows) out[Number(r.i) - 1]!.push(map(r));
  return out;
}

export function pgRollupIo(q: Q): AsyncRollupIo {
  return {
    async get(keys) {
      if (keys.length === 0) return [];
      const rows = await q.all(
        `SELECT k.i, r.ed, r.state FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS k(stream, cycle, sd, i)
         JOIN rollups r ON r.stream_pk = k.stream AND r.cycle = k.cycle AND r.sd = k.sd`,
        keys.map((k) => k.stream), keys.map((k) => k.cycle), keys.map((k) => k.sd),
      );
      const out: ReturnType<typeof decodeState>[] = new Array(keys.length);
      for (const r of rows) {
        const i = Number(r.i) - 1;
        out[i] = decodeState(r.state as Buffer, keys[i]!.sd, Number(r.ed));
      }
      return Array.from(out);
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
      if (ranges.length === 0) return [];
      const rows = await q.all(
        `SELECT w.i, r.sd, r.ed, r.state FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS w(stream, cycle, f, t, i)
         JOIN rollups r ON r.stream_pk = w.stream AND r.cycle = w.cycle AND r.sd >= w.f AND r.sd < w.t
         ORDER BY w.i, r.sd`,
        ranges.map((r) => r.stream), ranges.map((r) => r.cycle), ranges.map((r) => r.from), ranges.map((r) => r.to),
      );
      return byIndex(ranges.length, rows, toRow);
    },
    async put(rows, deleteStreams) {
      if (deleteStreams && deleteStreams.length > 0) await q.run('DELETE FROM rollups WHERE stream_pk = ANY($1::bigint[])', deleteStreams);
      if (rows.length === 0) return;
      await q.run(
        `INSERT INTO rollups (stream_pk, cycle, sd, ed, has_value, state)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::boolean[], $6::bytea[])
         ON CONFLICT (stream_pk, cycle, sd) DO UPDATE SET ed = excluded.ed, has_value = excluded.has_value, state = excluded.state`,
        rows.map((r) => r.stream), rows.map((r) => r.cycle), rows.map((r) => r.sd), rows.map((r) => r.ed),
        rows.map((r) => r.state.last !== null), rows.map((r) => encodeState(r.state)),
      );
    },
  };
}

export function pgRollups(pool: pg.Pool): Store['rollups'] {
  const db = queries(pool);
  const one = async (sql: string, ...args: unknown[]) => {
    const r = await db.one(sql, ...args);
    return r ? toRow(r) : undefined;
  };
  return {
    async range(streamKey, cycleId, from, to) {
      return (await db.all('SELECT sd, ed, state FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND sd >= $3 AND sd < $4 ORDER BY sd', streamKey, cycleId, from, to)).map(toRow);
    },
    lastWithValueBefore: (streamKey, cycleId, t) =>
      one('SELECT sd, ed, state FROM rollups WHERE stream_pk = $1 AND cycle = $2 AND sd < $3 AND has_value ORDER BY sd DESC LIMIT 1', streamKey, cycleId, t),
    latest: (streamKey, cycleId) => one('SELECT sd, ed, state FROM rollups WHERE stream_pk = $1 AND cycle = $2 ORDER BY sd DESC LIMIT 1', streamKey, cycleId),
    earliest: (streamKey, cycleId) => one('SELECT sd, ed, state FROM rollups WHERE stream_pk = $1 AND cycle = $2 ORDER BY sd LIMIT 1', streamKey, cycleId),
    async rebuild(streamKey, plan) {
      await withTx(pool, async (q) => {
        // The stream's row lock keeps a concurrent feed from merging samples mid-rebuild.
        await q.run('SELECT pk FROM streams WHERE pk = $1 FOR UPDATE', streamKey);
        await runAsync(rebuildRollups(streamKey, plan), pgRollupIo(q));
      });
    },
  };
}

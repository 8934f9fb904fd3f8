/**
 * samples.deleteBefore on PostgreSQL: under the stream's row lock (the lock feed commits take,
 * so no commit merges into a chunk being cut), chunks wholly before t go, the one chunk that can
 * straddle t (chunks never overlap) is rewritten with its samples from t on, and raw_from moves
 * up to t. Rollup rows stay: they keep the statistics of what was deleted.
 */
import type pg from 'pg';
import { trimChunkBefore } from '../chunks/chunk-trim.js';
import { withTx } from './open.js';

export function pgDeleteBefore(pool: pg.Pool): (streamKey: number, t: number) => Promise<number> {
  return (streamKey, t) =>
    withTx(pool, async (q) => {
      if (!(await q.one('SELECT pk FROM streams WHERE pk = $1 FOR UPDATE', streamKey))) return 0;
      // t0 < t first so the (stream_pk, t0) key bounds the scan; t1 < t picks the whole chunks.
      const whole = await q.one(
        'WITH d AS (DELETE FROM chunks WHERE stream_pk = $1 AND t0 < $2 AND t1 < $2 RETURNING n) SELECT coalesce(sum(n), 0) AS n FROM d',
        streamKey, t,
      );
      let removed = Number(whole!.n);
      const s = await q.one('SELECT t0, t1, n, data FROM chunks WHERE stream_pk = $1 AND t0 < $2 AND t1 >= $2', streamKey, t);
      if (s) {
        const trimmed = trimChunkBefore({ t0: Number(s.t0), t1: Number(s.t1), n: Number(s.n), data: s.data as Buffer }, t);
        removed += trimmed.removed;
        await q.run('DELETE FROM chunks WHERE stream_pk = $1 AND t0 = $2', streamKey, Number(s.t0));
        const r = trimmed.rest;
        if (r) await q.run('INSERT INTO chunks (stream_pk, t0, t1, n, data) VALUES ($1, $2, $3, $4, $5)', streamKey, r.t0, r.t1, r.n, r.data);
      }
      await q.run('UPDATE streams SET raw_from = GREATEST(coalesce(raw_from, $2), $2) WHERE pk = $1', streamKey, t);
      return removed;
    });
}

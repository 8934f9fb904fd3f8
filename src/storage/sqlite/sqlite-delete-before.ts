/**
 * samples.deleteBefore on SQLite: chunks wholly before t go, the one chunk that can straddle t
 * (chunks never overlap) is rewritten with its samples from t on, and raw_from moves up to t.
 * Rollup rows stay: they keep the statistics of what was deleted.
 */
import { trimChunkBefore, type StoredChunk } from '../chunks/chunk-trim.js';
import type { Db } from './open.js';

export function sqliteDeleteBefore(db: Db): (streamKey: number, t: number) => Promise<number> {
  const stream = db.prepare<[number], { pk: number }>('SELECT pk FROM streams WHERE pk = ?');
  // t0 < t first so the (stream_pk, t0) index bounds the scan; t1 < t picks the whole chunks.
  const countWhole = db.prepare<[number, number, number], { n: number }>('SELECT coalesce(sum(n), 0) AS n FROM chunks WHERE stream_pk = ? AND t0 < ? AND t1 < ?');
  const deleteWhole = db.prepare('DELETE FROM chunks WHERE stream_pk = ? AND t0 < ? AND t1 < ?');
  const straddling = db.prepare<[number, number, number], StoredChunk>('SELECT t0, t1, n, data FROM chunks WHERE stream_pk = ? AND t0 < ? AND t1 >= ?');
  const deleteChunk = db.prepare('DELETE FROM chunks WHERE stream_pk = ? AND t0 = ?');
  const insertChunk = db.prepare('INSERT INTO chunks (stream_pk, t0, t1, n, data) VALUES (?, ?, ?, ?, ?)');
  const raise = db.prepare('UPDATE streams SET raw_from = max(coalesce(raw_from, ?), ?) WHERE pk = ?');

  const run = db.transaction((streamKey: number, t: number): number => {
    if (!stream.get(streamKey)) return 0;
    let removed = countWhole.get(streamKey, t, t)!.n;
    deleteWhole.run(streamKey, t, t);
    const s = straddling.get(streamKey, t, t);
    if (s) {
      const trimmed = trimChunkBefore(s, t);
      removed += trimmed.removed;
      deleteChunk.run(streamKey, s.t0);
      if (trimmed.rest) insertChunk.run(streamKey, trimmed.rest.t0, trimmed.rest.t1, trimmed.rest.n, trimmed.rest.data);
    }
    raise.run(t, t, streamKey);
    return removed;
  });

  return async (streamKey, t) => run.immediate(streamKey, t);
}

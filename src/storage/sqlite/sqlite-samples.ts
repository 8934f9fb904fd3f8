/**
 * The SQLite side of the write path: feed plans in one synchronous transaction (better-sqlite3
 * runs it without yielding, so no other request can interleave) — one plan, or a group of them
 * (group-commit.ts) — with prepared statements only, and the chunk merge from storage/chunks/.
 */
import { randomUUID } from 'node:crypto';
import type { ComponentDef, Stream } from '../../domain/model.js';
import { mergeChunks, MAX_CHUNK, type StoredChunk } from '../chunks/chunk-merge.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import { LatestFirstReader } from '../chunks/latest-first-reader.js';
import { rollupToSql, toSqlValue } from '../rows.js';
import { maintainRollups } from '../rollups/maintain-rollups.js';
import type { RollupCache } from '../rollups/rollup-cache.js';
import { runSync, type RollupBackend } from '../rollups/rollup-io.js';
import { RollupSession } from '../rollups/rollup-session.js';
import { StaleFeedPlan, type FeedCommitResult, type FeedPlan, type SampleQuery, type StreamRollupPlan, type StreamWrite } from '../store.js';
import { checkRawHorizon, mergeWrites, newLastValue } from '../stream-writes.js';
import type { Db } from './open.js';

export function sqliteSamples(db: Db, now: () => number, ensureFolder: (orgKey: number, path: string) => void, rollups: { backend: RollupBackend; cache: RollupCache }) {
  const s = {
    compPk: db.prepare<[number, string], { pk: number }>('SELECT pk FROM components WHERE org_pk = ? AND id = ?'),
    insertComp: db.prepare(
      `INSERT INTO components (uid, org_pk, id, name, description, timezone, folder_path, template_id, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_pk, id) DO NOTHING`,
    ),
    nextPosition: db.prepare<[number], { p: number }>('SELECT coalesce(max(position) + 1, 0) AS p FROM streams WHERE component_pk = ?'),
    insertStream: db.prepare(
      `INSERT INTO streams (uid, component_pk, id, name, description, position, value_type, stream_type, unit_id, auto_typed, rollup, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (component_pk, id) DO NOTHING`,
    ),
    retype: db.prepare('UPDATE streams SET value_type = ? WHERE component_pk = ? AND id = ? AND auto_typed = 1'),
    stream: db.prepare<[number, string], { pk: number; stream_type: string; last_time: number | null; raw_from: number | null }>(
      'SELECT pk, stream_type, last_time, raw_from FROM streams WHERE component_pk = ? AND id = ?',
    ),
    chunkAtOrBefore: db.prepare<[number, number], StoredChunk>(
      'SELECT t0, t1, n, data FROM chunks WHERE stream_pk = ? AND t0 <= ? ORDER BY t0 DESC LIMIT 1',
    ),
    chunksAfter: db.prepare<[number, number, number], StoredChunk>(
      'SELECT t0, t1, n, data FROM chunks WHERE stream_pk = ? AND t0 > ? AND t0 <= ? ORDER BY t0',
    ),
    deleteChunk: db.prepare('DELETE FROM chunks WHERE stream_pk = ? AND t0 = ?'),
    insertChunk: db.prepare('INSERT INTO chunks (stream_pk, t0, t1, n, data) VALUES (?, ?, ?, ?, ?)'),
    updateChunk: db.prepare('UPDATE chunks SET t1 = ?, n = ?, data = ? WHERE stream_pk = ? AND t0 = ?'),
    setLast: db.prepare('UPDATE streams SET last_time = ?, last_value = ? WHERE pk = ?'),
    chunksBefore: db.prepare<[number, number], StoredChunk>(
      'SELECT t0, t1, n, data FROM chunks WHERE stream_pk = ? AND t0 < ? ORDER BY t0 DESC',
    ),
  };

  function insertComponent(orgKey: number, c: ComponentDef): void {
    const r = s.insertComp.run(randomUUID(), orgKey, c.id, c.name, c.description, c.timezone, c.folderPath, c.templateId, now());
    if (r.changes === 0) throw new StaleFeedPlan(`component '${c.id}' was created meanwhile`);
  }

  /** Where each rolled-up write goes, and the stream as it was before the write. */
  type Rolled = Map<StreamWrite, { pk: number; streamType: string; lastTime: number | null; rawFrom: number | null }>;

  /** One plan's definitions and samples; its rolled-up writes are added to `rolled`. */
  function writePlan(plan: FeedPlan, rolled: Rolled): FeedCommitResult {
    for (const f of plan.folders) ensureFolder(plan.orgKey, f);
    for (const c of plan.newComponents) insertComponent(plan.orgKey, c);
    const compPks = new Map<string, number>();
    const compPk = (compId: string): number => {
      let pk = compPks.get(compId);
      if (pk === undefined) {
        pk = s.compPk.get(plan.orgKey, compId)?.pk;
        if (pk === undefined) throw new StaleFeedPlan(`component '${compId}' was deleted meanwhile`);
        compPks.set(compId, pk);
      }
      return pk;
    };
    for (const { compId, def } of plan.newStreams) {
      const cpk = compPk(compId);
      const pos = s.nextPosition.get(cpk)!.p;
      const r = s.insertStream.run(
        randomUUID(), cpk, def.id, def.name, def.description, pos, def.valueType, def.streamType, def.unitId, def.autoTyped ? 1 : 0, rollupToSql(def), now(),
      );
      if (r.changes === 0) throw new StaleFeedPlan(`stream '${compId}/${def.id}' was created meanwhile`);
    }
    for (const r of plan.retype) s.retype.run(r.valueType, compPk(r.compId), r.streamId);
    let samples = 0;
    let replaced = 0;
    for (const w of plan.writes) {
      if (w.times.length === 0) continue;
      const st = s.stream.get(compPk(w.compId), w.streamId);
      if (!st) throw new StaleFeedPlan(`stream '${w.compId}/${w.streamId}' was deleted meanwhile`);
      checkRawHorizon(w, st.raw_from);
      samples += w.times.length;
      const last = newLastValue(w.times, w.values, st.last_time);
      if (last) s.setLast.run(last.time, toSqlValue(last.value), st.pk);
      if (st.stream_type === 'point_stream') continue; // point streams keep only the last value
      // (a stream that materialises nothing — GG_ROLLUPS=off, point streams — has nothing to merge for)
      if (w.rollup && w.rollup.chain.length > 0) rolled.set(w, { pk: st.pk, streamType: st.stream_type, lastTime: st.last_time, rawFrom: st.raw_from });
      const from = w.times[0]!;
      const to = w.times[w.times.length - 1]!;
      const loaded: StoredChunk[] = [];
      const before = s.chunkAtOrBefore.get(st.pk, from);
      if (before && (before.t1 >= from || before.n < MAX_CHUNK)) loaded.push(before);
      if (to > from) for (const c of s.chunksAfter.all(st.pk, from, to)) loaded.push(c);
      const rw = mergeChunks(loaded, { times: w.times, values: w.values });
      replaced += rw.replaced;
      // A chunk removed and added back under the same t0 (e.g. an append filling it) is updated
      // in place, which leaves its index entry alone and writes fewer pages than delete + insert.
      for (const t0 of rw.remove) if (!rw.add.some((c) => c.t0 === t0)) s.deleteChunk.run(st.pk, t0);
      for (const c of rw.add) {
        if (rw.remove.includes(c.t0)) s.updateChunk.run(c.t1, c.n, c.data, st.pk, c.t0);
        else s.insertChunk.run(st.pk, c.t0, c.t1, c.n, c.data);
      }
    }
    return { samples, replaced };
  }

  /**
   * Plans in order, in one transaction (group-commit.ts). Rollups last, once for all of them:
   * each stream's writes are merged in order (a later one wins at equal times, as it would
   * committed later), and rebuilds read the raw samples merged above.
   */
  const commit = db.transaction((plans: readonly FeedPlan[], session: RollupSession): FeedCommitResult[] => {
    const rolled: Rolled = new Map();
    const results = plans.map((p) => writePlan(p, rolled));
    if (rolled.size > 0) {
      const { targets } = mergeWrites([...rolled.keys()], (w) => rolled.get(w)!);
      // (the latest plan's: a stream's rollup plan changes only with its definition)
      const planOf = new Map<number, StreamRollupPlan>();
      for (const [w, st] of rolled) planOf.set(st.pk, w.rollup!);
      runSync(session.run(maintainRollups(targets.map((t) => ({ stream: t.pk, plan: planOf.get(t.pk)!, times: t.times, values: t.values, runStarts: t.runStarts, rawFrom: t.rawFrom })))), rollups.backend);
    }
    return results;
  });

  function read(stream: Stream, q: SampleQuery): { times: number[]; values: SampleValue[] } {
    const r = new LatestFirstReader(stream, q);
    if (r.done) return r.result();
    // One cursor over the chunks below ed, newest first; leaving the loop closes it.
    for (const c of s.chunksBefore.iterate(stream.key, r.ed)) if (r.take(c)) break;
    return r.result();
  }

  return {
    /** Commits the plans in one transaction, all or nothing. */
    commit(plans: readonly FeedPlan[]): FeedCommitResult[] {
      // The cache learns the new states only once they are committed.
      const session = new RollupSession(rollups.cache);
      const r = commit.immediate(plans, session);
      session.publish();
      return r;
    },
    read,
  };
}

/**
 * The PostgreSQL side of the write path: a whole FeedPlan in one transaction, the chunk merge
 * shared with SQLite (storage/chunks/), and a fixed number of round trips per plan whatever its
 * size (arrays through unnest instead of a statement per row).
 *
 * Concurrency: several processes may write at once, so the rows a plan touches are locked in
 * one order everywhere — folders and new components (unique index entries, sorted), then the
 * components that get streams (FOR UPDATE, by pk), then every stream written or retyped
 * (FOR UPDATE, by pk). Holding a stream's lock is what makes its read-merge-write of chunks and
 * its last value safe; components.update/delete take the same locks in the same order.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ComponentDef, Stream } from '../../domain/model.js';
import { mergeChunks, MAX_CHUNK, type StoredChunk } from '../chunks/chunk-merge.js';
import { LatestFirstReader } from '../chunks/latest-first-reader.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import { folderLevels, rollupToSql } from '../rows.js';
import { maintainRollups } from '../rollups/maintain-rollups.js';
import { runAsync } from '../rollups/rollup-io.js';
import { StaleFeedPlan, type FeedCommitResult, type FeedPlan, type NewStream, type SampleQuery, type StreamRollupPlan } from '../store.js';
import { pgRollupBackend } from './postgres-rollups.js';
import type { RollupCache } from '../rollups/rollup-cache.js';
import { RollupSession } from '../rollups/rollup-session.js';
import { pgErrorCode, queries, withTx, type Q } from './open.js';
import { checkRawHorizon, mergeWrites, newLastValue, type StreamTarget } from '../stream-writes.js';

const keyOf = (compId: string, streamId: string) => `${compId}\u0000${streamId}`;

/** Creates every missing level of the folders in one statement. */
export async function ensureFolders(q: Q, orgKey: number, paths: readonly string[]): Promise<void> {
  const levels = folderLevels(paths);
  if (levels.length === 0) return;
  await q.run(
    `INSERT INTO folders (uid, org_pk, path) SELECT f.uid, $1, f.path FROM unnest($2::text[], $3::text[]) AS f(uid, path)
     ORDER BY f.path ON CONFLICT (org_pk, path) DO NOTHING`,
    orgKey, levels.map(() => randomUUID()), levels,
  );
}

async function insertComponents(q: Q, orgKey: number, defs: readonly ComponentDef[], now: number): Promise<void> {
  if (defs.length === 0) return;
  const cs = [...defs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // one insert order for every writer
  const rows = await q.all(
    `INSERT INTO components (uid, org_pk, id, name, description, timezone, folder_path, template_id, created)
     SELECT c.uid, $1, c.id, c.name, c.description, c.timezone, c.folder_path, c.template_id, $9
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS c(uid, id, name, description, timezone, folder_path, template_id)
     ON CONFLICT (org_pk, id) DO NOTHING RETURNING id`,
    orgKey, cs.map(() => randomUUID()), cs.map((c) => c.id), cs.map((c) => c.name), cs.map((c) => c.description),
    cs.map((c) => c.timezone), cs.map((c) => c.folderPath), cs.map((c) => c.templateId), now,
  );
  if (rows.length !== cs.length) {
    const made = new Set(rows.map((r) => String(r.id)));
    const taken = cs.find((c) => !made.has(c.id));
    throw new StaleFeedPlan(`component '${taken?.id}' was created meanwhile`);
  }
}

async function insertStreams(q: Q, orgKey: number, news: readonly NewStream[], now: number): Promise<void> {
  if (news.length === 0) return;
  const compIds = [...new Set(news.map((n) => n.compId))];
  // The component lock serialises position numbering with other writers adding streams to it.
  const comps = await q.all('SELECT pk, id FROM components WHERE org_pk = $1 AND id = ANY($2::text[]) ORDER BY pk FOR UPDATE', orgKey, compIds);
  const pkOf = new Map(comps.map((r) => [String(r.id), Number(r.pk)]));
  const gone = compIds.find((id) => !pkOf.has(id));
  if (gone !== undefined) throw new StaleFeedPlan(`component '${gone}' was deleted meanwhile`);
  // Positions continue after the component's last stream, in plan order (row_number over ord).
  const rows = await q.all(
    `INSERT INTO streams (uid, component_pk, id, name, description, position, value_type, stream_type, unit_id, auto_typed, rollup, created)
     SELECT n.uid, n.cpk, n.id, n.name, n.description,
            coalesce((SELECT max(s.position) + 1 FROM streams s WHERE s.component_pk = n.cpk), 0)
              + row_number() OVER (PARTITION BY n.cpk ORDER BY n.ord) - 1,
            n.value_type, n.stream_type, n.unit_id, n.auto_typed, n.rollup, $11
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[])
       WITH ORDINALITY AS n(uid, cpk, id, name, description, value_type, stream_type, unit_id, auto_typed, rollup, ord)
     ORDER BY n.ord
     ON CONFLICT (component_pk, id) DO NOTHING RETURNING component_pk, id`,
    news.map(() => randomUUID()), news.map((n) => pkOf.get(n.compId)!), news.map((n) => n.def.id), news.map((n) => n.def.name),
    news.map((n) => n.def.description), news.map((n) => n.def.valueType), news.map((n) => n.def.streamType),
    news.map((n) => n.def.unitId), news.map((n) => n.def.autoTyped), news.map((n) => rollupToSql(n.def)), now,
  );
  if (rows.length !== news.length) {
    const made = new Set(rows.map((r) => `${r.component_pk}\u0000${r.id}`));
    const taken = news.find((n) => !made.has(`${pkOf.get(n.compId)}\u0000${n.def.id}`));
    throw new StaleFeedPlan(`stream '${taken?.compId}/${taken?.def.id}' was created meanwhile`);
  }
}

interface LockedStream {
  pk: number;
  streamType: string;
  lastTime: number | null;
  /** the raw horizon: samples before it were deleted by retention */
  rawFrom: number | null;
}

/** Locks the named streams of the org (by pk order, so that two plans never wait on each other in a cycle). */
async function lockStreams(q: Q, orgKey: number, keys: readonly { compId: string; streamId: string }[]): Promise<Map<string, LockedStream>> {
  const uniq = new Map(keys.map((k) => [keyOf(k.compId, k.streamId), k]));
  const out = new Map<string, LockedStream>();
  if (uniq.size === 0) return out;
  const rows = await q.all(
    `SELECT s.pk, w.comp_id, w.stream_id, s.stream_type, s.last_time, s.raw_from
     FROM unnest($2::text[], $3::text[]) AS w(comp_id, stream_id)
     JOIN components c ON c.org_pk = $1 AND c.id = w.comp_id
     JOIN streams s ON s.component_pk = c.pk AND s.id = w.stream_id
     ORDER BY s.pk FOR UPDATE OF s`,
    orgKey, [...uniq.values()].map((k) => k.compId), [...uniq.values()].map((k) => k.streamId),
  );
  for (const r of rows) {
    out.set(keyOf(String(r.comp_id), String(r.stream_id)), {
      pk: Number(r.pk),
      streamType: String(r.stream_type),
      lastTime: r.last_time === null ? null : Number(r.last_time),
      rawFrom: r.raw_from === null ? null : Number(r.raw_from),
    });
  }
  return out;
}

/** Loads, for every stream written, the chunks its samples overlap plus the predecessor when it has room. */
async function loadChunks(q: Q, targets: readonly StreamTarget[]): Promise<Map<number, StoredChunk[]>> {
  const byStream = new Map<number, StoredChunk[]>(targets.map((t) => [t.pk, []]));
  if (targets.length === 0) return byStream;
  const rows = await q.all(
    `SELECT w.pk, c.t0, c.t1, c.n, c.data
     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS w(pk, t_from, t_to)
     CROSS JOIN LATERAL (
       (SELECT b.t0, b.t1, b.n, b.data FROM
          (SELECT t0, t1, n, data FROM chunks WHERE stream_pk = w.pk AND t0 <= w.t_from ORDER BY t0 DESC LIMIT 1) b
        WHERE b.t1 >= w.t_from OR b.n < $4)
       UNION ALL
       (SELECT t0, t1, n, data FROM chunks WHERE stream_pk = w.pk AND t0 > w.t_from AND t0 <= w.t_to)
     ) c`,
    targets.map((t) => t.pk), targets.map((t) => t.times[0]!), targets.map((t) => t.times[t.times.length - 1]!), MAX_CHUNK,
  );
  for (const r of rows) {
    byStream.get(Number(r.pk))!.push({ t0: Number(r.t0), t1: Number(r.t1), n: Number(r.n), data: r.data as Buffer });
  }
  for (const list of byStream.values()) list.sort((a, b) => a.t0 - b.t0);
  return byStream;
}

async function apply(q: Q, plan: FeedPlan, now: number, session: RollupSession): Promise<FeedCommitResult> {
  const org = plan.orgKey;
  await ensureFolders(q, org, plan.folders);
  await insertComponents(q, org, plan.newComponents, now);
  await insertStreams(q, org, plan.newStreams, now);
  const writes = plan.writes.filter((w) => w.times.length > 0);
  const locked = await lockStreams(q, org, [...writes, ...plan.retype]);

  // A retype whose stream is gone is skipped, as in SQLite; a write to it is stale (below).
  const retype = plan.retype.flatMap((r) => {
    const st = locked.get(keyOf(r.compId, r.streamId));
    return st ? [{ pk: st.pk, valueType: r.valueType }] : [];
  });
  if (retype.length > 0) {
    await q.run(
      `UPDATE streams SET value_type = r.value_type FROM unnest($1::bigint[], $2::text[]) AS r(pk, value_type)
       WHERE streams.pk = r.pk AND streams.auto_typed`,
      retype.map((r) => r.pk), retype.map((r) => r.valueType),
    );
  }

  for (const w of writes) {
    const st = locked.get(keyOf(w.compId, w.streamId));
    if (!st) throw new StaleFeedPlan(`stream '${w.compId}/${w.streamId}' was deleted meanwhile`);
    checkRawHorizon(w, st.rawFrom);
  }
  const { targets, samples, replaced: replacedInPlan } = mergeWrites(writes, (w) => locked.get(keyOf(w.compId, w.streamId))!);

  const last = targets.flatMap((t) => {
    const l = newLastValue(t.times, t.values, t.lastTime);
    return l ? [{ pk: t.pk, time: l.time, value: JSON.stringify(l.value) }] : [];
  });
  if (last.length > 0) {
    await q.run(
      `UPDATE streams SET last_time = l.time, last_value = l.value::jsonb
       FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS l(pk, time, value) WHERE streams.pk = l.pk`,
      last.map((l) => l.pk), last.map((l) => l.time), last.map((l) => l.value),
    );
  }

  const chunked = targets.filter((t) => t.streamType !== 'point_stream'); // point streams keep only the last value
  const loaded = await loadChunks(q, chunked);
  let replaced = replacedInPlan;
  const remove: { pk: number; t0: number }[] = [];
  const add: (StoredChunk & { pk: number })[] = [];
  for (const t of chunked) {
    const rw = mergeChunks(loaded.get(t.pk)!, { times: t.times, values: t.values });
    replaced += rw.replaced;
    for (const t0 of rw.remove) remove.push({ pk: t.pk, t0 });
    for (const c of rw.add) add.push({ ...c, pk: t.pk });
  }
  if (remove.length > 0) {
    await q.run(
      'DELETE FROM chunks USING unnest($1::bigint[], $2::bigint[]) AS d(pk, t0) WHERE chunks.stream_pk = d.pk AND chunks.t0 = d.t0',
      remove.map((r) => r.pk), remove.map((r) => r.t0),
    );
  }
  if (add.length > 0) {
    await q.run(
      `INSERT INTO chunks (stream_pk, t0, t1, n, data)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::bytea[])`,
      add.map((c) => c.pk), add.map((c) => c.t0), add.map((c) => c.t1), add.map((c) => c.n), add.map((c) => c.data), // pg sends byte arrays as bytea hex
    );
  }
  // Rollups last: their rebuilds read the raw samples merged above.
  const rolled = new Map<number, StreamRollupPlan>();
  for (const w of writes) if (w.rollup && w.rollup.chain.length > 0) rolled.set(locked.get(keyOf(w.compId, w.streamId))!.pk, w.rollup);
  const rollupWrites = chunked.filter((t) => rolled.has(t.pk)).map((t) => ({ stream: t.pk, plan: rolled.get(t.pk)!, times: t.times, values: t.values, runStarts: t.runStarts, rawFrom: t.rawFrom }));
  if (rollupWrites.length > 0) await runAsync(session.run(maintainRollups(rollupWrites)), pgRollupBackend(q));
  return { samples, replaced };
}

export function pgSamples(pool: pg.Pool, now: () => number, rollupCache: RollupCache) {
  const db = queries(pool);
  async function commit(plan: FeedPlan): Promise<FeedCommitResult> {
    try {
      // The cache learns the new states only once they are committed.
      const session = new RollupSession(rollupCache);
      const r = await withTx(pool, (q) => apply(q, plan, now(), session));
      session.publish();
      return r;
    } catch (e) {
      // The lock order above should rule deadlocks out; should one still happen, PostgreSQL aborts
      // one side, and for ingest that is the same as a stale plan: read again and retry.
      const code = pgErrorCode(e);
      if (code === '40P01' || code === '40001') throw new StaleFeedPlan(`feed commit collided with a concurrent one (${code})`);
      throw e;
    }
  }

  // Chunks never overlap, so paging them by t0 descending meets samples latest first. The lower
  // bound is the t0 of the chunk holding sd, so a page never scans history older than the range.
  const READ = `SELECT t0, data FROM chunks
    WHERE stream_pk = $1 AND t0 < $2
      AND t0 >= coalesce((SELECT max(t0) FROM chunks WHERE stream_pk = $1 AND t0 <= $3), $3)
    ORDER BY t0 DESC LIMIT $4`;

  async function read(stream: Stream, q: SampleQuery): Promise<{ times: number[]; values: SampleValue[] }> {
    const r = new LatestFirstReader(stream, q);
    let chunkBelow = r.ed;
    let page = Math.min(64, 2 + Math.ceil(q.limit / MAX_CHUNK));
    while (!r.done) {
      const rows = await db.all(READ, stream.key, chunkBelow, r.sd, page);
      for (const row of rows) if (r.take({ data: row.data as Buffer })) break;
      if (rows.length < page) break;
      chunkBelow = Number(rows[rows.length - 1]!.t0);
      page = Math.min(page * 2, 256);
    }
    return r.result();
  }

  return { commit, read };
}

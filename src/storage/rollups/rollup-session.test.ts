import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles } from '../../rollup/cycle.js';
import { fromSamples, type RollupState } from '../../rollup/rollup-state.js';
import { instantSample } from '../../rollup/sample.js';
import { bucketOf, decodeBucket, decodeHead, encodeBucket, stateOf } from './buckets.js';
import { RollupCache } from './rollup-cache.js';
import { readRange, retryMoved } from './rollup-reads.js';
import { defaultCalendars } from '../../rollup/calendar.js';
import { streamRollupPlan } from '../../rollup/stream-plan.js';
import { assertStateClose } from '../../rollup/assert-state-close.js';
import { toSamples } from '../../rollup/stored-samples.js';
import { maintainRollups } from './maintain-rollups.js';
import { statesFromSamples } from './states-from-samples.js';
import { DEFAULT_STREAM_ROLLUP } from '../../domain/model.js';
import { runSync, type RollupBackend, type RollupTask } from './rollup-io.js';
import { RollupSession } from './rollup-session.js';

const HOUR = defaultCycles().find((c) => c.id === 'hour')!;
const H = 3_600_000;
const state = (sd: number, v: number): RollupState => fromSamples([instantSample(sd + 1000, v)], sd, sd + H);

/** The two tables in memory, as a database would hold them. */
class MemoryTables implements RollupBackend {
  rows = new Map<string, Uint8Array>();
  headRows = new Map<number, { version: number; data: Uint8Array }>();

  static key = (s: number, c: string, b: number) => `${s}|${c}|${b}`;

  versions(streams: number[]) {
    return streams.map((s) => this.headRows.get(s)?.version ?? null);
  }
  heads(streams: number[]) {
    return streams.map((s) => this.headRows.get(s) ?? null);
  }
  buckets(keys: { stream: number; cycle: string; bucket: number }[]) {
    return keys.map((k) => this.rows.get(MemoryTables.key(k.stream, k.cycle, k.bucket)) ?? null);
  }
  private numbers(s: number, c: string): number[] {
    return [...this.rows.keys()].filter((k) => k.startsWith(`${s}|${c}|`)).map((k) => Number(k.split('|')[2])).sort((x, y) => x - y);
  }
  bucketRange(s: number, c: string, from: number, to: number) {
    return this.numbers(s, c).filter((b) => b >= from && b <= to).map((b) => ({ bucket: b, data: this.rows.get(MemoryTables.key(s, c, b))! }));
  }
  valueBefore() {
    return null;
  }
  edge(s: number, c: string, last: boolean) {
    const all = this.numbers(s, c);
    const b = last ? all.at(-1) : all[0];
    return b === undefined ? null : { bucket: b, data: this.rows.get(MemoryTables.key(s, c, b))! };
  }
  raw() {
    return [];
  }
  write(deleteStreams: number[], buckets: Parameters<RollupBackend['write']>[1], heads: Parameters<RollupBackend['write']>[2]) {
    for (const s of deleteStreams) {
      for (const k of [...this.rows.keys()]) if (k.startsWith(`${s}|`)) this.rows.delete(k);
      this.headRows.delete(s);
    }
    for (const b of buckets) {
      if (b.data) this.rows.set(MemoryTables.key(b.stream, b.cycle, b.bucket), Buffer.from(b.data));
      else this.rows.delete(MemoryTables.key(b.stream, b.cycle, b.bucket));
    }
    for (const h of heads) this.headRows.set(h.stream, { version: h.version, data: Buffer.from(h.data) });
  }
}

/** Runs a put of `states` through a new session; publishes only when `commit` is true. */
function put(db: MemoryTables, cache: RollupCache, states: RollupState[], commit = true): void {
  const session = new RollupSession(cache);
  function* task(): RollupTask<void> {
    yield { kind: 'put', rows: states.map((st) => ({ stream: 1, cycle: HOUR, sd: st.sd, ed: st.ed, state: st })) };
  }
  runSync(session.run(task()), db);
  if (commit) session.publish();
}

const read = (db: MemoryTables, cache: RollupCache) => runSync(readRange(cache, 1, HOUR, 0, Number.MAX_SAFE_INTEGER), db).map((r) => [r.sd, r.state.sum]);

describe('RollupSession', () => {
  const t0 = 40 * 16 * H; // the start of a bucket

  it('keeps the newest interval of a cycle in the head and moves older ones to their buckets', () => {
    const db = new MemoryTables();
    const cache = new RollupCache();
    put(db, cache, [state(t0, 1)]);
    put(db, cache, [state(t0 + H, 2)]);
    put(db, cache, [state(t0 - H, 3)]); // late: into the previous bucket
    const head = decodeHead(db.headRows.get(1)!.data);
    assert.deepEqual([...head.keys()], ['hour']);
    assert.equal(head.get('hour')!.sd, t0 + H);
    assert.deepEqual(decodeBucket(db.rows.get(`1|hour|${bucketOf(HOUR, t0)}`)!).map((e) => stateOf(e).sum), [1]);
    assert.deepEqual(decodeBucket(db.rows.get(`1|hour|${bucketOf(HOUR, t0 - H)}`)!).map((e) => e.sd), [t0 - H]);
    assert.deepEqual(read(db, cache), [[t0 - H, 3], [t0, 1], [t0 + H, 2]]);
    assert.deepEqual(read(db, new RollupCache()), [[t0 - H, 3], [t0, 1], [t0 + H, 2]], 'the same from the tables alone');
  });

  it('a write that never commits leaves the cache as the database is', () => {
    const db = new MemoryTables();
    const cache = new RollupCache();
    put(db, cache, [state(t0 - H, 0)]);
    put(db, cache, [state(t0, 1)]);
    assert.deepEqual(read(db, cache), [[t0 - H, 0], [t0, 1]]); // cached, buckets loaded
    const committed = { rows: new Map(db.rows), heads: new Map(db.headRows) };
    // written, then "rolled back": a late interval into a cached bucket, the head changed, and
    // a new head that moves the old one into its bucket
    put(db, cache, [state(t0 - H, 98), state(t0, 99), state(t0 + H, 100)], false);
    db.rows = committed.rows;
    db.headRows = committed.heads;
    assert.deepEqual(read(db, cache), [[t0 - H, 0], [t0, 1]]);
  });

  it('a read that a write in this process publishes into starts again, and sees one version', async () => {
    const db = new MemoryTables();
    const cache = new RollupCache();
    put(db, cache, [state(t0, 1)]);
    put(db, cache, [state(t0 + H, 2)]);
    // While the read waits for its buckets, a write commits and publishes into the same cache
    // entry (PostgreSQL awaits between statements).
    let calls = 0;
    const racing = Object.assign(Object.create(db) as MemoryTables, {
      bucketRange(s: number, c: string, from: number, to: number) {
        if (++calls === 1) put(db, cache, [state(t0 + 2 * H, 3)]);
        return db.bucketRange(s, c, from, to);
      },
    });
    // (each attempt reads the tables afresh, as each PostgreSQL attempt takes a new snapshot)
    const rows = await retryMoved(async () => runSync(readRange(cache, 1, HOUR, 0, Number.MAX_SAFE_INTEGER), racing));
    assert.equal(calls, 2, 'read again');
    assert.deepEqual(rows.map((r) => [r.sd, r.state.sum]), [[t0, 1], [t0 + H, 2], [t0 + 2 * H, 3]]);
  });

  it('notices another process changed the stream (a new head version) and re-reads it', () => {
    const db = new MemoryTables();
    const mine = new RollupCache();
    const theirs = new RollupCache();
    put(db, mine, [state(t0, 1)]);
    assert.deepEqual(read(db, mine), [[t0, 1]]);
    put(db, theirs, [state(t0, 5), state(t0 + H, 6)]);
    assert.deepEqual(read(db, mine), [[t0, 5], [t0 + H, 6]]);
  });

  it('adopts states stored before heads existed: their newest interval becomes the head', () => {
    const db = new MemoryTables();
    const old = [state(t0, 1), state(t0 + H, 2)].map((st) => ({ sd: st.sd, ed: st.ed, state: st }));
    db.rows.set(`1|hour|${bucketOf(HOUR, t0)}`, encodeBucket(old));
    const cache = new RollupCache();
    put(db, cache, [state(t0 - H, 3)]); // a late interval must not become the head
    assert.equal(decodeHead(db.headRows.get(1)!.data).get('hour')!.sd, t0 + H);
    assert.deepEqual(read(db, new RollupCache()), [[t0 - H, 3], [t0, 1], [t0 + H, 2]]);
  });
});

/** One stream (UTC, hour and day) written through sessions on `db`, and its samples, for checking. */
class Feed {
  readonly cache = new RollupCache();
  readonly plan = streamRollupPlan(
    { streamType: 'rdm_stream', rollup: DEFAULT_STREAM_ROLLUP },
    'UTC',
    { cycles: defaultCycles(), calendars: defaultCalendars() },
  );
  private readonly all: number[] = [];
  private static value = (t: number) => (t / 10_000) % 97;

  constructor(readonly db: MemoryTables, opts: { noRawReads?: string } = {}) {
    if (opts.noRawReads) {
      db.raw = () => {
        throw new Error(`no raw read expected: ${opts.noRawReads}`);
      };
    }
  }

  write(times: number[]): void {
    this.all.push(...times);
    const session = new RollupSession(this.cache);
    runSync(session.run(maintainRollups([{ stream: 1, plan: this.plan, times, values: times.map(Feed.value) }])), this.db);
    session.publish();
  }

  /** Every stored state, through `cache` (this feed's by default), equals one computed from all the samples written. */
  assertExact(cache: RollupCache = this.cache): void {
    const all = [...this.all].sort((a, b) => a - b);
    for (const { cycle, groups } of statesFromSamples(this.plan, toSamples(this.plan, all, all.map(Feed.value)))) {
      const rows = runSync(readRange(cache, 1, cycle, 0, Number.MAX_SAFE_INTEGER), this.db);
      assert.deepEqual(rows.map((r) => r.sd), groups.map((g) => g.iv.sd), cycle.id);
      rows.forEach((r, i) => assertStateClose(r.state, groups[i]!.state, `${cycle.id} ${i}`));
    }
  }
}

describe('RollupSession under the maintainer', () => {
  const M = 60_000;
  const minutes = (base: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => base + (from + i) * M);

  it('late batches between earlier ones stay exact without raw reads: runs at the hour, the remembered older hours at the day', () => {
    const feed = new Feed(new MemoryTables(), { noRawReads: 'every late batch fits between runs' });
    assert.deepEqual(feed.plan.chain.map((c) => c.id), ['hour', 'day']);
    const start = Date.parse('2026-03-01T00:30:00Z');
    const batch = (k: number) => Array.from({ length: 30 }, (_, i) => start + (k * 30 + i) * 10_000); // 5 minutes each
    // Every third pair arrives swapped, as concurrent requests commit (30 batches: 2.5 hours).
    const order = Array.from({ length: 30 }, (_, k) => k);
    for (let k = 1; k + 1 < order.length; k += 3) [order[k], order[k + 1]] = [order[k + 1]!, order[k]!];
    let memoised = 0;
    for (const k of order) {
      feed.write(batch(k));
      memoised = Math.max(memoised, feed.cache.peek(1)?.prefixes.get('hour')?.length ?? 0);
    }
    assert.ok(memoised > 0, 'the older hours of the day were remembered');
    feed.assertExact();
    feed.assertExact(new RollupCache());
  });

  it('a remembered combination of older hours is dropped when one of those hours changes, and only then', () => {
    const feed = new Feed(new MemoryTables());
    const d = Date.parse('2026-03-01T00:00:00Z');
    const write = (m: number) => feed.write(minutes(d, m, m));
    const remembered = () => (feed.cache.peek(1)?.prefixes.get('hour') ?? []).map((p) => (p.to - d) / H);
    write(10);
    write(70);
    write(130); // hours 0, 1, 2; hour 2 is the head
    write(65); // late into hour 1: the day re-combines hour 0, then hour 1, then hour 2
    write(125); // late into hour 2: hours 0 and 1 combined
    assert.deepEqual(remembered(), [1, 2]);
    write(129); // hour 2 again: nothing before it changed, both stay
    assert.deepEqual(remembered(), [1, 2]);
    write(5); // late into hour 0: both combinations include it
    assert.deepEqual(remembered(), []);
    write(128); // so hour 0's new sample is in the day
    feed.assertExact();
  });

  it('keeps what it needs to put a late batch between two others of an hour that already left the head', () => {
    const feed = new Feed(new MemoryTables(), { noRawReads: 'the hour keeps its runs' });
    const h = Date.parse('2026-03-01T10:00:00Z');
    feed.write(minutes(h, 0, 9));
    feed.write(minutes(h, 20, 29)); // a hole for 10..19
    feed.write(minutes(h, 60, 65)); // the next hour: 10:00 moves into its bucket
    feed.write(minutes(h, 30, 39)); // late, after everything in 10:00: appended, and stored in the bucket
    feed.write(minutes(h, 10, 19)); // into the hole: needs the hour's runs, kept although its bucket was rewritten
    feed.assertExact();
  });
});

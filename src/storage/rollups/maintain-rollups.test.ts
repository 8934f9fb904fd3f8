/**
 * The maintainer against an in-memory store, without a database: after every batch of appends,
 * late writes and overwrites, every stored state equals the one computed from scratch from all
 * raw samples. Stored states are frozen, as a cache may share them, so a maintainer that
 * changed what storage handed it fails here. (The storage contract suite runs the same check
 * through the real backends.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef } from '../../domain/model.js';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles, intervalAt, type Cycle } from '../../rollup/cycle.js';
import { assertStateClose } from '../../rollup/assert-state-close.js';
import { combineAll, type RollupState } from '../../rollup/rollup-state.js';
import { streamRollupPlan, type StreamRollupPlan } from '../../rollup/stream-plan.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { RollupRow } from '../store.js';
import { rng, shuffledWindows } from '../contract/fixtures.js';
import { mergeWrites } from '../stream-writes.js';
import { toSamples } from '../../rollup/stored-samples.js';
import { maintainRollups, type RollupWrite } from './maintain-rollups.js';
import { statesFromSamples } from './states-from-samples.js';
import type { PutRow, RawRun, RollupRequest, RollupTask, StateKey, StoredState } from './rollup-io.js';

const VOCAB = { cycles: defaultCycles(), calendars: defaultCalendars() };
const MIN = 60_000;

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Raw samples and states in maps; answers the maintainer's requests as storage would. */
class MemoryStore {
  /** how many ranges or keys each kind of request asked for */
  readonly asked = new Map<string, number>();
  readonly raw = new Map<number, Map<number, SampleValue>>();
  private readonly states = new Map<string, Map<number, RollupState>>();
  /** the runs the maintainer built a stored state from, as a cache keeps them with the state */
  private readonly runs = new WeakMap<RollupState, readonly RollupState[]>();

  level(stream: number, cycle: Cycle): Map<number, RollupState> {
    const k = `${stream}|${cycle.id}`;
    let m = this.states.get(k);
    if (!m) this.states.set(k, (m = new Map()));
    return m;
  }

  /** Every stored state as if read again from the database: equal, but new objects (the maintainer remembers nothing about them). */
  reload(): void {
    for (const m of this.states.values()) for (const [sd, st] of m) m.set(sd, deepFreeze(structuredClone(st)));
  }

  merge(stream: number, times: readonly number[], values: readonly SampleValue[]): void {
    let m = this.raw.get(stream);
    if (!m) this.raw.set(stream, (m = new Map()));
    times.forEach((t, i) => m.set(t, values[i]!));
  }

  run(task: RollupTask<void>): void {
    let step = task.next();
    while (!step.done) step = task.next(this.serve(step.value));
  }

  private serve(r: RollupRequest): unknown {
    this.asked.set(r.kind, (this.asked.get(r.kind) ?? 0) + ('ranges' in r ? r.ranges.length : 'keys' in r ? r.keys.length : r.rows.length));
    switch (r.kind) {
      case 'get':
        return r.keys.map((k: StateKey): StoredState | undefined => {
          const state = this.level(k.stream, k.cycle).get(k.sd);
          return state && { state, runs: this.runs.get(state) };
        });
      case 'raw': return r.ranges.map(({ stream, from, to }) => this.rawRun(stream, from, to));
      case 'rows': return r.ranges.map(({ stream, cycle, from, to }) => this.rows(stream, cycle, from, to));
      case 'prefix':
        return r.ranges.map(({ stream, cycle, from, to }) => deepFreeze(combineAll(from, to, this.rows(stream, cycle, from, to).map((x) => x.state))));
      case 'put':
        for (const row of r.rows as PutRow[]) {
          this.level(row.stream, row.cycle).set(row.sd, deepFreeze(row.state));
          if (row.runs) this.runs.set(row.state, row.runs);
        }
        return undefined;
    }
  }

  rawRun(stream: number, from: number, to: number): RawRun {
    const m = this.raw.get(stream) ?? new Map<number, SampleValue>();
    const times = [...m.keys()].filter((t) => t >= from && t < to).sort((a, b) => a - b);
    return { times, values: times.map((t) => m.get(t)!) };
  }

  rows(stream: number, cycle: Cycle, from: number, to: number): RollupRow[] {
    return [...this.level(stream, cycle)].filter(([sd]) => sd >= from && sd < to).sort((a, b) => a[0] - b[0]).map(([sd, state]) => ({ sd, ed: state.ed, state }));
  }
}


function assertMatchesRaw(store: MemoryStore, stream: number, plan: StreamRollupPlan, what: string): void {
  const raw = store.rawRun(stream, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  for (const { cycle, groups } of statesFromSamples(plan, toSamples(plan, raw.times, raw.values))) {
    const rows = store.rows(stream, cycle, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(rows.map((r) => [r.sd, r.ed]), groups.map((g) => [g.iv.sd, g.iv.ed]), `${what}: ${cycle.id} intervals`);
    rows.forEach((r, i) => assertStateClose(r.state, groups[i]!.state, `${what}: ${cycle.id} @${new Date(r.sd).toISOString()}`));
  }
}


const random: StreamDef = { id: 'r', name: 'r', description: '', streamType: 'rdm_stream', valueType: 'DOUBLE', unitId: null, autoTyped: false };
const fiveMinute: StreamDef = { ...random, id: 'i', streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'fiveminute' } };

describe('maintainRollups', () => {
  // Zones where hours tile days, and two where they do not (a 30-minute DST shift; Kathmandu's
  // +05:30 → +05:45 on 1986-01-01), where the maintainer falls back to the samples.
  const streams = [
    { def: random, zone: 'UTC', start: Date.parse('2026-10-23T00:00:00Z') },
    { def: fiveMinute, zone: 'Europe/London', start: Date.parse('2026-10-23T00:00:00Z') },
    { def: random, zone: 'Australia/Lord_Howe', start: Date.parse('2026-10-02T00:00:00Z') },
    { def: fiveMinute, zone: 'Australia/Lord_Howe', start: Date.parse('2026-10-02T00:00:00Z') },
    { def: random, zone: 'Asia/Kathmandu', start: Date.parse('1985-12-30T00:00:00Z') },
    { def: fiveMinute, zone: 'America/New_York', start: Date.parse('2026-10-30T00:00:00Z') },
  ].map((s, stream) => ({ ...s, stream, plan: streamRollupPlan(s.def, s.zone, VOCAB), cursor: s.start }));

  for (const seed of [1, 2, 3]) {
    it(`keeps every state exact under appends, late writes and overwrites, all streams in one request (seed ${seed})`, () => {
      const rand = rng(seed);
      const store = new MemoryStore();
      for (let batch = 0; batch < 25; batch++) {
        const writes: RollupWrite[] = [];
        for (const s of streams) {
          if (rand() < 0.2) continue;
          const late = batch > 2 && rand() < 0.35;
          const from = late ? s.start + Math.floor(rand() * (s.cursor - s.start)) : s.cursor;
          const byTime = new Map<number, SampleValue>();
          let t = from;
          for (let i = 0, n = 1 + Math.floor(rand() * 60); i < n; i++) {
            t += Math.floor(rand() * 40 * MIN) + 1;
            const x = rand();
            const v: SampleValue = x < 0.1 ? null : x < 0.15 ? 'text' : x < 0.2 ? -Math.round(rand() * 100) : Math.round(rand() * 10_000) / 10;
            byTime.set(s.plan.base ? intervalAt(s.plan.base, t, s.zone).ed : t, v);
          }
          if (!late) s.cursor = Math.max(s.cursor, t);
          const times = [...byTime.keys()].sort((a, b) => a - b);
          const values = times.map((x) => byTime.get(x)!);
          store.merge(s.stream, times, values); // the maintainer runs after the samples are merged
          writes.push({ stream: s.stream, plan: s.plan, times, values });
        }
        store.run(maintainRollups(writes));
        for (const s of streams) assertMatchesRaw(store, s.stream, s.plan, `seed ${seed} batch ${batch} ${s.def.id} ${s.zone}`);
      }
    });
  }

  const utc = streams[0]!;
  const valueAt = (t: number) => (t / 1000) % 97;
  const write = (store: MemoryStore, times: number[], runStarts?: number[]): void => {
    const values = times.map(valueAt);
    store.merge(utc.stream, times, values);
    store.run(maintainRollups([{ stream: utc.stream, plan: utc.plan, times, values, ...(runStarts ? { runStarts } : {}) }]));
  };

  it("re-combines a day written late in its newest hour from the hours before it alone, and reads the stored hours after a late one", () => {
    const store = new MemoryStore();
    const d = Date.parse('2026-03-02T00:00:00Z');
    write(store, [10, 20, 30, 70, 80].map((m) => d + m * MIN)); // hours 0 and 1
    write(store, [75].map((m) => d + m * MIN)); // late into the newest hour: nothing stored after it
    assert.equal(store.asked.get('rows') ?? 0, 0, 'stored hours read');
    write(store, [25].map((m) => d + m * MIN)); // late into hour 0: hour 1 comes after it
    assert.equal(store.asked.get('rows'), 1, 'stored hours read');
    assertMatchesRaw(store, utc.stream, utc.plan, 'late hours');
  });

  it('re-combines a day from the children around written hours that are not contiguous', () => {
    const store = new MemoryStore();
    const d = Date.parse('2026-03-02T00:00:00Z');
    write(store, [10, 70, 130].map((m) => d + m * MIN)); // hours 0, 1 and 2
    write(store, [20, 125].map((m) => d + m * MIN)); // late into hours 0 and 2, hour 1 unchanged between them
    assertMatchesRaw(store, utc.stream, utc.plan, 'non-contiguous hours');
  });

  /**
   * `n` batches of 50 samples 10 s apart (an hour is 7.2 batches) in windows of 4, each window in
   * an order shuffled as four concurrent feed requests may commit them.
   */
  function batchWindows(seed: number, n: number): number[][][] {
    const d = Date.parse('2026-03-02T00:00:00Z');
    const batches = Array.from({ length: n }, (_, b) => Array.from({ length: 50 }, (_, i) => d + (b * 50 + i) * 10_000));
    return shuffledWindows(batches, 4, rng(seed));
  }

  it('puts the batches of a feed that commit out of order between the runs they belong to, without reading raw samples', () => {
    const store = new MemoryStore();
    for (const window of batchWindows(7, 60)) {
      for (const b of window) {
        write(store, b);
        assertMatchesRaw(store, utc.stream, utc.plan, `batch at ${new Date(b[0]!).toISOString()}`);
      }
    }
    assert.equal(store.asked.get('raw') ?? 0, 0, 'raw samples read');
  });

  it('fills several holes and appends with one write, as a group commit merges out-of-order batches, without reading raw samples', () => {
    const store = new MemoryStore();
    for (const window of batchWindows(11, 64)) {
      // two groups of two, merged as a group commit merges them: e.g. batches 2 and 0 (a hole
      // at 1 between them), then 3 and 1 (filling the hole, and appending)
      for (const pair of [window.slice(0, 2), window.slice(2)]) {
        const writes = pair.map((times) => ({ compId: 'c', streamId: 's', times, values: times.map(valueAt) }));
        const [merged] = mergeWrites(writes, () => ({ pk: utc.stream, streamType: 'rdm_stream', lastTime: null, rawFrom: null })).targets;
        write(store, merged!.times, merged!.runStarts);
        assertMatchesRaw(store, utc.stream, utc.plan, `group at ${new Date(pair[0]![0]!).toISOString()}`);
      }
    }
    assert.equal(store.asked.get('raw') ?? 0, 0, 'raw samples read');
  });

  it('keeps the holes inside one write that fills another hole: each merged write stays a run', () => {
    const store = new MemoryStore();
    const h = Date.parse('2026-03-02T10:00:00Z');
    const batch = (b: number) => Array.from({ length: 5 }, (_, i) => h + (b * 5 + i) * MIN);
    const merged = (bs: number[]) => {
      const writes = bs.map((b) => ({ compId: 'c', streamId: 's', times: batch(b), values: batch(b).map(valueAt) }));
      return mergeWrites(writes, () => ({ pk: utc.stream, streamType: 'rdm_stream', lastTime: null, rawFrom: null })).targets[0]!;
    };
    write(store, batch(0));
    write(store, batch(2));
    const m = merged([1, 3, 5]); // into the hole at 1, then after 2 with a hole at 4
    write(store, m.times, m.runStarts);
    write(store, batch(4));
    assert.equal(store.asked.get('raw') ?? 0, 0, 'raw samples read');
    assertMatchesRaw(store, utc.stream, utc.plan, 'after the holes were filled');
  });

  it('keeps open the hole before a state read from the database when it merges runs', () => {
    const store = new MemoryStore();
    const h = Date.parse('2026-03-02T10:00:00Z');
    const minutes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => h + (from + i) * MIN);
    write(store, minutes(20, 25));
    store.reload(); // one run, spanning the whole hour, its first sample at 10:20
    write(store, minutes(0, 5)); // before it
    for (let k = 0; k < 7; k++) write(store, minutes(26 + 4 * k, 29 + 4 * k)); // nine runs in the hour: two merge
    write(store, minutes(10, 15)); // into the hole between 10:05 and 10:20
    assert.equal(store.asked.get('raw') ?? 0, 0, 'raw samples read');
    assertMatchesRaw(store, utc.stream, utc.plan, 'after the hole was filled');
  });
});

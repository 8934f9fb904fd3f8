/**
 * Test harness for rollup-oracle.test.ts: a raw sample store, an in-memory incremental rollup
 * engine that maintains one state per (cycle, interval) the way a storage-backed engine would
 * (appends update every level with appendSample; late, out-of-order and overwriting writes
 * rebuild the leaf from raw samples and re-combine each ancestor from its children), and the
 * brute-force side (samples of an interval and the carry, found by scanning raw samples).
 */
import { intervalAt, type Cycle, type Interval } from './cycle.js';
import { appendSample, combineAll, emptyState, fromSamples, type RollupState } from './rollup-state.js';
import { sampleStart, sampleWithin, type Sample } from './sample.js';

/** Stored samples keyed by start; a write at an existing start overwrites. */
export class RawStore {
  private readonly byStart = new Map<number, Sample>();
  private sortedCache: Sample[] | null = null;

  set(s: Sample): Sample | undefined {
    const old = this.byStart.get(sampleStart(s));
    this.byStart.set(sampleStart(s), s);
    this.sortedCache = null;
    return old;
  }

  delete(s: Sample): void {
    this.byStart.delete(sampleStart(s));
    this.sortedCache = null;
  }

  has(start: number): boolean {
    return this.byStart.has(start);
  }

  get size(): number {
    return this.byStart.size;
  }

  sorted(): Sample[] {
    this.sortedCache ??= [...this.byStart.values()].sort((a, b) => a.time - b.time);
    return this.sortedCache;
  }

  /** Samples lying in [sd, ed), by binary search on start. */
  within(sd: number, ed: number): Sample[] {
    const all = this.sorted();
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sampleStart(all[mid] as Sample) < sd) lo = mid + 1;
      else hi = mid;
    }
    const out: Sample[] = [];
    for (let i = lo; i < all.length && sampleStart(all[i] as Sample) < ed; i++) {
      const s = all[i] as Sample;
      if (sampleWithin(s, sd, ed)) out.push(s);
    }
    return out;
  }

  /** Brute force: the latest non-gap sample that ends at or before sd. */
  carryBefore(sd: number): Sample | null {
    let best: Sample | null = null;
    for (const s of this.byStart.values()) {
      const ends = s.ms === 0 ? s.time < sd : s.time <= sd;
      if (ends && s.value !== null && (best === null || s.time > best.time)) best = s;
    }
    return best;
  }
}

/** Incremental rollups over a chain of cycles; chain[0] is the leaf (base) cycle. */
export class RollupEngine {
  readonly levels: Map<number, RollupState>[];

  constructor(readonly chain: readonly Cycle[], readonly zone: string, private readonly raw: RawStore) {
    this.levels = chain.map(() => new Map());
  }

  private at(level: number, t: number): Interval {
    return intervalAt(this.chain[level] as Cycle, t, this.zone);
  }

  /** A sample later than every stored sample: O(1) per level. */
  append(s: Sample): void {
    this.levels.forEach((states, i) => {
      const iv = this.at(i, sampleStart(s));
      states.set(iv.sd, appendSample(states.get(iv.sd) ?? emptyState(iv.sd, iv.ed), s));
    });
  }

  /** Anything else: rebuild the leaf holding instant t from raw samples, then its ancestors. */
  rebuild(t: number): void {
    const leaf = this.at(0, t);
    const samples = this.raw.within(leaf.sd, leaf.ed);
    this.put(0, leaf.sd, samples.length > 0 ? fromSamples(samples, leaf.sd, leaf.ed) : null);
    for (let i = 1; i < this.chain.length; i++) {
      const iv = this.at(i, t);
      const children = this.childrenOf(i - 1, iv.sd, iv.ed);
      this.put(i, iv.sd, children.length > 0 ? combineAll(iv.sd, iv.ed, children) : null);
    }
  }

  /** States of `level` inside [sd, ed), in time order. */
  childrenOf(level: number, sd: number, ed: number): RollupState[] {
    const out: RollupState[] = [];
    for (const st of (this.levels[level] as Map<number, RollupState>).values()) if (st.sd >= sd && st.ed <= ed) out.push(st);
    return out.sort((a, b) => a.sd - b.sd);
  }

  private put(level: number, sd: number, st: RollupState | null): void {
    const states = this.levels[level] as Map<number, RollupState>;
    if (st === null || st.samples === 0) states.delete(sd);
    else states.set(sd, st);
  }

  /** The stored state of an interval, or an empty one. */
  state(level: number, iv: Interval): RollupState {
    return (this.levels[level] as Map<number, RollupState>).get(iv.sd) ?? emptyState(iv.sd, iv.ed);
  }

  /** The carry for an interval, from the latest earlier state of the same level with a value. */
  carry(level: number, sd: number): Sample | null {
    let best: RollupState | null = null;
    for (const st of (this.levels[level] as Map<number, RollupState>).values()) {
      if (st.ed <= sd && st.last !== null && (best === null || st.sd > best.sd)) best = st;
    }
    return best?.last ?? null;
  }
}

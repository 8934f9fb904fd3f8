/**
 * The runs of samples a state this process built is made of, oldest first: the state it
 * started from, then each write's delta appended or inserted since. The rollup cache keeps them
 * with the state (buckets.ts Entry) for as long as it keeps the state decoded, so that a write
 * landing between two runs can be put between them instead of rebuilding the interval from raw
 * samples (maintain-rollups.ts tryInsert): concurrent feed requests commit in any order, so a
 * device's batch often arrives after one or more of the batches that followed it. A state
 * without runs (read from the database) is one run.
 */
import { joinRuns, type RollupState } from '../../rollup/rollup-state.js';
import { sampleStart } from '../../rollup/sample.js';

// Enough for the disorder of several concurrent requests; each run held is a state kept alive.
const MAX_RUNS = 8;

/**
 * Where a run's samples start: its first sample when it holds no gaps, else its span's start
 * (a write's delta starts at its first sample; a state read from the database or rebuilt spans
 * its whole interval).
 */
const earliestOf = (r: RollupState): number => (r.gaps === 0 && r.first !== null ? sampleStart(r.first) : r.sd);
const latestOf = (r: RollupState): number => r.latest ?? r.sd;

/** A list of runs being built for a new state, from those of the state it replaces. */
export class Runs {
  private constructor(
    /** the runs, oldest first */
    readonly states: RollupState[],
  ) {}

  /** A copy of `runs`, the runs `st` was built from (undefined: `st` alone), to add to. */
  static of(st: RollupState, runs: readonly RollupState[] | undefined): Runs {
    return new Runs(runs?.slice() ?? [st]);
  }

  static empty(): Runs {
    return new Runs([]);
  }

  add(r: RollupState): void {
    this.states.push(r);
  }

  /**
   * The runs as the cache is to keep them, at most MAX_RUNS of them: the two neighbours
   * with the shortest time between them are merged first. A batch still in flight leaves the
   * widest hole (its whole span), so the holes late writes will fill stay open, while runs that
   * follow each other by a sampling step close up.
   */
  capped(): readonly RollupState[] {
    const { states } = this;
    while (states.length > MAX_RUNS) {
      let best = 0;
      let bestGap = Infinity;
      for (let i = 0; i + 1 < states.length; i++) {
        const gap = earliestOf(states[i + 1]!) - latestOf(states[i]!);
        if (gap < bestGap) (bestGap = gap), (best = i);
      }
      states.splice(best, 2, joinRuns(states[best]!, states[best + 1]!));
    }
    return states;
  }
}

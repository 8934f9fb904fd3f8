/**
 * The reference the tests hold stored states against: every materialised state of a stream
 * computed from scratch from Sample objects with rollup-state.ts's `fromSamples` — a path
 * independent of the maintainer's column folds (maintain-rollups.ts).
 */
import { intervalAt, type Cycle, type Interval } from '../../rollup/cycle.js';
import { fromSamples, type RollupState } from '../../rollup/rollup-state.js';
import { sampleStart, type Sample } from '../../rollup/sample.js';
import type { StreamRollupPlan } from '../store.js';

/** Splits time-ordered samples by the interval of `cycle` each starts in. */
function splitBy(cycle: Cycle, zone: string, samples: readonly Sample[]): { iv: Interval; samples: Sample[] }[] {
  const out: { iv: Interval; samples: Sample[] }[] = [];
  let cur: { iv: Interval; samples: Sample[] } | null = null;
  for (const s of samples) {
    const start = sampleStart(s);
    if (cur === null || start >= cur.iv.ed) {
      cur = { iv: intervalAt(cycle, start, zone), samples: [] };
      out.push(cur);
    }
    cur.samples.push(s);
  }
  return out;
}

/** The states of every materialised cycle of one stream, computed from all of its samples. */
export function statesFromSamples(plan: StreamRollupPlan, samples: readonly Sample[]): { cycle: Cycle; groups: { iv: Interval; state: RollupState }[] }[] {
  return plan.chain.map((cycle) => ({
    cycle,
    groups: splitBy(cycle, plan.zone, samples).map((g) => ({ iv: g.iv, state: fromSamples(g.samples, g.iv.sd, g.iv.ed) })),
  }));
}

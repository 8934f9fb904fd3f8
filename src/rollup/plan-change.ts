/**
 * What a change of a stream's definition, its component's zone or its calendar's cycles does
 * to its stored rollup states. They depend only on which intervals are materialised: the
 * stream's kind and base cycle (where its samples fall), the materialised cycles and the zone
 * they follow — not on the meter, the average kind, gap fill or the default statistic, which
 * only matter when a state is finalized or a sample written (docs/statistics.md). So:
 *  - the same plan: nothing to do (a new name, another spelling of the zone, a calendar change
 *    that adds or drops a cycle nobody materialises — month, year, minutes);
 *  - otherwise the states are rebuilt from the raw samples, and those of materialised cycles
 *    that both plans have, unchanged, in the same zone and for the same samples, are still right:
 *    kept below the raw horizon, where retention deleted the samples they were made from.
 */
import { sameTimeZone } from '../domain/time-zone.js';
import { sameIntervals, type Cycle } from './cycle.js';
import type { StreamRollupPlan } from './stream-plan.js';

export type PlanChange = { rebuild: false } | { rebuild: true; keep: string[] };

const sameBase = (a: Cycle | null, b: Cycle | null) => (a === null || b === null ? a === b : sameIntervals(a, b));

export function planChange(before: StreamRollupPlan, after: StreamRollupPlan): PlanChange {
  const samePlace = sameTimeZone(before.zone, after.zone) && sameBase(before.base, after.base);
  const kept = samePlace ? after.chain.filter((c) => before.chain.some((b) => b.id === c.id && sameIntervals(b, c))) : [];
  if (samePlace && kept.length === after.chain.length && kept.length === before.chain.length) return { rebuild: false };
  return { rebuild: true, keep: kept.map((c) => c.id) };
}

/**
 * What a change of a stream's definition, its component's zone or its calendar's cycles does
 * to its stored rollup states. They depend only on which intervals are materialised: the
 * stream's kind and base cycle (where its samples fall), the materialised cycles and the zone
 * they follow — not on the meter, the average kind, gap fill or the default statistic, which
 * only matter when a state is finalized or a sample written (docs/statistics.md). So:
 *  - the same plan: nothing to do (a new name, another spelling of the zone, a calendar change
 *    that adds or drops a cycle nobody materialises — month, year, minutes);
 *  - otherwise the states are rebuilt from the raw samples, and those of materialised cycles
 *    that both plans have with the same intervals, for the same samples, are still right: kept
 *    below the raw horizon, where retention deleted the samples they were made from (and the
 *    rebuild combines the other cycles there from them where they tile: rebuildRollups).
 */
import { sameTimeZone } from '../domain/time-zone.js';
import { cycleZone, fixedLengthMs, intervalAt, type Cycle } from './cycle.js';
import type { StreamRollupPlan } from './stream-plan.js';

export type PlanChange = { rebuild: false } | { rebuild: true; keep: string[] };

/**
 * Whether cycle `a` in `zoneA` (the component's zone before) and `b` in `zoneB` (after) have the
 * same intervals. A fixed-length cycle is a grid of its length from its reference instant, the
 * same wherever it lands on the same instants (hours in London and in Paris); a calendar cycle
 * follows its zone's wall clock, so the zone it is computed in must be the same.
 */
function sameIntervalsIn(a: Cycle, zoneA: string, b: Cycle, zoneB: string): boolean {
  if (a.sizeType !== b.sizeType || a.count !== b.count) return false;
  if (fixedLengthMs(a) !== undefined) return intervalAt(a, 0, zoneA).sd === intervalAt(b, 0, zoneB).sd;
  return a.reference === b.reference && sameTimeZone(cycleZone(a, zoneA), cycleZone(b, zoneB));
}

export function planChange(before: StreamRollupPlan, after: StreamRollupPlan): PlanChange {
  const same = (a: Cycle, b: Cycle) => sameIntervalsIn(a, before.zone, b, after.zone);
  // where an interval stream's samples fall (at its base intervals' ends) must not move
  const sameBase = before.base === null || after.base === null ? before.base === after.base : same(before.base, after.base);
  const kept = sameBase ? after.chain.filter((c) => before.chain.some((b) => b.id === c.id && same(b, c))) : [];
  if (sameBase && kept.length === after.chain.length && kept.length === before.chain.length) return { rebuild: false };
  return { rebuild: true, keep: kept.map((c) => c.id) };
}

/**
 * What a change of a stream's definition, zone or calendar does to its stored rollup states
 * (rollup/plan-change.ts decides): nothing, or a rebuild keeping what still fits below the raw
 * horizon. Under GG_ROLLUPS=off nothing is maintained, so the states are dropped instead: the
 * start-up backfill recomputes a stream without states once rollups are on again, where states
 * rebuilt now would silently miss every sample written until then.
 */
import { planChange } from '../rollup/plan-change.js';
import type { StreamRollupPlan } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';

export async function applyPlanChange(store: Store, materialize: boolean, streamKey: number, before: StreamRollupPlan, after: StreamRollupPlan): Promise<void> {
  const change = planChange(before, after);
  if (!change.rebuild) return;
  if (materialize) await store.rollups.rebuild(streamKey, after, { keep: change.keep });
  else await store.rollups.rebuild(streamKey, null, { keep: [] });
}

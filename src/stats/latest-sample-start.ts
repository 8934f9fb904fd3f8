/**
 * Where a stream's latest stored sample starts, or undefined when it holds none: the instant
 * of a random or point stream's newest sample, or the start of an interval stream's newest
 * stored base interval (a gap included). A sample's start, not its time, names the rollup
 * interval it lies in: an interval sample's time is its end, which is already the next
 * interval's start when the two end together.
 */
import type { Stream } from '../domain/model.js';
import { sampleStart } from '../rollup/sample.js';
import type { StreamRollupPlan } from '../rollup/stream-plan.js';
import { toSamples } from '../rollup/stored-samples.js';
import type { Store } from '../storage/store.js';

export async function latestSampleStart(store: Store, stream: Stream, plan: StreamRollupPlan): Promise<number | undefined> {
  // Random and point streams store no gaps, so their last value's time is it; an interval
  // stream's latest stored interval may be a gap, so it is read.
  if (plan.base === null) return stream.lastTime ?? undefined;
  const latest = await store.samples.read(stream, { limit: 1 });
  return latest.times.length === 0 ? undefined : sampleStart(toSamples(plan, latest.times, latest.values)[0]!);
}

/**
 * Where a GroveStreams cycle-stat read given `ed` stops. A stat feed answers every interval
 * overlapping [sd, ed), empty ones included, and `limit` (at most 1,000) counts them from the
 * latest back; so an `ed` far in the future (`ed=99999999999999`, as a client asking for
 * everything sends) would answer the 1,000 empty intervals before it and never the data. The
 * end is therefore clamped to the end of the interval that holds the later of now and the
 * latest sample of the streams read (for a component, the latest of all its streams, so its
 * streams end alike): the running interval is still answered with its values so far, and so
 * is data stamped ahead of the server's clock. An `ed` up to the end of the running interval
 * is kept as given.
 *
 * Only the GroveStreams routes clamp: GridDuck telemetry asks StatReader for the buckets of
 * the range its caller named.
 */
import { intervalAt, type Cycle } from '../../rollup/cycle.js';
import { streamRollupPlan } from '../../rollup/stream-plan.js';
import { latestSampleStart } from '../../stats/latest-sample-start.js';
import type { GsContext } from './context.js';
import type { Target } from './read-routes.js';

export async function statFeedEnd(ctx: GsContext, t: Target, cycle: Cycle, ed: number): Promise<number> {
  const now = ctx.clock.now();
  const running = intervalAt(cycle, now, t.comp.timezone).ed;
  if (ed <= running) return ed; // the usual past range: no sample lookup
  const vocab = await ctx.ingest.vocabulary.get(t.orgKey);
  let latest = now;
  for (const s of t.streams) {
    // A sample's start, not its time: an interval sample's time (its end) may already be the next interval's start.
    const start = await latestSampleStart(ctx.store, s, streamRollupPlan(s, t.comp.timezone, vocab));
    if (start !== undefined && start > latest) latest = start;
  }
  return Math.min(ed, intervalAt(cycle, latest, t.comp.timezone).ed);
}

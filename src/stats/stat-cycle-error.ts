/**
 * Which cycles an interval stream's statistics can be read for: those its base cycle tiles in
 * the component's zone, in the intervals read. Its samples are whole base intervals — an
 * interval's value, gap or not, covers all of it — so a cycle interval that holds part of one (a
 * minute of a 15-minute stream, a 20-minute interval of it, a 23-hour day of a 2-hour one)
 * would count the whole interval (900,000 ms in a 60,000 ms minute) or miss it depending on
 * where it ends. Where the zone makes a cycle misfit only at times (Asia/Singapore's days under
 * hours until 1982), intervals elsewhere are exact and answer (rollup/base-cycle-fit.ts).
 * Random and point streams answer any cycle: where no stored cycle tiles it, their statistics
 * are computed exactly from the raw samples (stat-reader.ts).
 */
import type { StreamDef } from '../domain/model.js';
import type { Cycle } from '../rollup/cycle.js';
import { zoneTilingError, type TimeRange } from '../rollup/zone-tiling.js';

/**
 * Why `cycle` cannot be read for `stream`, whose base cycle is `base` (null: not an interval
 * stream), in the component's `zone`, over the intervals overlapping `read` (NO_TIME: the
 * structure alone); null when it can. `name` is what messages call the cycle (a GridDuck
 * granularity is no org cycle: its id means nothing to the caller).
 */
export function statCycleError(stream: Pick<StreamDef, 'id'>, base: Cycle | null, cycle: Cycle, zone: string, read: TimeRange, name = cycle.id): string | null {
  if (base === null) return null;
  const why = zoneTilingError(base, name === cycle.id ? cycle : { ...cycle, id: name }, zone, read);
  return why && `cycle '${name}' is not tiled by the stream's base cycle '${base.id}': '${stream.id}' is an intvl_stream, whose statistics are made of whole base intervals (${why})`;
}

/**
 * One statistic of one stream per telemetry bucket, from the rollup engine (stats/stat-reader.ts:
 * stored rollup states where the bucket's cycle is materialised or tiled by one, else the raw
 * samples), as a number or null per bucket, in bucket order. Also the per-bucket sum GridDuck's
 * site totals need.
 */
import type { Component, Stream } from '../../domain/model.js';
import type { Cycle, Interval } from '../../rollup/cycle.js';
import type { StatId } from '../../rollup/stat-id.js';
import type { StatReader } from '../../stats/stat-reader.js';

export type Series = (number | null)[];

/**
 * `stat` of `stream` (of component `c`) for each bucket. `cycle` must have exactly the buckets'
 * intervals in the component's zone (its own zone, when pinned, wins); `stream` undefined gives
 * all nulls (an asset that never reported the field). `granularity` names the buckets in the
 * 400 for an interval stream whose base cycle does not tile them.
 */
export async function seriesOf(
  reader: StatReader,
  orgKey: number,
  c: Component,
  stream: Stream | undefined,
  stat: StatId,
  cycle: Cycle,
  buckets: readonly Interval[],
  granularity: number | string,
): Promise<Series> {
  if (!stream || buckets.length === 0) return buckets.map(() => null);
  const sd = buckets[0]!.sd;
  const ed = buckets[buckets.length - 1]!.ed;
  const cycleName = `granularity ${granularity}`;
  const rows = await reader.read(orgKey, { stream, zone: c.timezone, cycle, stats: [stat], sd, ed, limit: buckets.length, cycleName });
  const bySd = new Map(rows.map((r) => [r.sd, r.values[0]]));
  return buckets.map((b) => {
    const v = bySd.get(b.sd);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
}

/** Bucket-wise sum of several series; a bucket no series has a number for stays null. */
export function sumSeries(all: readonly Series[], length: number): Series {
  const out: Series = new Array<number | null>(length).fill(null);
  for (const s of all) {
    for (let i = 0; i < length; i++) {
      const v = s[i];
      if (v !== null && v !== undefined) out[i] = (out[i] ?? 0) + v;
    }
  }
  return out;
}

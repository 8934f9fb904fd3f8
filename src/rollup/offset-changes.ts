/**
 * The instants at which a time zone's UTC offset changes, from 1970 to 2100: where a fixed-length
 * cycle can stop tiling a calendar one (zone-tiling.ts). Intl has no list of transitions, so the
 * offset is probed once a week and each change is narrowed down to the second (tz transitions
 * fall on whole seconds). A change and its reversal within one week would not be seen; in the
 * tz data of 1970–2100 no zone has one (checked against daily probes of every zone Intl knows).
 *
 * Why 1970: the tz database only promises correct offsets from 1970 on, and zones that agree
 * since then were merged, so their earlier history (local mean times such as Amsterdam's
 * +00:19:32 until 1937) is not reliable; holding every minute cycle to it would refuse interval
 * streams in half of Europe for dates no telemetry has. Why 2100: future rules are extrapolated.
 */
import { DAY_MS } from './local-time.js';

export const CHECKED_FROM = Date.UTC(1970, 0, 1);
export const CHECKED_TO = Date.UTC(2100, 0, 1);
const PROBE_MS = 7 * DAY_MS;

export interface OffsetChange {
  zone: string;
  /** the first millisecond with the new offset */
  at: number;
  /** offsets as "+01:00" */
  from: string;
  to: string;
  /** how far the wall clock moves (to − from), in ms: forward it skips this much wall time, back it repeats it */
  shiftMs: number;
}

/** "+05:45" (or "-00:19:32") in ms. */
function offsetMs(o: string): number {
  const [h = 0, m = 0, s = 0] = o.slice(1).split(':').map(Number);
  return (o.startsWith('-') ? -1 : 1) * ((h * 60 + m) * 60 + s) * 1000;
}

/** Per zone, computed once (about 15,000 Intl probes, some tens of ms). */
const changesOf = new Map<string, readonly OffsetChange[]>();

/** A probe of `zone`'s offset at an instant, as text ("+05:45"; "+00:00" for UTC itself). */
function offsetProbe(zone: string): (t: number) => string {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  return (t) => {
    const name = fmt.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    return name === 'GMT' ? '+00:00' : name.slice(3);
  };
}

/** The changes of `zone`'s UTC offset in [CHECKED_FROM, CHECKED_TO), in time order. */
export function offsetChanges(zone: string): readonly OffsetChange[] {
  const known = changesOf.get(zone);
  if (known) return known;
  const offset = offsetProbe(zone);
  const out: OffsetChange[] = [];
  let prev = offset(CHECKED_FROM);
  for (let t = CHECKED_FROM + PROBE_MS; t < CHECKED_TO + PROBE_MS; t += PROBE_MS) {
    const cur = offset(t);
    // each change in (t - PROBE_MS, t], halved down to whole seconds (two in one week are rare, but possible)
    for (let lo = (t - PROBE_MS) / 1000; prev !== cur; ) {
      let hi = t / 1000;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offset(mid * 1000) === prev) lo = mid;
        else hi = mid;
      }
      const next = offset(hi * 1000);
      if (hi * 1000 < CHECKED_TO) out.push({ zone, at: hi * 1000, from: prev, to: next, shiftMs: offsetMs(next) - offsetMs(prev) });
      prev = next;
      lo = hi;
    }
  }
  changesOf.set(zone, out);
  return out;
}

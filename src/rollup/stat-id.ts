/**
 * The thirteen GroveStreams statistics (statId values of the cycle-stat API) and the context a
 * statistic of one rollup interval may need beyond the samples inside it.
 */
import type { Value } from '../domain/values.js';
import type { Sample } from './sample.js';

export const STAT_IDS = [
  'first', 'last', 'min', 'max', 'avg', 'sum', 'minoccurrence', 'maxoccurrence',
  'gapcount', 'nongapcount', 'intvlcount', 'milliseccount', 'nongapmilliseccount',
] as const;
export type StatId = (typeof STAT_IDS)[number];

/** A statistic's value: a number, a stream value for first/last, or null when undefined. */
export type StatValue = Value | null;

/** Parses a statId as clients send it (GroveStreams accepts any case, e.g. "AVG"). */
export function parseStatId(text: string): StatId | undefined {
  const s = text.trim().toLowerCase();
  return (STAT_IDS as readonly string[]).includes(s) ? (s as StatId) : undefined;
}

/**
 * What a statistic of interval [sd, ed) may need from outside it. Keeping this out of the
 * stored state is what makes a late write affect only the intervals that contain it.
 */
export interface RollupContext {
  /**
   * The latest non-gap sample before sd (any distance back). Sample-and-hold averages hold
   * it into the interval, and cumulative meters measure the first reading's increment from it.
   */
  carry?: Sample | null;
  /**
   * For random/point streams: hold the last value only up to this instant (e.g. "now" or the
   * stream end while the interval is still running) instead of to ed.
   */
  until?: number;
}

/**
 * End of the held time of a random/point interval: ed, or `until` when earlier, but never
 * before the interval's last sample (a value cannot stop being held before it arrives).
 */
export function holdEnd(sd: number, ed: number, lastTime: number | undefined, until: number | undefined): number {
  const end = Math.min(ed, until ?? ed);
  return Math.max(end, lastTime ?? sd);
}

/**
 * The rule an interval stream's definition is held to: its base cycle must tile every cycle of
 * its rollup calendar that is longer than the base, in the zone of each (the cycle's own, else
 * the component's). Statistics of an interval stream are made of whole base intervals (a
 * sample's weight is its interval), so a calendar interval that is not a whole number of them —
 * a 23-hour DST day under a 2-hour base — would report impossible counts and sums. Random and
 * point streams are not held to it: where a cycle does not tile they are computed exactly from
 * their raw samples.
 *
 * Such misfits are local in time (zone-tiling.ts): Asia/Singapore's +07:30 until 1981 put its
 * midnights between the hours, Europe/London's summers put them between 2-hour intervals every
 * year. So each check asks about the time it concerns, and only misfits there count:
 *  - a definition (component PUT/POST, templates when they are made into components, a
 *    component's zone, a calendar's cycles): from now on, as it decides the intervals of what
 *    will be written;
 *  - a read (stats/stat-cycle-error.ts): the intervals it reads;
 *  - a write (ingest/interval-fit.ts): the intervals it writes.
 * An hourly stream is thus fine in Asia/Singapore today and refuses 1975, while Lord Howe's
 * half-hour DST and London's summers under a 2-hour base misfit every year to come.
 */
import { rollupDefOf, type StreamDef } from '../domain/model.js';
import { resolveCalendar, rollupChain } from './calendar.js';
import type { Cycle } from './cycle.js';
import { baseCycleOf, DEFAULT_CALENDAR_ID, type RollupVocabulary } from './stream-plan.js';
import { zoneTilingError, type TimeRange } from './zone-tiling.js';

/**
 * Why `base` cannot be the base cycle of an interval stream rolling up into `sortedCalendar`
 * (smallest first) from `now` on, or null. `zone` is the component's; undefined where there is
 * no component yet (a template): then only cycles with a zone of their own are checked against a zone.
 */
export function baseCycleFitError(base: Cycle, sortedCalendar: readonly Cycle[], zone: string | undefined, now: number): string | null {
  const chain = rollupChain(base, sortedCalendar);
  if (!chain.ok) return chain.error;
  // rollupChain holds the base and the calendar to one zone setting, so the base's decides
  const z = zone ?? (base.timezone || undefined);
  if (z === undefined) return null;
  return chainTilingError(base, chain.cycles, z, { from: now, to: Infinity });
}

/**
 * Why `base` does not tile each longer cycle of `chain` (a stream's calendar from its base up,
 * structurally sound: rollupChain) in `zone` over `range`, or null.
 */
export function chainTilingError(base: Cycle, chain: readonly Cycle[], zone: string, range: TimeRange): string | null {
  for (const c of chain) {
    if (c.id === base.id) continue;
    const err = zoneTilingError(base, c, zone, range);
    if (err) return err;
  }
  return null;
}

/**
 * The same for the stream definitions of a component in `zone`, in words that name the first
 * stream that does not fit, its base cycle and its calendar; null also for what is not an
 * interval stream or refers to what the org does not have (checked when it was saved).
 */
export function streamsFitError(defs: readonly StreamDef[], zone: string, vocab: RollupVocabulary, now: number): string | null {
  for (const def of defs) {
    const base = baseCycleOf(def, vocab);
    if (!base) continue;
    const calId = rollupDefOf(def).calendarId ?? DEFAULT_CALENDAR_ID;
    const cal = vocab.calendars.find((c) => c.id === calId);
    const sorted = cal && resolveCalendar(cal, vocab.cycles);
    const err = sorted?.ok ? baseCycleFitError(base, sorted.cycles, zone, now) : null;
    if (err) return `stream '${def.id}' cannot be in time zone ${zone}: its base cycle '${base.id}' does not fit rollup calendar '${calId}': ${err}`;
  }
  return null;
}

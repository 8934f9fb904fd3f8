/**
 * Whether a stream definition that was checked once can still be given to a new stream. A
 * component template is checked when it is saved but used later, and what its streams name may
 * have changed meanwhile (a calendar's cycles, say); a stream created from it must not be an
 * intvl_stream without a base cycle, nor name an id that means nothing now (or, once an object
 * with that id is created again, something else). Ingest and `PUT component` ask this for every
 * definition they copy; the advanced API's own input checks (stream-rollup-input.ts) say the
 * same things about a body, naming its fields.
 */
import { rollupDefOf, type StreamDef } from '../domain/model.js';
import { coerceValue } from '../domain/values.js';
import { meterFillError } from './meter-fill.js';
import { resolveCalendar, rollupChain, type RollupCalendar } from './calendar.js';
import type { Cycle } from './cycle.js';
import { DEFAULT_CALENDAR_ID } from './stream-plan.js';

/** What a definition may name: the org's cycles, rollup calendars and delete profiles. */
export interface StreamDefVocabulary {
  cycles: readonly Cycle[];
  calendars: readonly RollupCalendar[];
  deleteProfiles: readonly { id: string }[];
}

/**
 * What is wrong with the definition, said of it ("names cycle 'x' as its base cycle, which
 * does not exist"), or null when a stream can be created from it.
 */
export function streamDefProblem(def: StreamDef, vocab: StreamDefVocabulary): string | null {
  const r = rollupDefOf(def);
  const base = r.baseCycleId === null ? undefined : vocab.cycles.find((c) => c.id === r.baseCycleId);
  if (r.baseCycleId !== null && !base) return `names cycle '${r.baseCycleId}' as its base cycle, which does not exist`;
  if (r.calendarId !== null && !vocab.calendars.some((c) => c.id === r.calendarId)) return `names rollup calendar '${r.calendarId}', which does not exist`;
  if (r.deleteProfileId !== null && !vocab.deleteProfiles.some((p) => p.id === r.deleteProfileId)) return `names delete profile '${r.deleteProfileId}', which does not exist`;
  // saved before the rules were what they are now, a template may hold what a body is refused for
  if (r.gapFill.kind === 'constant') {
    const v = coerceValue(def.valueType, r.gapFill.value);
    if (typeof v === 'object') return `has a gapFill CONSTANT that does not fit its valueType ${def.valueType}: ${v.error}`;
  }
  const invented = meterFillError(r);
  if (invented) return `has ${invented}`;
  if (def.streamType !== 'intvl_stream') return null;
  if (!base) return 'is an intvl_stream without a base cycle';
  const cal = vocab.calendars.find((c) => c.id === (r.calendarId ?? DEFAULT_CALENDAR_ID));
  const calendar = cal && resolveCalendar(cal, vocab.cycles);
  if (!cal || !calendar?.ok) return null; // stored calendars are valid; an org without 'default' materialises nothing
  const chain = rollupChain(base, calendar.cycles);
  return chain.ok ? null : `has base cycle '${base.id}', which does not fit rollup calendar '${cal.id}': ${chain.error}`;
}

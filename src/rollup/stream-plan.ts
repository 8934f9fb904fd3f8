/**
 * Which cycles of a stream are materialised, and how its stored samples map to rollup samples.
 *
 * Materialised: the cycles of the stream's rollup calendar (from its base cycle up, for interval
 * streams) from an hour long up to the first of at least a day. Each tiles the next, so a state
 * of a larger cycle is the combination of its children; month and year are combined on read. Smaller cycles (second … fifteen minutes) are answered from
 * the raw samples when asked for: a state per second or minute would cost a row per handful of
 * samples on every write, while an hour of raw samples decodes in microseconds. A cycle that
 * is not in the calendar (e.g. `week` on the default calendar) is combined on read from the
 * largest materialised cycle that tiles it, or computed from raw samples.
 */
import type { StreamDef } from '../domain/model.js';
import { rollupDefOf } from '../domain/model.js';
import { resolveCalendar, rollupChain, type RollupCalendar } from './calendar.js';
import { nominalLengthMs, type Cycle } from './cycle.js';
import type { RollupSettings, StreamKind } from './rollup-settings.js';

/**
 * A chain's cycles from an hour long up to the first of at least a day are materialised (hour
 * and day on the default calendar). Shorter ones would cost a state per handful of samples;
 * longer ones (month, year) are read by combining day states — at most 366 per interval, well
 * under a millisecond from the cache — because every materialised cycle is one more state to
 * update and store on every write (docs/statistics.md).
 */
export const MATERIALIZE_FROM_MS = 3_600_000;
const MATERIALIZE_UP_TO_MS = 86_400_000;
export const DEFAULT_CALENDAR_ID = 'default';

/** How one stream's samples roll up (what a feed commit needs to maintain its states). */
export interface StreamRollupPlan {
  /** IANA zone the component's calendar cycles follow */
  zone: string;
  /** interval streams: the base cycle (a stored sample's time is its interval end); else null */
  base: Cycle | null;
  /** the materialised cycles, smallest first; each tiles the next exactly */
  chain: Cycle[];
}

/** An org's cycles and calendars, as the plan needs them. */
export interface RollupVocabulary {
  cycles: readonly Cycle[];
  calendars: readonly RollupCalendar[];
}

const materialisedOf = new WeakMap<Cycle[], Cycle[]>();
/** The cycles of a chain that are materialised (see MATERIALIZE_FROM_MS), cached per chain. */
function materialised(chain: Cycle[]): Cycle[] {
  let m = materialisedOf.get(chain);
  if (!m) {
    m = [];
    for (const c of chain) {
      if (nominalLengthMs(c) < MATERIALIZE_FROM_MS) continue;
      m.push(c);
      if (nominalLengthMs(c) >= MATERIALIZE_UP_TO_MS) break;
    }
    materialisedOf.set(chain, m);
  }
  return m;
}

/** What of a stream's definition decides how it rolls up. */
export type RollupShapeDef = Pick<StreamDef, 'streamType' | 'rollup'>;

export function streamKindOf(streamType: StreamDef['streamType']): StreamKind {
  return streamType === 'intvl_stream' ? 'interval' : streamType === 'point_stream' ? 'point' : 'random';
}

/** The settings statistics are finalized with. */
export function rollupSettingsOf(def: StreamDef): RollupSettings {
  const r = rollupDefOf(def);
  return {
    streamKind: streamKindOf(def.streamType),
    valueType: def.valueType,
    meter: r.meter,
    randomAvg: r.randomAvg,
  };
}

/** The base cycle of an interval stream, or null (random/point, or an unknown cycle id). */
export function baseCycleOf(def: RollupShapeDef, vocab: RollupVocabulary): Cycle | null {
  if (def.streamType !== 'intvl_stream') return null;
  const id = rollupDefOf(def).baseCycleId;
  return id === null ? null : vocab.cycles.find((c) => c.id === id) ?? null;
}

// Resolving a calendar validates every cycle in it; a feed asks for every stream it writes, so
// the answer is kept per vocabulary object (a vocabulary is replaced, never changed, on reload).
const chains = new WeakMap<RollupVocabulary, Map<string, Cycle[]>>();

/** The stream's calendar cycles (smallest first, from the base up for interval streams); [] when unusable. */
export function calendarChain(def: RollupShapeDef, vocab: RollupVocabulary): Cycle[] {
  const calId = rollupDefOf(def).calendarId ?? DEFAULT_CALENDAR_ID;
  const base = baseCycleOf(def, vocab);
  const key = `${calId}\u0000${base?.id ?? ''}`;
  let byKey = chains.get(vocab);
  if (!byKey) chains.set(vocab, (byKey = new Map()));
  let chain = byKey.get(key);
  if (!chain) byKey.set(key, (chain = resolveChain(calId, base, vocab)));
  return chain;
}

function resolveChain(calId: string, base: Cycle | null, vocab: RollupVocabulary): Cycle[] {
  const cal = vocab.calendars.find((c) => c.id === calId);
  if (!cal) return [];
  const sorted = resolveCalendar(cal, vocab.cycles);
  if (!sorted.ok) return [];
  if (!base) return sorted.cycles;
  const chain = rollupChain(base, sorted.cycles);
  return chain.ok ? chain.cycles : [];
}

/**
 * The plan a feed commit maintains for a stream. Point streams keep one sample, so nothing is
 * materialised for them (an empty chain) and their statistics are computed on read. Validation
 * on save keeps base cycles and calendars consistent; should one still be unusable, the stream
 * is simply not materialised and its statistics are computed from raw samples.
 */
export function streamRollupPlan(def: RollupShapeDef, zone: string, vocab: RollupVocabulary): StreamRollupPlan {
  if (def.streamType === 'point_stream') return { zone, base: null, chain: [] };
  const base = baseCycleOf(def, vocab);
  const chain = materialised(calendarChain(def, vocab));
  return { zone, base, chain };
}

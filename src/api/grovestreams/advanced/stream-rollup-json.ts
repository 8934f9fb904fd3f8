/**
 * The rollup fields of a stream as the advanced API prints them: every field, defaults filled
 * in, in the form stream-rollup-input.ts takes, so a stream can be GET, edited and POSTed back.
 */
import { rollupDefOf, type StreamDef } from '../../../domain/model.js';
import type { Value } from '../../../domain/values.js';
import { refJson, type RefJson } from './entity-ref.js';
import type { RollupDefinitions } from '../../../storage/rollup-definitions.js';
import { DEFAULT_CALENDAR_ID } from '../../../rollup/stream-plan.js';
import { DEFAULT_ROLLUP_METHOD } from './stream-rollup-input.js';

export interface StreamRollupJson {
  /** null: none (random and point streams need none) */
  baseCycle: RefJson | null;
  /** null only when the stream names none and the org has no 'default' calendar */
  rollupCalendar: RefJson | null;
  /** upper-case statId, as GroveStreams clients send it (e.g. "AVG") */
  rollupMethod: string;
  /** null: raw samples are kept forever */
  delete_profile: RefJson | null;
  meterKind: string;
  randomAvg: string;
  gapFill: { type: string; value?: Value };
  timeAlignment: string;
}

export function streamRollupJson(s: Pick<StreamDef, 'rollup'>, vocab: RollupDefinitions): StreamRollupJson {
  const r = rollupDefOf(s);
  // The 'default' calendar is printed by name, unless the org has none (then null, which reads back the same).
  const calendarId = r.calendarId ?? (vocab.calendars.some((c) => c.id === DEFAULT_CALENDAR_ID) ? DEFAULT_CALENDAR_ID : null);
  return {
    baseCycle: r.baseCycleId === null ? null : refJson(r.baseCycleId, vocab.cycles),
    rollupCalendar: calendarId === null ? null : refJson(calendarId, vocab.calendars),
    rollupMethod: (r.rollupMethod ?? DEFAULT_ROLLUP_METHOD).toUpperCase(),
    delete_profile: r.deleteProfileId === null ? null : refJson(r.deleteProfileId, vocab.deleteProfiles),
    meterKind: r.meter.toUpperCase(),
    randomAvg: r.randomAvg.toUpperCase(),
    gapFill: r.gapFill.kind === 'constant' ? { type: 'CONSTANT', value: r.gapFill.value } : { type: r.gapFill.kind.toUpperCase() },
    timeAlignment: r.align.toUpperCase(),
  };
}

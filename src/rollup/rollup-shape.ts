/**
 * Which definition changes invalidate a stream's materialised rollups. Stored states depend on
 * which intervals exist — the stream kind, an interval stream's base cycle and the calendar's
 * cycles — but not on the meter, the average kind or the default statistic, which only matter
 * when a state is finalized (statistics.md). Gap fill, alignment and retention only affect
 * future writes. So only a change of the shape needs a rebuild (store.rollups.rebuild).
 */
import { rollupDefOf } from '../domain/model.js';
import { DEFAULT_CALENDAR_ID, type RollupShapeDef as ShapeOf } from './stream-plan.js';

/** The calendar a stream rolls up into: null names the org's 'default' calendar. */
const calendarOf = (s: ShapeOf) => rollupDefOf(s).calendarId ?? DEFAULT_CALENDAR_ID;

export function rollupShapeChanged(before: ShapeOf, after: ShapeOf): boolean {
  if (before.streamType !== after.streamType) return true;
  if (calendarOf(before) !== calendarOf(after)) return true;
  // only interval streams have a base cycle that decides where samples and intervals fall
  return after.streamType === 'intvl_stream' && rollupDefOf(before).baseCycleId !== rollupDefOf(after).baseCycleId;
}

/**
 * The streams of `after` whose rollup shape differs from the stream with the same id in
 * `before` (streams new in `after` have nothing materialised yet and are not listed).
 */
export function reshapedStreams<T extends ShapeOf & { id: string }>(before: readonly (ShapeOf & { id: string })[], after: readonly T[]): T[] {
  const old = new Map(before.map((s) => [s.id, s]));
  return after.filter((s) => {
    const b = old.get(s.id);
    return b !== undefined && rollupShapeChanged(b, s);
  });
}

/**
 * What a change of a rollup calendar's cycles means for the streams that roll up with it (by
 * name, or every stream that names none for 'default'). Their stored rollup states are laid out
 * by the calendar's materialised cycles, so where the change alters those (rollup/plan-change.ts)
 * they are recomputed from the raw samples, as components-routes does when a stream's own
 * calendar changes. Before
 * it, an interval stream's base cycle must still tile the new calendar in its component's zone:
 * the same rule a stream is held to when it is saved (base-cycle-fit.ts), so a calendar change
 * cannot break it.
 */
import { conflict } from '../../../domain/errors.js';
import { rollupDefOf, type Stream } from '../../../domain/model.js';
import { baseCycleFitError } from '../../../rollup/base-cycle-fit.js';
import type { Cycle } from '../../../rollup/cycle.js';
import { applyPlanChange } from '../../../stats/apply-plan-change.js';
import { baseCycleOf, DEFAULT_CALENDAR_ID, streamRollupPlan, type RollupVocabulary } from '../../../rollup/stream-plan.js';
import { loadRollupDefinitions } from '../../../storage/rollup-definitions.js';
import type { GsContext } from '../context.js';
import { eachComponent } from './common.js';

export interface CalendarUser {
  compId: string;
  zone: string;
  stream: Stream;
}

/** Every stream of the org that rolls up with calendar `calendarId`. */
export async function calendarUsers(ctx: GsContext, orgKey: number, calendarId: string): Promise<CalendarUser[]> {
  const out: CalendarUser[] = [];
  for await (const c of eachComponent(ctx, orgKey)) {
    for (const s of c.streams) {
      if ((rollupDefOf(s).calendarId ?? DEFAULT_CALENDAR_ID) === calendarId) out.push({ compId: c.id, zone: c.timezone, stream: s });
    }
  }
  return out;
}

/** 409 when an interval stream's base cycle would not tile `sorted` (the new calendar, smallest first) in its component's zone from `now` on. */
export function checkBaseCyclesFit(calendarId: string, users: readonly CalendarUser[], sorted: readonly Cycle[], orgCycles: readonly Cycle[], now: number): void {
  for (const u of users) {
    const base = baseCycleOf(u.stream, { cycles: orgCycles, calendars: [] });
    if (!base) continue;
    const err = baseCycleFitError(base, sorted, u.zone, now);
    if (err) {
      throw conflict(`cannot change the cycles of rollup calendar '${calendarId}': the base cycle '${base.id}' of stream ${u.compId}/${u.stream.id} would not fit it (${err}); change the stream first`);
    }
  }
}

/**
 * Recomputes the rollup states of the users whose materialised cycles the change altered
 * (rollup/plan-change.ts), from the org's definitions `before` the calendar was saved and as
 * they are now (read from the store: the vocabulary cache leaves calendars out under
 * GG_ROLLUPS=off, and the states must follow the calendar all the same).
 */
export async function rebuildCalendarUsers(ctx: GsContext, orgKey: number, users: readonly CalendarUser[], before: RollupVocabulary): Promise<void> {
  if (users.length === 0) return;
  const now = await loadRollupDefinitions(ctx.store, orgKey);
  for (const u of users) {
    await applyPlanChange(ctx.store, ctx.config.materializeRollups, u.stream.key, streamRollupPlan(u.stream, u.zone, before), streamRollupPlan(u.stream, u.zone, now));
  }
}

/**
 * Rollup calendars (notes §1.5, §4): the cycles a stream's statistics are kept for. PUT
 * inserts, POST updates (found by uid, else id). "Each set of intervals described by a cycle
 * must fit evenly into the parent cycle or an error will be raised when the rollup_calendar is
 * PUT or POSTed": the store checks the tiling (rollup/calendar.ts resolveCalendar) and answers
 * 400 with the reason. Streams refer to a calendar by id (none = 'default'), so the id never
 * changes, 'default' cannot be deleted, and a calendar a stream names cannot either (409).
 * A POST that changes the cycles of a calendar in use recomputes its streams' rollups, and is
 * refused (409) when an interval stream's base cycle would no longer tile it (calendar-change.ts).
 * Rights: `rollup_calendar` (and `rollup_calendar/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../../domain/errors.js';
import { resolveCalendar } from '../../../rollup/calendar.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { calendarUsers, checkBaseCyclesFit, rebuildCalendarUsers, type CalendarUser } from './calendar-change.js';
import { loadRollupDefinitions } from '../../../storage/rollup-definitions.js';
import { currentForUpdate, idForUpdate, newIdForInsert, route, sendOk, uidResourceRoutes, wrapped } from './common.js';
import { readCalendarCycles, readCalendarName } from './rollup-config-input.js';
import { BLANK_CALENDAR, calendarJson } from './rollup-config-json.js';
import { calendarBodySchema } from './rollup-config-schemas.js';

const RESOURCE = 'rollup_calendar';

export function calendarsRoutes(app: FastifyInstance, ctx: GsContext): void {
  uidResourceRoutes(app, {
    resource: RESOURCE,
    label: 'rollup calendar',
    repo: ctx.store.calendars,
    blank: BLANK_CALENDAR,
    printer: async (orgKey) => {
      const cycles = new Map((await ctx.store.cycles.list(orgKey)).map((c) => [c.id, c]));
      return (c) => calendarJson(c, cycles);
    },
    deleteSummary: "Delete a rollup calendar no stream or component template uses (never 'default')",
    afterDelete: (orgKey) => ctx.ingest.vocabulary.forget(orgKey),
  });

  app.put('/rollup_calendar', route('Create a rollup calendar', { body: calendarBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    requireRight(caller, [RESOURCE], 'PUT');
    const o = wrapped(req.body, RESOURCE);
    const id = await newIdForInsert(o, RESOURCE, 'rollup calendar', 'calendar', (k) => ctx.store.calendars.get(orgKey, k));
    const cycles = await ctx.store.cycles.list(orgKey);
    const saved = await ctx.store.calendars.put(orgKey, { id, name: readCalendarName(o, id), cycleIds: readCalendarCycles(o, cycles) });
    ctx.ingest.vocabulary.forget(orgKey);
    return sendOk(reply, RESOURCE, calendarJson(saved, new Map(cycles.map((c) => [c.id, c]))));
  });

  app.post('/rollup_calendar', route('Update a rollup calendar (found by uid, else id)', { body: calendarBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    const o = wrapped(req.body, RESOURCE);
    const cur = await currentForUpdate(o, RESOURCE, 'rollup calendar', (k) => ctx.store.calendars.get(orgKey, k));
    requireRight(caller, [RESOURCE, cur.id], 'POST');
    const id = idForUpdate(o, RESOURCE, 'rollup calendar', cur, 'streams refer to calendars by id');
    const cycles = await ctx.store.cycles.list(orgKey);
    const next = { id, name: readCalendarName(o, id, cur), cycleIds: readCalendarCycles(o, cycles, cur) };
    const check = resolveCalendar(next, cycles);
    if (!check.ok) throw badRequest(check.error);
    const reshaped = check.cycles.map((c) => c.id).join('\u0000') !== cur.cycleIds.join('\u0000'); // both smallest first
    let users: CalendarUser[] = [];
    if (reshaped) {
      users = await calendarUsers(ctx, orgKey, id);
      checkBaseCyclesFit(id, users, check.cycles, cycles, ctx.clock.now());
    }
    const before = await loadRollupDefinitions(ctx.store, orgKey);
    const saved = await ctx.store.calendars.put(orgKey, next);
    ctx.ingest.vocabulary.forget(orgKey);
    await rebuildCalendarUsers(ctx, orgKey, users, before);
    return sendOk(reply, RESOURCE, calendarJson(saved, new Map(cycles.map((c) => [c.id, c]))));
  });
}

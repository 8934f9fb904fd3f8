/**
 * Store.calendars on PostgreSQL. put validates against the org's cycles while holding them
 * FOR SHARE, so a concurrent cycles.put (FOR UPDATE) waits until the calendar is stored and
 * then sees it among the cycle's users.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { badRequest } from '../../domain/errors.js';
import { resolveCalendar } from '../../rollup/calendar.js';
import { calendarDeleteConflict, defaultCalendarConflict } from '../in-use-errors.js';
import { calendarFromRow, cycleFromRow } from '../rollup-config-rows.js';
import type { Store } from '../store.js';
import { queries, withTx } from './open.js';
import { pgReferences } from './postgres-references.js';

const FIND = 'SELECT * FROM rollup_calendars WHERE org_pk = $1 AND (id = $2 OR uid = $2) ORDER BY id = $2 DESC LIMIT 1';

export function pgCalendars(pool: pg.Pool): Store['calendars'] {
  const db = queries(pool);
  return {
    async list(orgKey) {
      return (await db.all('SELECT * FROM rollup_calendars WHERE org_pk = $1 ORDER BY pk', orgKey)).map(calendarFromRow);
    },
    async get(orgKey, idOrUid) {
      const r = await db.one(FIND, orgKey, idOrUid);
      return r && calendarFromRow(r);
    },
    async put(orgKey, c) {
      return withTx(pool, async (q) => {
        const cycles = (await q.all('SELECT * FROM cycles WHERE org_pk = $1 ORDER BY pk FOR SHARE', orgKey)).map(cycleFromRow);
        const check = resolveCalendar(c, cycles);
        if (!check.ok) throw badRequest(check.error);
        // Kept in chain order (smallest first), as GroveStreams sorts them on save.
        const r = await q.one(
          `INSERT INTO rollup_calendars (uid, org_pk, id, name, cycle_ids) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, cycle_ids = excluded.cycle_ids
           RETURNING *`,
          c.uid ?? randomUUID(), orgKey, c.id, c.name, JSON.stringify(check.cycles.map((x) => x.id)),
        );
        return calendarFromRow(r!);
      });
    },
    async delete(orgKey, idOrUid) {
      return withTx(pool, async (q) => {
        const cur = await q.one(`${FIND} FOR UPDATE`, orgKey, idOrUid);
        if (!cur) return false;
        const id = String(cur.id);
        if (id === 'default') throw defaultCalendarConflict();
        const err = calendarDeleteConflict(id, await pgReferences.calendar(q, orgKey, id));
        if (err) throw err;
        return (await q.run('DELETE FROM rollup_calendars WHERE org_pk = $1 AND id = $2', orgKey, id)) > 0;
      });
    },
  };
}

/**
 * Store.calendars on SQLite. A calendar is checked against the org's cycles as they are inside
 * the same transaction that stores it, so a concurrent cycle change cannot slip in between.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../domain/errors.js';
import { resolveCalendar } from '../../rollup/calendar.js';
import { calendarDeleteConflict, defaultCalendarConflict } from '../in-use-errors.js';
import { calendarFromRow, cycleFromRow } from '../rollup-config-rows.js';
import type { Row } from '../rows.js';
import type { Store } from '../store.js';
import type { Db } from './open.js';
import { sqliteReferences } from './sqlite-references.js';

export function sqliteCalendars(db: Db): Store['calendars'] {
  const refs = sqliteReferences(db);
  const cycles = db.prepare<[number], Row>('SELECT * FROM cycles WHERE org_pk = ? ORDER BY pk');
  const list = db.prepare<[number], Row>('SELECT * FROM rollup_calendars WHERE org_pk = ? ORDER BY pk');
  const get = db.prepare<[number, string, string, string], Row>(
    'SELECT * FROM rollup_calendars WHERE org_pk = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1',
  );
  const byId = db.prepare<[number, string], Row>('SELECT * FROM rollup_calendars WHERE org_pk = ? AND id = ?');
  const upsert = db.prepare(
    `INSERT INTO rollup_calendars (uid, org_pk, id, name, cycle_ids) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, cycle_ids = excluded.cycle_ids`,
  );
  const del = db.prepare('DELETE FROM rollup_calendars WHERE org_pk = ? AND id = ?');

  const find = (orgKey: number, idOrUid: string) => {
    const r = get.get(orgKey, idOrUid, idOrUid, idOrUid);
    return r && calendarFromRow(r);
  };

  return {
    async list(orgKey) {
      return list.all(orgKey).map(calendarFromRow);
    },
    async get(orgKey, idOrUid) {
      return find(orgKey, idOrUid);
    },
    async put(orgKey, c) {
      return db.transaction(() => {
        const check = resolveCalendar(c, cycles.all(orgKey).map(cycleFromRow));
        if (!check.ok) throw badRequest(check.error);
        // Kept in chain order (smallest first), as GroveStreams sorts them on save.
        upsert.run(c.uid ?? randomUUID(), orgKey, c.id, c.name, JSON.stringify(check.cycles.map((x) => x.id)));
        return calendarFromRow(byId.get(orgKey, c.id)!);
      }).immediate();
    },
    async delete(orgKey, idOrUid) {
      return db.transaction(() => {
        const cur = find(orgKey, idOrUid);
        if (!cur) return false;
        if (cur.id === 'default') throw defaultCalendarConflict();
        const err = calendarDeleteConflict(cur.id, refs.calendar(orgKey, cur.id));
        if (err) throw err;
        return del.run(orgKey, cur.id).changes > 0;
      }).immediate();
    },
  };
}

/**
 * Every org starts with defaultCycles() and defaultCalendars(): `seed` adds them to a new org
 * (inside orgs.create's transaction); `ensureAll` adds them to orgs from before cycles existed.
 * An org with no cycle at all was never seeded — a seeded org cannot lose all its cycles, since
 * its 'default' calendar cannot be deleted and a calendar's cycles cannot either — so running
 * ensureAll on every start is idempotent and never brings back what a user deleted.
 */
import { randomUUID } from 'node:crypto';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles } from '../../rollup/cycle.js';
import type { Db } from './open.js';

export function sqliteRollupDefaults(db: Db) {
  const insertCycle = db.prepare(
    `INSERT INTO cycles (uid, org_pk, id, name, size_type, count, reference, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_pk, id) DO NOTHING`,
  );
  const insertCalendar = db.prepare('INSERT INTO rollup_calendars (uid, org_pk, id, name, cycle_ids) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_pk, id) DO NOTHING');
  const unseeded = db.prepare<[], { pk: number }>('SELECT pk FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM cycles c WHERE c.org_pk = o.pk) ORDER BY pk');

  /** Call inside a transaction. */
  function seed(orgKey: number): void {
    for (const c of defaultCycles()) insertCycle.run(randomUUID(), orgKey, c.id, c.name, c.sizeType, c.count, c.reference, c.timezone ?? '');
    for (const cal of defaultCalendars()) insertCalendar.run(randomUUID(), orgKey, cal.id, cal.name, JSON.stringify(cal.cycleIds));
  }

  return {
    seed,
    ensureAll: db.transaction(() => {
      for (const { pk } of unseeded.all()) seed(pk);
    }),
  };
}

/**
 * Every org starts with defaultCycles() and defaultCalendars(): `seed` adds them to a new org
 * (inside orgs.create's transaction); `ensureAll` adds them to orgs from before cycles existed.
 * An org with no cycle at all was never seeded — a seeded org cannot lose all its cycles, since
 * its 'default' calendar cannot be deleted and a calendar's cycles cannot either — so running
 * ensureAll on every start is idempotent and never brings back what a user deleted. Two
 * processes starting at once both insert with ON CONFLICT DO NOTHING: one set wins.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles } from '../../rollup/cycle.js';
import { queries, withTx, type Q } from './open.js';

/** Inserts the defaults for one org (in the caller's transaction); rows in definition order, so lists come back in it. */
export async function seedRollupDefaults(q: Q, orgKey: number): Promise<void> {
  const cs = defaultCycles();
  await q.run(
    `INSERT INTO cycles (uid, org_pk, id, name, size_type, count, reference, timezone)
     SELECT c.uid, $1, c.id, c.name, c.size_type, c.count, c.reference, c.timezone
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
       WITH ORDINALITY AS c(uid, id, name, size_type, count, reference, timezone, ord)
     ORDER BY c.ord
     ON CONFLICT (org_pk, id) DO NOTHING`,
    orgKey, cs.map(() => randomUUID()), cs.map((c) => c.id), cs.map((c) => c.name), cs.map((c) => c.sizeType),
    cs.map((c) => c.count), cs.map((c) => c.reference), cs.map((c) => c.timezone ?? ''),
  );
  const cals = defaultCalendars();
  await q.run(
    `INSERT INTO rollup_calendars (uid, org_pk, id, name, cycle_ids)
     SELECT c.uid, $1, c.id, c.name, c.cycle_ids
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS c(uid, id, name, cycle_ids, ord)
     ORDER BY c.ord
     ON CONFLICT (org_pk, id) DO NOTHING`,
    orgKey, cals.map(() => randomUUID()), cals.map((c) => c.id), cals.map((c) => c.name), cals.map((c) => JSON.stringify(c.cycleIds)),
  );
}

/** Seeds every org that has no cycle yet. */
export async function ensureRollupDefaults(pool: pg.Pool): Promise<void> {
  const orgs = await queries(pool).all('SELECT pk FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM cycles c WHERE c.org_pk = o.pk) ORDER BY pk');
  for (const o of orgs) await withTx(pool, (q) => seedRollupDefaults(q, Number(o.pk)));
}

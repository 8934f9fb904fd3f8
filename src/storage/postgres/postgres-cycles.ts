/**
 * Store.cycles on PostgreSQL. A change locks the cycle's row before checking what refers to it;
 * calendars.put holds its cycles FOR SHARE while it validates, so the two serialise and no
 * calendar is ever stored against a cycle definition that is changing under it.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { cycleDeleteConflict, cycleRedefineConflict } from '../in-use-errors.js';
import { sameIntervals } from '../../rollup/cycle.js';
import { checkCycle, cycleFromRow } from '../rollup-config-rows.js';
import type { Store } from '../store.js';
import { queries, withTx } from './open.js';
import { pgReferences } from './postgres-references.js';

// An id match wins over a uid match, as for units and templates.
const FIND = 'SELECT * FROM cycles WHERE org_pk = $1 AND (id = $2 OR uid = $2) ORDER BY id = $2 DESC LIMIT 1';

export function pgCycles(pool: pg.Pool): Store['cycles'] {
  const db = queries(pool);
  return {
    async list(orgKey) {
      return (await db.all('SELECT * FROM cycles WHERE org_pk = $1 ORDER BY pk', orgKey)).map(cycleFromRow);
    },
    async get(orgKey, idOrUid) {
      const r = await db.one(FIND, orgKey, idOrUid);
      return r && cycleFromRow(r);
    },
    async put(orgKey, c) {
      checkCycle(c);
      return withTx(pool, async (q) => {
        const cur = await q.one('SELECT * FROM cycles WHERE org_pk = $1 AND id = $2 FOR UPDATE', orgKey, c.id);
        if (cur && !sameIntervals(cycleFromRow(cur), c)) {
          const err = cycleRedefineConflict(c.id, await pgReferences.cycle(q, orgKey, c.id));
          if (err) throw err;
        }
        const r = await q.one(
          `INSERT INTO cycles (uid, org_pk, id, name, size_type, count, reference, timezone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, size_type = excluded.size_type, count = excluded.count,
             reference = excluded.reference, timezone = excluded.timezone
           RETURNING *`,
          c.uid ?? randomUUID(), orgKey, c.id, c.name, c.sizeType, c.count, c.reference, c.timezone ?? '',
        );
        return cycleFromRow(r!);
      });
    },
    async delete(orgKey, idOrUid) {
      return withTx(pool, async (q) => {
        const cur = await q.one(`${FIND} FOR UPDATE`, orgKey, idOrUid);
        if (!cur) return false;
        const id = String(cur.id);
        const err = cycleDeleteConflict(id, await pgReferences.cycle(q, orgKey, id));
        if (err) throw err;
        return (await q.run('DELETE FROM cycles WHERE org_pk = $1 AND id = $2', orgKey, id)) > 0;
      });
    },
  };
}

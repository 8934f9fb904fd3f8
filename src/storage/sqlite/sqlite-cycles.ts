/**
 * Store.cycles on SQLite. Each change runs in one immediate transaction with the reference
 * checks, so no calendar or stream can start using a cycle between the check and the change.
 */
import { randomUUID } from 'node:crypto';
import { cycleDeleteConflict, cycleRedefineConflict } from '../in-use-errors.js';
import { sameIntervals } from '../../rollup/cycle.js';
import { checkCycle, cycleFromRow } from '../rollup-config-rows.js';
import type { Row } from '../rows.js';
import type { Store } from '../store.js';
import type { Db } from './open.js';
import { sqliteReferences } from './sqlite-references.js';

export function sqliteCycles(db: Db): Store['cycles'] {
  const refs = sqliteReferences(db);
  const list = db.prepare<[number], Row>('SELECT * FROM cycles WHERE org_pk = ? ORDER BY pk');
  // An id match wins over a uid match, as for units and templates.
  const get = db.prepare<[number, string, string, string], Row>('SELECT * FROM cycles WHERE org_pk = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1');
  const byId = db.prepare<[number, string], Row>('SELECT * FROM cycles WHERE org_pk = ? AND id = ?');
  const upsert = db.prepare(
    `INSERT INTO cycles (uid, org_pk, id, name, size_type, count, reference, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, size_type = excluded.size_type, count = excluded.count,
       reference = excluded.reference, timezone = excluded.timezone`,
  );
  const del = db.prepare('DELETE FROM cycles WHERE org_pk = ? AND id = ?');

  const find = (orgKey: number, idOrUid: string) => {
    const r = get.get(orgKey, idOrUid, idOrUid, idOrUid);
    return r && cycleFromRow(r);
  };

  return {
    async list(orgKey) {
      return list.all(orgKey).map(cycleFromRow);
    },
    async get(orgKey, idOrUid) {
      return find(orgKey, idOrUid);
    },
    async put(orgKey, c) {
      checkCycle(c);
      return db.transaction(() => {
        const cur = byId.get(orgKey, c.id);
        if (cur && !sameIntervals(cycleFromRow(cur), c)) {
          const err = cycleRedefineConflict(c.id, refs.cycle(orgKey, c.id));
          if (err) throw err;
        }
        upsert.run(c.uid ?? randomUUID(), orgKey, c.id, c.name, c.sizeType, c.count, c.reference, c.timezone ?? '');
        return cycleFromRow(byId.get(orgKey, c.id)!);
      }).immediate();
    },
    async delete(orgKey, idOrUid) {
      return db.transaction(() => {
        const cur = find(orgKey, idOrUid);
        if (!cur) return false;
        const err = cycleDeleteConflict(cur.id, refs.cycle(orgKey, cur.id));
        if (err) throw err;
        return del.run(orgKey, cur.id).changes > 0;
      }).immediate();
    },
  };
}

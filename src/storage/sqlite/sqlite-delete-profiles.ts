/**
 * Store.deleteProfiles on SQLite, including the cross-org listing the retention job works from.
 */
import { randomUUID } from 'node:crypto';
import { profileDeleteConflict } from '../in-use-errors.js';
import { checkDeleteProfile, deleteProfileFromRow, retentionStreamFromRow } from '../rollup-config-rows.js';
import type { Row } from '../rows.js';
import type { Store } from '../store.js';
import type { Db } from './open.js';
import { sqliteReferences } from './sqlite-references.js';

export function sqliteDeleteProfiles(db: Db): Store['deleteProfiles'] {
  const refs = sqliteReferences(db);
  const list = db.prepare<[number], Row>('SELECT * FROM delete_profiles WHERE org_pk = ? ORDER BY pk');
  const get = db.prepare<[number, string, string, string], Row>(
    'SELECT * FROM delete_profiles WHERE org_pk = ? AND (id = ? OR uid = ?) ORDER BY id = ? DESC LIMIT 1',
  );
  const byId = db.prepare<[number, string], Row>('SELECT * FROM delete_profiles WHERE org_pk = ? AND id = ?');
  const upsert = db.prepare(
    `INSERT INTO delete_profiles (uid, org_pk, id, name, unit, count) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, unit = excluded.unit, count = excluded.count`,
  );
  const del = db.prepare('DELETE FROM delete_profiles WHERE org_pk = ? AND id = ?');
  // The profile's columns come aliased so they map with deleteProfileFromRow.
  const targets = db.prepare<[], Row>(
    `SELECT s.pk AS stream_pk, c.org_pk, c.timezone AS zone, s.raw_from, s.stream_type, s.rollup, p.uid, p.id, p.name, p.unit, p.count
     FROM streams s
     JOIN components c ON c.pk = s.component_pk
     JOIN delete_profiles p ON p.org_pk = c.org_pk AND p.id = json_extract(s.rollup, '$.deleteProfileId')
     WHERE s.rollup IS NOT NULL
     ORDER BY s.pk`,
  );

  const find = (orgKey: number, idOrUid: string) => {
    const r = get.get(orgKey, idOrUid, idOrUid, idOrUid);
    return r && deleteProfileFromRow(r);
  };

  return {
    async list(orgKey) {
      return list.all(orgKey).map(deleteProfileFromRow);
    },
    async get(orgKey, idOrUid) {
      return find(orgKey, idOrUid);
    },
    async put(orgKey, p) {
      checkDeleteProfile(p);
      upsert.run(p.uid ?? randomUUID(), orgKey, p.id, p.name, p.unit, p.count);
      return deleteProfileFromRow(byId.get(orgKey, p.id)!);
    },
    async delete(orgKey, idOrUid) {
      return db.transaction(() => {
        const cur = find(orgKey, idOrUid);
        if (!cur) return false;
        const err = profileDeleteConflict(cur.id, refs.deleteProfile(orgKey, cur.id));
        if (err) throw err;
        return del.run(orgKey, cur.id).changes > 0;
      }).immediate();
    },
    async streams() {
      return targets.all().map(retentionStreamFromRow);
    },
  };
}

/**
 * Store.deleteProfiles on PostgreSQL, including the cross-org listing the retention job works from.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { profileDeleteConflict } from '../in-use-errors.js';
import { checkDeleteProfile, deleteProfileFromRow, retentionStreamFromRow } from '../rollup-config-rows.js';
import type { Store } from '../store.js';
import { queries, withTx } from './open.js';
import { pgReferences } from './postgres-references.js';

const FIND = 'SELECT * FROM delete_profiles WHERE org_pk = $1 AND (id = $2 OR uid = $2) ORDER BY id = $2 DESC LIMIT 1';

export function pgDeleteProfiles(pool: pg.Pool): Store['deleteProfiles'] {
  const db = queries(pool);
  return {
    async list(orgKey) {
      return (await db.all('SELECT * FROM delete_profiles WHERE org_pk = $1 ORDER BY pk', orgKey)).map(deleteProfileFromRow);
    },
    async get(orgKey, idOrUid) {
      const r = await db.one(FIND, orgKey, idOrUid);
      return r && deleteProfileFromRow(r);
    },
    async put(orgKey, p) {
      checkDeleteProfile(p);
      const r = await db.one(
        `INSERT INTO delete_profiles (uid, org_pk, id, name, unit, count) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (org_pk, id) DO UPDATE SET name = excluded.name, unit = excluded.unit, count = excluded.count
         RETURNING *`,
        p.uid ?? randomUUID(), orgKey, p.id, p.name, p.unit, p.count,
      );
      return deleteProfileFromRow(r!);
    },
    async delete(orgKey, idOrUid) {
      return withTx(pool, async (q) => {
        const cur = await q.one(`${FIND} FOR UPDATE`, orgKey, idOrUid);
        if (!cur) return false;
        const id = String(cur.id);
        const err = profileDeleteConflict(id, await pgReferences.deleteProfile(q, orgKey, id));
        if (err) throw err;
        return (await q.run('DELETE FROM delete_profiles WHERE org_pk = $1 AND id = $2', orgKey, id)) > 0;
      });
    },
    async streams() {
      // The profile's columns come as they are so they map with deleteProfileFromRow.
      const rows = await db.all(
        `SELECT s.pk AS stream_pk, c.org_pk, c.timezone AS zone, s.raw_from, s.stream_type, s.rollup, p.uid, p.id, p.name, p.unit, p.count
         FROM streams s
         JOIN components c ON c.pk = s.component_pk
         JOIN delete_profiles p ON p.org_pk = c.org_pk AND p.id = (s.rollup::jsonb ->> 'deleteProfileId')
         WHERE s.rollup IS NOT NULL
         ORDER BY s.pk`,
      );
      return rows.map(retentionStreamFromRow);
    },
  };
}

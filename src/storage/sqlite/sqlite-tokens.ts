/**
 * Store.tokens on SQLite (see store.ts and token-rows.ts).
 */
import type { Row } from '../rows.js';
import type { Store } from '../store.js';
import { TOKEN_LOOKUP_COLUMNS, tokenFromRow, tokenLookupFromRow } from '../token-rows.js';
import type { Db } from './open.js';

export function sqliteTokens(db: Db): Store['tokens'] {
  // The INSERT … SELECT only produces a row when app and user are both of the organisation.
  const insert = db.prepare(
    `INSERT INTO tokens (token_hash, org_pk, app_pk, user_pk, scopes, secret_generation, issued, expires)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?
     WHERE EXISTS (SELECT 1 FROM apps WHERE pk = ? AND org_pk = ?) AND EXISTS (SELECT 1 FROM users WHERE pk = ? AND org_pk = ?)`,
  );
  const byPk = db.prepare('SELECT * FROM tokens WHERE pk = ?');
  const lookup = db.prepare(
    `SELECT ${TOKEN_LOOKUP_COLUMNS} FROM tokens t JOIN apps a ON a.pk = t.app_pk JOIN users u ON u.pk = t.user_pk
     WHERE t.token_hash = ?`,
  );
  const revoke = db.prepare('UPDATE tokens SET revoked = ? WHERE token_hash = ? AND org_pk = ? AND app_pk = ? AND revoked IS NULL');
  const purge = db.prepare('DELETE FROM tokens WHERE org_pk = ? AND app_pk = ? AND expires < ?');

  return {
    async create(orgKey, t) {
      const r = insert.run(
        t.tokenHash, orgKey, t.appKey, t.userKey, JSON.stringify(t.scopes), t.secretGeneration, t.issued, t.expires,
        t.appKey, orgKey, t.userKey, orgKey,
      );
      if (r.changes === 0) throw new Error('cannot store the token: its application or user is not of the organisation');
      return tokenFromRow(byPk.get(r.lastInsertRowid) as Row);
    },
    async findByHash(tokenHash) {
      const r = lookup.get(tokenHash) as Row | undefined;
      return r && tokenLookupFromRow(r);
    },
    async revoke(orgKey, appKey, tokenHash, at) {
      return revoke.run(at, tokenHash, orgKey, appKey).changes > 0;
    },
    async deleteExpired(orgKey, appKey, before) {
      return purge.run(orgKey, appKey, before).changes;
    },
  };
}

/**
 * Store.tokens on PostgreSQL (see store.ts and token-rows.ts); same SQL as sqlite-tokens.ts.
 */
import type { Store } from '../store.js';
import { TOKEN_LOOKUP_COLUMNS, tokenFromRow, tokenLookupFromRow } from '../token-rows.js';
import type { Q } from './open.js';

export function pgTokens(db: Q): Store['tokens'] {
  return {
    async create(orgKey, t) {
      // INSERT … SELECT: no row unless app and user are both of the organisation.
      const r = await db.one(
        `INSERT INTO tokens (token_hash, org_pk, app_pk, user_pk, scopes, secret_generation, issued, expires)
         SELECT $1, $2::bigint, $3::bigint, $4::bigint, $5, $6, $7, $8
         WHERE EXISTS (SELECT 1 FROM apps WHERE pk = $3 AND org_pk = $2) AND EXISTS (SELECT 1 FROM users WHERE pk = $4 AND org_pk = $2)
         RETURNING *`,
        t.tokenHash, orgKey, t.appKey, t.userKey, JSON.stringify(t.scopes), t.secretGeneration, t.issued, t.expires,
      );
      if (!r) throw new Error('cannot store the token: its application or user is not of the organisation');
      return tokenFromRow(r);
    },
    async findByHash(tokenHash) {
      const r = await db.one(
        `SELECT ${TOKEN_LOOKUP_COLUMNS} FROM tokens t JOIN apps a ON a.pk = t.app_pk JOIN users u ON u.pk = t.user_pk
         WHERE t.token_hash = $1`,
        tokenHash,
      );
      return r && tokenLookupFromRow(r);
    },
    async revoke(orgKey, appKey, tokenHash, at) {
      return (await db.run('UPDATE tokens SET revoked = $1 WHERE token_hash = $2 AND org_pk = $3 AND app_pk = $4 AND revoked IS NULL', at, tokenHash, orgKey, appKey)) > 0;
    },
    async deleteExpired(orgKey, appKey, before) {
      return db.run('DELETE FROM tokens WHERE org_pk = $1 AND app_pk = $2 AND expires < $3', orgKey, appKey, before);
    },
  };
}

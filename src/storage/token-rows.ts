/**
 * OAuth2 access tokens as the store keeps them (Store.tokens) and their row mapping, shared by
 * both SQL backends. Only the SHA-256 of a token is stored: a copy of the database cannot be
 * replayed against the API, and the hash is what a bearer request is looked up by.
 */
import { optNumber, type Row } from './rows.js';

export interface StoredToken {
  key: number;
  orgKey: number;
  appKey: number;
  /** the user the token acts for (the application's owner for client credentials) */
  userKey: number;
  /** the granted scopes, as granted (implied scopes are expanded when the token is used) */
  scopes: string[];
  /** epoch ms */
  issued: number;
  /** epoch ms; the token is dead from this instant on */
  expires: number;
  /** epoch ms when revoked, or null */
  revoked: number | null;
  /** the application's secret generation when the token was issued (a secret reset bumps it) */
  secretGeneration: number;
}

/** A token found by its hash, with what verifying and introspecting it needs of its app and user. */
export interface TokenLookup extends StoredToken {
  clientId: string;
  /** the application's current secret generation: a token from an older one is dead */
  appSecretGeneration: number;
  userUid: string;
  /** the user's organisation-level role as stored */
  userRole: string;
}

export interface NewToken {
  tokenHash: string;
  appKey: number;
  userKey: number;
  scopes: string[];
  secretGeneration: number;
  issued: number;
  expires: number;
}

export const tokenFromRow = (r: Row): StoredToken => ({
  key: Number(r.pk),
  orgKey: Number(r.org_pk),
  appKey: Number(r.app_pk),
  userKey: Number(r.user_pk),
  scopes: JSON.parse(String(r.scopes)),
  issued: Number(r.issued),
  expires: Number(r.expires),
  revoked: optNumber(r.revoked),
  secretGeneration: Number(r.secret_generation),
});

export const tokenLookupFromRow = (r: Row): TokenLookup => ({
  ...tokenFromRow(r),
  clientId: String(r.client_id),
  appSecretGeneration: Number(r.app_secret_generation),
  userUid: String(r.user_uid),
  userRole: String(r.user_role),
});

/** The columns of tokens t joined with its app a and user u that tokenLookupFromRow reads. */
export const TOKEN_LOOKUP_COLUMNS = 't.*, a.client_id, a.secret_generation AS app_secret_generation, u.uid AS user_uid, u.role AS user_role';

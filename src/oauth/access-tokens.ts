/**
 * Access tokens: issued opaque (random text over [A-Za-z0-9-._~], ~290 bits), stored only as
 * SHA-256 and looked up by it, valid until they expire, are revoked, or their application's
 * secret is reset. Verification (bearer routes, introspection, and whatever else takes a token,
 * such as a WebSocket upgrade) goes through checkAccessToken so that every place agrees.
 */
import { expandScopes, isRole, type Principal, type Scope } from '../api/gridduck/principal.js';
import { randomToken, sha256 } from '../auth/secrets.js';
import type { OAuthApp } from '../domain/model.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../storage/store.js';
import type { TokenLookup } from '../storage/token-rows.js';
import { OAuthError } from './oauth-error.js';

export interface TokenDeps {
  store: Store;
  clock: Clock;
  /** token lifetime, seconds (GG_TOKEN_TTL) */
  tokenTtlS: number;
}

/** The token endpoint's success body (RFC 6749 §5.1 plus GridDuck's members). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  mfa_requires_setup: false;
  user: { id: string };
}

const TOKEN_LENGTH = 48;
/** Expired tokens are kept a day before housekeeping drops them, so their use is answered "expired", not "unknown". */
const KEEP_EXPIRED_MS = 86_400_000;

export async function issueToken(deps: TokenDeps, app: OAuthApp, scopes: Scope[]): Promise<TokenResponse> {
  if (app.ownerUserKey === null) {
    throw new OAuthError('unauthorized_client', 'the application has no owner user for its tokens to act for');
  }
  const token = randomToken(TOKEN_LENGTH);
  const tokenHash = sha256(token);
  const issued = deps.clock.now();
  await deps.store.tokens.deleteExpired(app.orgKey, app.key, issued - KEEP_EXPIRED_MS);
  await deps.store.tokens.create(app.orgKey, {
    tokenHash,
    appKey: app.key,
    userKey: app.ownerUserKey,
    scopes,
    secretGeneration: app.secretGeneration,
    issued,
    expires: issued + deps.tokenTtlS * 1000,
  });
  // Read back joined with its user: the response names the user the token acts for.
  const stored = await deps.store.tokens.findByHash(tokenHash);
  if (!stored) throw new Error('the token just stored cannot be read back');
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: deps.tokenTtlS,
    scope: scopes.join(' '),
    mfa_requires_setup: false,
    user: { id: stored.userUid },
  };
}

export type TokenCheck = { active: true; token: TokenLookup; principal: Principal } | { active: false; reason: string };

/** Whether `token` is valid now, and if so whom it acts for; `reason` is fit for error_description. */
export async function checkAccessToken(deps: Pick<TokenDeps, 'store' | 'clock'>, token: string): Promise<TokenCheck> {
  const t = await deps.store.tokens.findByHash(sha256(token));
  if (!t) return { active: false, reason: 'The access token is unknown' };
  if (t.revoked !== null) return { active: false, reason: 'The access token was revoked' };
  // setSecret revokes too; the generation check also covers a token issued concurrently with a reset.
  if (t.secretGeneration !== t.appSecretGeneration) return { active: false, reason: "The access token predates a reset of its application's secret" };
  if (deps.clock.now() >= t.expires) return { active: false, reason: 'The access token expired' };
  // Fail closed: a user without an organisation-level role (e.g. 'none') gets nothing through a token.
  if (!isRole(t.userRole)) return { active: false, reason: 'The user of the access token has no role in the organisation' };
  const principal: Principal = {
    orgKey: t.orgKey,
    userKey: t.userKey,
    userUid: t.userUid,
    role: t.userRole,
    clientId: t.clientId,
    scopes: expandScopes(t.scopes),
  };
  return { active: true, token: t, principal };
}

/** RFC 7009: revokes the token when it is this application's; silently nothing otherwise. */
export async function revokeToken(deps: Pick<TokenDeps, 'store' | 'clock'>, app: OAuthApp, token: string): Promise<void> {
  await deps.store.tokens.revoke(app.orgKey, app.key, sha256(token), deps.clock.now());
}

/** RFC 7662 §2.2 response; tokens of another organisation than the caller's are inactive to it. */
export async function introspectToken(deps: Pick<TokenDeps, 'store' | 'clock'>, caller: OAuthApp, token: string): Promise<Record<string, unknown>> {
  const check = await checkAccessToken(deps, token);
  if (!check.active || check.token.orgKey !== caller.orgKey) return { active: false };
  const t = check.token;
  return {
    active: true,
    scope: t.scopes.join(' '),
    client_id: t.clientId,
    token_type: 'Bearer',
    exp: Math.floor(t.expires / 1000),
    iat: Math.floor(t.issued / 1000),
    sub: t.userUid,
  };
}

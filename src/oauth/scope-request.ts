/**
 * The `scope` of a token request (RFC 6749 §3.3) and what is granted for it.
 * GridDuck's own guide separates scopes with commas in prose and with spaces (`+`, `%20`) in
 * its curl example, so both separate. It also writes `site:read` once for `site:view`: accepted
 * as that alias. The response always lists what was granted, space-separated.
 */
import { expandScopes, isScope, SCOPES, type Scope } from '../api/gridduck/principal.js';
import { OAuthError } from './oauth-error.js';

const ALIASES: Readonly<Record<string, Scope>> = { 'site:read': 'site:view' };

const invalidScope = (description: string) => new OAuthError('invalid_scope', description);

/** The requested scopes in request order without repeats; undefined when none were requested. */
export function parseScope(raw: string | undefined): Scope[] | undefined {
  const names = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  if (names.length === 0) return undefined;
  const out: Scope[] = [];
  for (const name of names) {
    const scope = ALIASES[name] ?? name;
    if (!isScope(scope)) throw invalidScope(`unknown scope '${name}' (known: ${SCOPES.join(' ')})`);
    if (!out.includes(scope)) out.push(scope);
  }
  return out;
}

/**
 * What a token gets: the requested scopes when the application's scopes (with what they imply)
 * cover every one, else invalid_scope; with no request, every scope of the application.
 */
export function grantScopes(appScopes: readonly string[], requested: Scope[] | undefined): Scope[] {
  if (requested === undefined) {
    const all = [...new Set(appScopes.filter(isScope))];
    if (all.length === 0) throw invalidScope('the application has no scopes to grant');
    return all;
  }
  const allowed = expandScopes(appScopes);
  const beyond = requested.filter((s) => !allowed.has(s));
  if (beyond.length > 0) {
    throw invalidScope(`the application may not request ${beyond.map((s) => `'${s}'`).join(', ')} (its scopes: ${appScopes.join(' ') || 'none'})`);
  }
  return requested;
}

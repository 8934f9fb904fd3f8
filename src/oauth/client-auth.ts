/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3.1):
 * HTTP Basic (`client_secret_basic`) or client_id + client_secret in the body
 * (`client_secret_post`, what openid-client v6 sends by default), never both at once.
 *
 * Basic credentials are form-url-decoded after base64 (RFC 6749 §2.3.1): oauth4webapi encodes
 * even `-._~`, requests sends them raw; since ids and secrets are generated from
 * [A-Za-z0-9-._~] both forms decode to the same text. The scheme name is case-insensitive and
 * may follow the colon without a space (`Authorization:Basic …`, as the GridDuck guide's curl does:
 * Node strips that optional whitespace).
 */
import { hashEquals, sha256 } from '../auth/secrets.js';
import type { OAuthApp } from '../domain/model.js';
import type { Store } from '../storage/store.js';
import { invalidClient, invalidRequest, splitAuthorization } from './oauth-error.js';
import type { Params } from './request-params.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** application/x-www-form-urlencoded decoding of one value; undefined when it is malformed. */
function formDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function fromBasic(credentials: string): { id: string; secret: string } {
  const malformed = () => invalidClient('malformed Basic credentials: send base64(form-encoded client_id ":" form-encoded client_secret)');
  if (!BASE64.test(credentials)) throw malformed();
  const text = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw malformed();
  const id = formDecode(text.slice(0, colon));
  const secret = formDecode(text.slice(colon + 1));
  if (id === undefined || secret === undefined) throw malformed();
  return { id, secret };
}

export function readClientCredentials(authorization: string | undefined, params: Params): ClientCredentials {
  const header = authorization?.trim() ?? '';
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (header !== '') {
    const { scheme, rest } = splitAuthorization(header);
    if (scheme.toLowerCase() !== 'basic') {
      throw invalidClient(`unsupported client authentication scheme '${scheme}': use HTTP Basic, or client_id and client_secret in the body`);
    }
    if (bodySecret !== undefined) {
      throw invalidRequest('more than one client authentication method: send the client secret either in the Basic header or in the body, not both');
    }
    const { id, secret } = fromBasic(rest.trim());
    if (bodyId !== undefined && bodyId !== id) throw invalidRequest('client_id in the body differs from the one in the Basic header');
    if (id === '' || secret === '') throw invalidClient('the Basic credentials lack a client_id or client_secret');
    return { clientId: id, clientSecret: secret, method: 'client_secret_basic' };
  }
  if (bodyId === undefined && bodySecret === undefined) {
    throw invalidClient('client authentication is required: HTTP Basic with client_id:client_secret, or client_id and client_secret in the body');
  }
  if (bodyId === undefined) throw invalidRequest('client_secret was sent without client_id');
  if (bodySecret === undefined) throw invalidClient('client_secret is required: public clients are not supported');
  return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' };
}

// Compared against when the client id is unknown, so both failures take the same time.
const NO_SUCH_SECRET = sha256('no such client');

/** The application whose credentials these are; invalid_client (401) for any mismatch. */
export async function authenticateClient(store: Store, c: ClientCredentials): Promise<OAuthApp> {
  const app = await store.apps.findByClientId(c.clientId);
  const matches = hashEquals(sha256(c.clientSecret), app?.secretHash ?? NO_SUCH_SECRET);
  if (!app || !matches) throw invalidClient('unknown client or wrong client secret');
  const { secretHash: _, ...rest } = app;
  return rest;
}

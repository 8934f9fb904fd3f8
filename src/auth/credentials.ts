/**
 * Creating credentials the one way: API keys and OAuth applications get random secrets that
 * are returned once and stored only as SHA-256 hashes.
 */
import type { ApiKeyRight, User } from '../domain/model.js';
import type { Store } from '../storage/store.js';
import { newApiKeySecret, randomId, randomToken, sha256 } from './secrets.js';

export const FULL_RIGHTS: ApiKeyRight[] = [{ resource: '*', actions: ['GET', 'PUT', 'POST', 'DELETE'] }];

/** GridDuck scopes (gridduck-notes §1.3.2). */
export const ALL_SCOPES = [
  'site:view', 'site:edit', 'asset:view', 'asset:boost_snooze', 'asset:edit',
  'gateway:view', 'gateway:edit', 'data_request:view', 'data_request:edit',
];

export async function createApiKey(store: Store, orgKey: number, k: { name: string; rights: ApiKeyRight[]; ipRanges: string[] }) {
  const secret = newApiKeySecret();
  const key = await store.apiKeys.create(orgKey, { ...k, secretHash: sha256(secret) });
  return { key, secret };
}

const CLIENT_SECRET_LENGTH = 48;

/**
 * A new application; its client-credentials tokens act for `ownerUserKey`, a user of the same
 * organisation (see defaultAppOwner).
 */
export async function createApp(store: Store, orgKey: number, a: { name: string; scopes: string[]; grantTypes?: string[]; ownerUserKey: number | null }) {
  const clientId = randomId(24);
  const clientSecret = randomToken(CLIENT_SECRET_LENGTH);
  const app = await store.apps.create(orgKey, {
    name: a.name,
    clientId,
    secretHash: sha256(clientSecret),
    scopes: a.scopes,
    grantTypes: a.grantTypes ?? ['client_credentials'],
    ownerUserKey: a.ownerUserKey,
  });
  return { app, clientId, clientSecret };
}

/** A new secret for the application, returned once; every token issued under the old one dies. */
export async function resetAppSecret(store: Store, appKey: number): Promise<string> {
  const clientSecret = randomToken(CLIENT_SECRET_LENGTH);
  await store.apps.setSecret(appKey, sha256(clientSecret));
  return clientSecret;
}

/** Who owns an application when no one is named: the organisation's first owner, else admin, else any user. */
export async function defaultAppOwner(store: Store, orgKey: number): Promise<User | undefined> {
  const users = await store.users.list(orgKey);
  return users.find((u) => u.role === 'owner') ?? users.find((u) => u.role === 'admin') ?? users[0];
}

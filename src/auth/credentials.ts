/**
 * Creating credentials the one way: API keys and OAuth applications get random secrets that
 * are returned once and stored only as SHA-256 hashes.
 */
import type { ApiKeyRight } from '../domain/model.js';
import type { Store } from '../storage/store.js';
import { newApiKeySecret, randomToken, sha256 } from './secrets.js';

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

export async function createApp(store: Store, orgKey: number, a: { name: string; scopes: string[]; grantTypes?: string[] }) {
  const clientId = randomToken(24);
  const clientSecret = randomToken(48);
  const app = await store.apps.create(orgKey, { name: a.name, clientId, secretHash: sha256(clientSecret), scopes: a.scopes, grantTypes: a.grantTypes ?? ['client_credentials'] });
  return { app, clientId, clientSecret };
}

/**
 * First start and the GG_BOOTSTRAP_* variables (contract §3). Against an empty store it creates
 * the default organisation, an admin user and a full-rights API key, and returns their secrets
 * so they can be printed once. Each GG_BOOTSTRAP_* value is applied idempotently on every start.
 * The OAuth application (bootstrap or default) is owned by the admin user: its tokens act for them.
 */
import { FULL_RIGHTS, createApiKey, createApp, ALL_SCOPES, defaultAppOwner } from './auth/credentials.js';
import { hashEquals, hashPassword, randomToken, sha256 } from './auth/secrets.js';
import type { Config } from './config/config.js';
import type { Org } from './domain/model.js';
import type { Store } from './storage/store.js';

export interface BootstrapResult {
  org: Org;
  /** secrets created on this start, to print once */
  created: { apiKey?: string; adminEmail?: string; adminPassword?: string; clientId?: string; clientSecret?: string };
}

export async function bootstrap(store: Store, config: Config): Promise<BootstrapResult> {
  const b = config.bootstrap;
  const created: BootstrapResult['created'] = {};
  let org = await store.orgs.first();
  const fresh = !org;
  if (!org) org = await store.orgs.create({ name: 'Default', timezone: config.timezone });

  if (b.apiKey) {
    if (!(await store.apiKeys.findBySecretHash(sha256(b.apiKey)))) {
      await store.apiKeys.create(org.key, { name: 'bootstrap', secretHash: sha256(b.apiKey), rights: FULL_RIGHTS, ipRanges: [] });
    }
  } else if (fresh) {
    created.apiKey = (await createApiKey(store, org.key, { name: 'default', rights: FULL_RIGHTS, ipRanges: [] })).secret;
  }

  if (b.adminEmail && b.adminPassword) {
    const user = await store.users.findByEmail(b.adminEmail);
    if (!user) await store.users.create(org.key, { email: b.adminEmail, passwordHash: await hashPassword(b.adminPassword), role: 'owner' });
    else await store.users.setPassword(user.key, await hashPassword(b.adminPassword));
  } else if (fresh) {
    const email = b.adminEmail ?? 'admin@localhost';
    const password = b.adminPassword ?? randomToken(20);
    if (!(await store.users.findByEmail(email))) {
      await store.users.create(org.key, { email, passwordHash: await hashPassword(password), role: 'owner' });
      created.adminEmail = email;
      created.adminPassword = password;
    }
  }

  // After the admin: the application's client-credentials tokens act for that user.
  if (b.clientId && b.clientSecret) {
    const app = await store.apps.findByClientId(b.clientId);
    if (!app) {
      const owner = await bootstrapAppOwner(store, org.key, b.adminEmail);
      await store.apps.create(org.key, {
        name: 'bootstrap', clientId: b.clientId, secretHash: sha256(b.clientSecret), scopes: ALL_SCOPES, grantTypes: ['client_credentials'], ownerUserKey: owner?.key ?? null,
      });
    } else if (!hashEquals(app.secretHash, sha256(b.clientSecret))) await store.apps.setSecret(app.key, sha256(b.clientSecret));
  } else if (fresh) {
    const owner = await bootstrapAppOwner(store, org.key, b.adminEmail);
    const app = await createApp(store, org.key, { name: 'default', scopes: ALL_SCOPES, ownerUserKey: owner?.key ?? null });
    created.clientId = app.clientId;
    created.clientSecret = app.clientSecret;
  }
  return { org, created };
}

/** The admin named by GG_BOOTSTRAP_ADMIN_EMAIL when it is of this organisation, else its first owner. */
async function bootstrapAppOwner(store: Store, orgKey: number, adminEmail: string | undefined) {
  const admin = adminEmail === undefined ? undefined : await store.users.findByEmail(adminEmail);
  return admin?.orgKey === orgKey ? admin : defaultAppOwner(store, orgKey);
}

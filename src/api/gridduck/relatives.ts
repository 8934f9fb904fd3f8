/**
 * The sites and gateways GridDuck objects point to by key (an asset's site and gateway, a
 * gateway's site). The store finds sites and gateways by uid only; an org has few, so a lookup
 * by key reads the org's list, and only when there is a key to look up.
 */
import type { Gateway, Site } from '../../domain/gridduck-model.js';
import type { Store } from '../../storage/store.js';

export async function siteByKey(store: Store, orgKey: number, key: number | null): Promise<Site | undefined> {
  return key === null ? undefined : (await store.sites.list(orgKey)).find((s) => s.key === key);
}

export async function gatewayByKey(store: Store, orgKey: number, key: number | null): Promise<Gateway | undefined> {
  return key === null ? undefined : (await store.gateways.list(orgKey)).find((g) => g.key === key);
}

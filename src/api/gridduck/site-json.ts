/**
 * A site as GridDuck's dialect shows it (gridduck-notes §1.6): id, name, timezone, currency,
 * price_per_kwh (a string, as on assets), address, asset_ids, created (ISO), created_stamp
 * (Unix s) and the caller's `_permission`. `asset_ids` lists the site's assets only when the
 * caller may see assets (asset scope); all assets of a site share its visibility.
 */
import type { Site } from '../../domain/gridduck-model.js';
import type { GdCaller } from './access.js';
import { unixSeconds } from './connectivity.js';
import { canView, type Level } from './permissions.js';

export function siteJson(site: Site, caller: GdCaller, level: Level): Record<string, unknown> {
  return {
    id: site.uid,
    name: site.name,
    timezone: site.timezone,
    currency: site.currency,
    price_per_kwh: site.pricePerKwh,
    address: site.address,
    asset_ids: canView(caller.level('asset', site.key)) ? site.assetUids : [],
    created: new Date(site.created).toISOString(),
    created_stamp: unixSeconds(site.created),
    _permission: level,
  };
}

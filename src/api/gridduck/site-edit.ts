/**
 * The body of `PUT /site/{id}`: name, timezone (IANA), currency, price_per_kwh (decimal
 * string or number, or null), address. Any other field is a 400 (read-only or unknown), so a
 * typo never passes silently.
 */
import { badRequest } from '../../domain/errors.js';
import type { SiteDef } from '../../domain/gridduck-model.js';
import { canonicalTimeZone } from '../../domain/time-zone.js';
import { priceText } from './asset-edit.js';

const READ_ONLY = new Set(['id', 'asset_ids', 'created', 'created_stamp', '_permission', 'request_id']);

export function parseSiteEdit(body: unknown): Partial<SiteDef> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be a JSON object, e.g. {"name": "Office"}');
  const o = body as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 0) throw badRequest('the body names no field to change');
  const patch: Partial<SiteDef> = {};
  for (const k of keys) {
    const v = o[k];
    switch (k) {
      case 'name':
        if (typeof v !== 'string' || v.trim() === '' || v.length > 200) throw badRequest('name must be a non-empty string of at most 200 characters');
        patch.name = v;
        break;
      case 'timezone': {
        const zone = typeof v === 'string' ? canonicalTimeZone(v) : undefined;
        if (zone === undefined) throw badRequest('timezone must be an IANA time zone such as "Europe/London"');
        patch.timezone = zone;
        break;
      }
      case 'currency':
        if (v !== null && (typeof v !== 'string' || v.length > 16)) throw badRequest('currency must be null or a string of at most 16 characters');
        patch.currency = v as string | null;
        break;
      case 'price_per_kwh':
        patch.pricePerKwh = priceText(v, 'price_per_kwh') as string | null;
        break;
      case 'address':
        if (typeof v !== 'string' || v.length > 1000) throw badRequest('address must be a string of at most 1000 characters');
        patch.address = v;
        break;
      default:
        throw badRequest(READ_ONLY.has(k) ? `cannot change ${k}: it is read-only` : `a site has no field '${k}'`);
    }
  }
  return patch;
}

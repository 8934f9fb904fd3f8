/**
 * A gateway (hub) as GridDuck's dialect shows it (gridduck-notes §1.6): id, name ("Hub-369C"),
 * code, firmware, site_id/site_name, disconnected and last_contacted (Unix s or null: the
 * latest report of any of its assets), created, created_stamp and the caller's `_permission`.
 */
import type { Gateway, Site } from '../../domain/gridduck-model.js';
import { isDisconnected, unixSeconds } from './connectivity.js';
import type { Level } from './permissions.js';

export function gatewayJson(g: Gateway, site: Site | undefined, level: Level, now: number): Record<string, unknown> {
  return {
    id: g.uid,
    name: g.name,
    code: g.code,
    firmware: g.firmware,
    site_id: site?.uid ?? null,
    site_name: site?.name ?? null,
    disconnected: isDisconnected(g.lastContact, now),
    last_contacted: g.lastContact === null ? null : unixSeconds(g.lastContact),
    created: new Date(g.created).toISOString(),
    created_stamp: unixSeconds(g.created),
    _permission: level,
  };
}

/**
 * What a GridDuck caller may do with one object: pure, no I/O (access.ts loads the inputs).
 *
 * Roles (GridDuck's permission levels, weakest first): view < boost_snooze < edit < admin < owner,
 * plus `none` for "nothing". A user has one organisation-level role and optionally a role per site.
 *
 * Role on an object: the object's site decides. A per-site role REPLACES the organisation-level
 * role for that site's objects (it may raise it, lower it, or hide the site with `none`); objects
 * on no site, and sites without a per-site role, get the organisation-level role. An
 * organisation `owner` owns every site: per-site roles never lower an owner. An org-level role of
 * `none` (or any unknown text: fail closed) gives a user only the sites granted to them one by one.
 *
 * Scope cap: the token's scopes for the object's resource (site, asset, gateway) cap the role:
 * `<res>:edit` lets the whole role through (so an admin's full-scope token reports `admin`, as
 * GridDuck's example asset does), `asset:boost_snooze` caps at boost_snooze, `<res>:view` at
 * view, none of them at none. Scopes arrive expanded (edit ⇒ boost_snooze ⇒ view).
 *
 * Effective permission = min(role on the object, scope cap). Below view the object is
 * invisible (404, left out of lists); otherwise `_permission` is the effective level.
 */
import { ROLES, type Role, type Scope } from './principal.js';

export type Level = 'none' | Role;
/** weakest first */
export const LEVELS: readonly Level[] = ['none', ...ROLES];
export type ResourceKind = 'site' | 'asset' | 'gateway';

const rank = (l: Level): number => LEVELS.indexOf(l);

/** A stored role text as a level; anything unknown is `none`. */
export function parseLevel(role: string | null | undefined): Level {
  return (LEVELS as readonly string[]).includes(role ?? '') ? (role as Level) : 'none';
}

export const minLevel = (a: Level, b: Level): Level => (rank(a) <= rank(b) ? a : b);

/** True when `have` is at least `need`. */
export const atLeast = (have: Level, need: Level): boolean => rank(have) >= rank(need);

/** What the caller is, as permissions see it. */
export interface Grants {
  orgRole: Level;
  /** per-site roles by site key */
  siteRoles: ReadonlyMap<number, Level>;
  scopes: ReadonlySet<Scope>;
}

/** The user's role on objects of `siteKey` (null: an object on no site). */
export function roleAt(g: Pick<Grants, 'orgRole' | 'siteRoles'>, siteKey: number | null): Level {
  if (g.orgRole === 'owner' || siteKey === null) return g.orgRole;
  return g.siteRoles.get(siteKey) ?? g.orgRole;
}

/** The most the token's scopes allow on objects of `kind`. */
export function scopeCap(kind: ResourceKind, scopes: ReadonlySet<Scope>): Level {
  if (scopes.has(`${kind}:edit` as Scope)) return 'owner';
  if (kind === 'asset' && scopes.has('asset:boost_snooze')) return 'boost_snooze';
  if (scopes.has(`${kind}:view` as Scope)) return 'view';
  return 'none';
}

/** The caller's effective permission on an object of `kind` on `siteKey`. */
export function effectiveLevel(g: Grants, kind: ResourceKind, siteKey: number | null): Level {
  return minLevel(roleAt(g, siteKey), scopeCap(kind, g.scopes));
}

export const canView = (level: Level): boolean => atLeast(level, 'view');

/**
 * The caller of a GridDuck route as permissions.ts sees it: the verified principal (set on
 * `request.principal` by the bearer hook) plus the user's per-site roles, loaded once per
 * request. Also the checks every route makes: the token has the scope (else 403
 * insufficient_scope), the object exists and is visible (else 404, as for another org's ids),
 * and the role on it is enough (else 403 forbidden).
 */
import type { FastifyRequest } from 'fastify';
import { DomainError, forbidden, notFound } from '../../domain/errors.js';
import type { Asset, Site } from '../../domain/gridduck-model.js';
import type { Store } from '../../storage/store.js';
import { MissingScope } from './gd-reply.js';
import { atLeast, canView, effectiveLevel, parseLevel, roleAt, type Grants, type Level, type ResourceKind } from './permissions.js';
import type { Principal, Scope } from './principal.js';

export interface GdCaller {
  principal: Principal;
  orgKey: number;
  grants: Grants;
  /** effective permission on an object of `kind` on `siteKey` */
  level(kind: ResourceKind, siteKey: number | null): Level;
  /** the user's role on `siteKey`, scopes aside */
  role(siteKey: number | null): Level;
}

/** The verified principal, or 401 when the bearer hook set none. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthenticated', 'an access token is required: send Authorization: Bearer <token>');
  return req.principal;
}

export async function callerOf(store: Store, req: FastifyRequest): Promise<GdCaller> {
  const principal = principalOf(req);
  const siteRoles = new Map((await store.siteRoles.list(principal.orgKey, principal.userKey)).map((r) => [r.siteKey, parseLevel(r.role)]));
  const grants: Grants = { orgRole: parseLevel(principal.role), siteRoles, scopes: principal.scopes };
  return {
    principal,
    orgKey: principal.orgKey,
    grants,
    level: (kind, siteKey) => effectiveLevel(grants, kind, siteKey),
    role: (siteKey) => roleAt(grants, siteKey),
  };
}

/** 403 insufficient_scope unless the token has `scope`. */
export function needScope(caller: GdCaller, scope: Scope, what: string): void {
  if (!caller.principal.scopes.has(scope)) throw new MissingScope(scope, `To ${what} the access token needs the scope ${scope}`);
}

/** 404 unless the caller may view the object; its effective level otherwise. */
export function visibleLevel(caller: GdCaller, kind: ResourceKind, siteKey: number | null, what: string): Level {
  const level = caller.level(kind, siteKey);
  if (!canView(level)) throw notFound(`unknown ${what}`);
  return level;
}

/** The asset `id` of the caller's org and the caller's level on it; 404 when unknown or invisible. */
export async function visibleAsset(store: Store, caller: GdCaller, id: string): Promise<{ asset: Asset; level: Level }> {
  const asset = await store.assets.get(caller.orgKey, id);
  if (!asset) throw notFound(`unknown asset '${id}'`);
  return { asset, level: visibleLevel(caller, 'asset', asset.meta.siteKey, `asset '${id}'`) };
}

/** The site `id` of the caller's org and the caller's level on it; 404 when unknown or invisible. */
export async function visibleSite(store: Store, caller: GdCaller, id: string): Promise<{ site: Site; level: Level }> {
  const site = await store.sites.get(caller.orgKey, id);
  if (!site) throw notFound(`unknown site '${id}'`);
  return { site, level: visibleLevel(caller, 'site', site.key, `site '${id}'`) };
}

/** 403 unless the user's role on the object's site is at least `need` (scopes are checked first, apart). */
export function needRole(caller: GdCaller, siteKey: number | null, need: Level, what: string): void {
  const have = caller.role(siteKey);
  if (!atLeast(have, need)) throw forbidden(`cannot ${what}: your role there is '${have}', and it takes '${need}' or more`);
}

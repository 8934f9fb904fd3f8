/**
 * Who a GridDuck (root-path) request acts as, once its bearer token is verified
 * (bearer.ts sets `request.principal`). Routes then ask two questions: does the token's
 * scope allow this kind of action (requireScope), and does the user's role — at
 * organisation level or on the object's site — allow it on this object (permissions.ts).
 * A token can never do more than both allow.
 */
export const SCOPES = [
  'site:view', 'site:edit',
  'asset:view', 'asset:boost_snooze', 'asset:edit',
  'gateway:view', 'gateway:edit',
  'data_request:view', 'data_request:edit',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/**
 * What a granted scope implies (gridduck-notes §1.3.2): X:edit ⇒ X:view, and for assets
 * asset:edit ⇒ asset:boost_snooze ⇒ asset:view. Each entry lists every scope its key implies.
 */
const IMPLIES: Readonly<Record<Scope, readonly Scope[]>> = {
  'site:view': [],
  'site:edit': ['site:view'],
  'asset:view': [],
  'asset:boost_snooze': ['asset:view'],
  'asset:edit': ['asset:boost_snooze', 'asset:view'],
  'gateway:view': [],
  'gateway:edit': ['gateway:view'],
  'data_request:view': [],
  'data_request:edit': ['data_request:view'],
};

/** The granted scopes plus everything they imply; names that are not scopes are dropped. */
export function expandScopes(granted: Iterable<string>): Set<Scope> {
  const out = new Set<Scope>();
  for (const s of granted) {
    if (!isScope(s)) continue;
    out.add(s);
    for (const implied of IMPLIES[s]) out.add(implied);
  }
  return out;
}

/** Roles, weakest first; each includes everything the ones before it allow. */
export const ROLES = ['view', 'boost_snooze', 'edit', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export interface Principal {
  orgKey: number;
  /** the user the token acts for (the application's owner for client credentials) */
  userKey: number;
  /** public id of that user (the token response's user.id) */
  userUid: string;
  /** the user's organisation-level role */
  role: Role;
  /** client_id of the application the token was issued to */
  clientId: string;
  /** the token's granted scopes (already implied ones expanded: edit ⇒ boost_snooze ⇒ view) */
  scopes: ReadonlySet<Scope>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

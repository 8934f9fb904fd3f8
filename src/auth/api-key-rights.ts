/**
 * GroveStreams api_key rights: a key holds (resource pattern, actions) entries. A request asks
 * for an action on a resource path such as component/<compId>/feed. Patterns are paths whose
 * segments may be `*`; `*` alone covers everything. An entry covers a path when it is a prefix
 * of it (children inherit a parent's rights), and the most specific covering entry decides
 * (rights given to a child override the parent's) — notes §2.2.
 */
import type { ApiKeyRight } from '../domain/model.js';

export const ACTIONS = ['GET', 'PUT', 'POST', 'DELETE'] as const;
export type Action = (typeof ACTIONS)[number];

/** A component may be named in a pattern by its id or its uid. */
export interface ComponentNames {
  id: string;
  uid?: string;
}

function segmentMatches(pattern: string, value: string, alt?: string): boolean {
  return pattern === '*' || pattern === value || (alt !== undefined && pattern === alt);
}

/** Specificity: longer patterns first, then fewer wildcards. undefined when it does not cover the path. */
function specificity(pattern: string[], path: string[], uidAt1?: string): number | undefined {
  if (pattern.length === 1 && pattern[0] === '*') return 0;
  if (pattern.length > path.length) return undefined;
  let literal = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (!segmentMatches(pattern[i]!, path[i]!, i === 1 ? uidAt1 : undefined)) return undefined;
    if (pattern[i] !== '*') literal++;
  }
  return pattern.length * 100 + literal;
}

export function splitResource(resource: string): string[] {
  return resource.trim().replace(/^\/+|\/+$/g, '').split('/').filter((s) => s !== '');
}

/**
 * Whether the rights allow `action` on `path` (e.g. ['component', 'comp1', 'feed']).
 * `componentUid` lets a pattern name the component at path[1] by its uid instead of its id.
 */
export function allows(rights: readonly ApiKeyRight[], path: string[], action: Action, componentUid?: string): boolean {
  let best = -1;
  let bestActions: readonly string[] = [];
  for (const r of rights) {
    const s = specificity(splitResource(r.resource), path, componentUid);
    if (s === undefined) continue;
    if (s > best) {
      best = s;
      bestActions = r.actions;
    } else if (s === best) bestActions = [...bestActions, ...r.actions]; // equally specific entries add up
  }
  return bestActions.includes(action);
}

/** Parses CLI/API text like "component/*\/feed GET PUT" or "* GET, PUT, POST, DELETE". */
export function parseRight(text: string): ApiKeyRight | { error: string } {
  const parts = text.trim().split(/[\s,]+/).filter(Boolean);
  const resource = parts.shift();
  if (!resource) return { error: 'a right needs a resource, e.g. "component/*/feed GET PUT"' };
  const actions = parts.map((a) => a.toUpperCase());
  const bad = actions.find((a) => !(ACTIONS as readonly string[]).includes(a));
  if (bad) return { error: `unknown action '${bad}' (use ${ACTIONS.join(', ')})` };
  return { resource, actions };
}

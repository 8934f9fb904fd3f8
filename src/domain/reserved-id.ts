/**
 * The one id no component, template, unit, cycle, rollup calendar or delete profile can be
 * given: the advanced API answers GET /api/<resource>/new with a blank object to fill in
 * (GroveStreams' convention), so an object with id 'new' could be deleted and changed through
 * its id but never read by it. Objects stored with it before stay reachable by uid.
 */
export const RESERVED_ID = 'new';

/** The message for an attempt to create (or rename) a `label` with the reserved id. */
export function reservedIdMessage(field: string, resource: string, label: string): string {
  return `${field} '${RESERVED_ID}' is reserved: /api/${resource}/new is a blank ${label} to fill in; choose another id`;
}

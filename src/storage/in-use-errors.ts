/**
 * The conflicts both backends raise when a cycle, calendar or delete profile that something
 * refers to (by id) would be deleted or redefined. Messages name the users so the caller knows
 * what to change first.
 *
 * Component templates count for deletes: a component made from one would otherwise get a
 * stream naming something that no longer exists (or, once an object with that id is created
 * again, something else). They do not count for a cycle's redefinition: a template holds no
 * samples or rollups aligned to the old intervals, and its streams are checked when used.
 */
import { conflict, type DomainError } from '../domain/errors.js';

export interface Users {
  /** ids of calendars that list the thing */
  calendars: string[];
  /** ids of component templates with a stream that names the thing */
  templates: string[];
  /** streams that name it, as "component/stream", at most a few */
  streams: string[];
  /** how many streams name it in all */
  streamCount: number;
}

/** How many stream names a message shows. */
export const STREAM_EXAMPLES = 5;

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

function userParts(users: Users, streamRole: string): string[] {
  const parts: string[] = [];
  if (users.calendars.length > 0) parts.push(`rollup calendar${users.calendars.length === 1 ? '' : 's'} ${quoted(users.calendars)}`);
  if (users.templates.length > 0) parts.push(`component template${users.templates.length === 1 ? '' : 's'} ${quoted(users.templates)}`);
  if (users.streamCount > 0) {
    const more = users.streamCount > users.streams.length ? `, … ${users.streamCount - users.streams.length} more` : '';
    parts.push(`${users.streamCount} stream${users.streamCount === 1 ? '' : 's'} (${users.streams.join(', ')}${more})${streamRole}`);
  }
  return parts;
}

/** A conflict naming the users, or undefined when there are none. */
function inUse(action: string, users: Users, streamRole = '', hint = ''): DomainError | undefined {
  const parts = userParts(users, streamRole);
  if (parts.length === 0) return undefined;
  return conflict(`cannot ${action}: in use by ${parts.join(' and ')}${hint}`);
}

export const cycleDeleteConflict = (id: string, users: Users) => inUse(`delete cycle '${id}'`, users, ' as base cycle', '; change them first');

export const cycleRedefineConflict = (id: string, users: Users) =>
  inUse(
    `change the interval (size type, count, reference or time zone) of cycle '${id}'`,
    { ...users, templates: [] },
    ' as base cycle',
    '; only its name can change while it is used, or define a new cycle',
  );

export const calendarDeleteConflict = (id: string, users: Users) => inUse(`delete rollup calendar '${id}'`, users, '', '; give them another calendar first');

export const defaultCalendarConflict = () =>
  conflict("cannot delete rollup calendar 'default': every stream that names no calendar rolls up with it (POST can change its cycles)");

export const profileDeleteConflict = (id: string, users: Users) => inUse(`delete delete profile '${id}'`, users, '', '; give them another profile first');

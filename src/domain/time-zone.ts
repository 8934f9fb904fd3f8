/**
 * Time-zone ids as GridGrove stores them. Zones are looked up in the runtime's own tz database
 * (ICU), never a hand list, which takes an id in any case ('utc', 'europe/london'). Stored as
 * typed, such an id is a second name for one zone: it prints differently and compares unequal.
 * So every place that accepts a zone id (cycles, components, GridDuck sites, `org create
 * --timezone`, GG_TIMEZONE) stores canonicalTimeZone's answer.
 */

let names: Map<string, string> | undefined;
/** The runtime's zone names by their lower case. */
function runtimeNames(): Map<string, string> {
  return (names ??= new Map(Intl.supportedValuesOf('timeZone').map((n) => [n.toLowerCase(), n])));
}

/** The runtime's own id of the zone `zone` names ('Asia/Calcutta' for 'asia/kolkata'), or undefined. */
function resolvedZone(zone: string): string | undefined {
  if (zone === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * The id to store for the zone `zone` names, or undefined when it names none:
 * - a name the runtime has, in its spelling: 'utc' → 'UTC', 'europe/london' → 'Europe/London';
 * - an alias (a tz link), as written: 'Asia/Kolkata', 'Europe/Kyiv' and 'Etc/UTC' stay; the
 *   runtime's own names for those are often outdated links ('Asia/Calcutta', 'Europe/Kiev');
 * - except an alias written all in lower case, which tz never spells a zone: that becomes the
 *   runtime's name for its zone ('etc/utc' → 'UTC', 'us/pacific' → 'America/Los_Angeles').
 */
export function canonicalTimeZone(zone: string): string | undefined {
  const z = zone.trim();
  const resolved = resolvedZone(z);
  if (resolved === undefined) return undefined;
  const lower = z.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  return runtimeNames().get(lower) ?? (z === lower ? resolved : z);
}

/**
 * Whether two zone ids name the same zone ('' — none — only equals ''): 'utc' stored before
 * ids were canonical is 'UTC', and an alias is the zone it links to.
 */
export function sameTimeZone(a: string, b: string): boolean {
  if (a === b) return true;
  const zone = resolvedZone(a.trim());
  return zone !== undefined && zone === resolvedZone(b.trim());
}

/**
 * A forgiving query-string parser for what devices in the field send (grovestreams-notes §6.3):
 * a leading `?&` or `?;`, trailing `&`, flags without `=` (value ''), `+` for space, repeated
 * keys (kept in order as arrays), and stray `%` that is not an escape (kept as text instead of
 * failing the request). Values are strings, or arrays of strings when a key repeats.
 */
export type Query = Record<string, string | string[]>;

function decode(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    // decode each run of well-formed escapes on its own (so UTF-8 sequences survive a stray %)
    return plus.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      }
    });
  }
}

/**
 * One '&'-separated part of a query string as parseQuery reads it: the parameter's decoded name,
 * and its raw value text (undefined for a flag without '='); undefined for an empty part.
 */
export function queryPart(part: string): { key: string; rawValue: string | undefined } | undefined {
  const p = part.replace(/^;+/, '');
  const eq = p.indexOf('=');
  const key = decode(eq < 0 ? p : p.slice(0, eq));
  return key === '' ? undefined : { key, rawValue: eq < 0 ? undefined : p.slice(eq + 1) };
}

export function parseQuery(qs: string): Query {
  const out: Query = Object.create(null);
  for (const part of qs.split('&')) {
    const qp = queryPart(part);
    if (!qp) continue;
    const { key } = qp;
    const value = qp.rawValue === undefined ? '' : decode(qp.rawValue);
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** All values of a key, in order. */
export function all(q: Query, key: string): string[] {
  const v = q[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The last value of a key (a repeated scalar parameter: the last one wins). */
export function one(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** A flag is on when present with no value or with a value other than false/0. */
export function flag(q: Query, key: string): boolean {
  const v = one(q, key);
  return v !== undefined && !/^(false|0|no|off)$/i.test(v);
}

/** The first of `keys` given more than once, with how often (for a parameter that means one thing). */
export function repeated(q: Query, keys: readonly string[]): { key: string; n: number } | undefined {
  for (const key of keys) {
    const n = all(q, key).length;
    if (n > 1) return { key, n };
  }
  return undefined;
}

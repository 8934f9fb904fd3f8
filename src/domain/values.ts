/**
 * Sample values: the four value types a stream can hold, how an auto-created stream's type is
 * inferred from its first value, and how a raw wire value (a URL string or a JSON value) is
 * coerced into a stream's type. Pure; used by every write path.
 */
export const VALUE_TYPES = ['DOUBLE', 'LONG', 'STRING', 'BOOLEAN'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export type Value = number | string | boolean;

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
/**
 * A LONG is a 64-bit integer, as in GroveStreams (Java's long). Values are JavaScript numbers,
 * in which 2^63 − 1 (Long.MAX_VALUE) rounds up to 2^63: that is let in, since it is what a
 * client's largest long arrives as; anything larger is not a long.
 */
const LONG_LIMIT = 2 ** 63;
const TRUE_WORDS = new Set(['true', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', 'off', 'no']);

export function isValueType(s: string): s is ValueType {
  return (VALUE_TYPES as readonly string[]).includes(s);
}

/** Accepts the legacy enum spellings real clients send (INTEGER, FLOAT, BOOL, ...). */
export function normalizeValueType(s: string): ValueType | undefined {
  const u = s.trim().toUpperCase();
  if (isValueType(u)) return u;
  if (['INTEGER', 'SHORT', 'BIGINT', 'SMALLINT', 'INT'].includes(u)) return 'LONG';
  if (['FLOAT', 'REAL', 'BIG DECIMAL', 'BIGDECIMAL', 'NUMERIC', 'DOUBLE PRECISION', 'LATITUDE', 'LONGITUDE', 'ELEVATION', 'DIRECTION360'].includes(u)) return 'DOUBLE';
  if (['BOOL'].includes(u)) return 'BOOLEAN';
  if (['VARCHAR', 'TEXT'].includes(u)) return 'STRING';
  return undefined;
}

/**
 * The type an auto-created stream gets from its first value (a JSON value or URL text):
 * booleans and the words true/false → BOOLEAN; whole numbers → LONG (widened to DOUBLE by the
 * write path when a fraction arrives later); other numbers → DOUBLE; digit strings too long for
 * a double (ICCIDs, serials) → STRING so that no digit is lost; anything else → STRING.
 */
export function inferValueType(raw: unknown): ValueType {
  if (typeof raw === 'boolean') return 'BOOLEAN';
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? 'LONG' : 'DOUBLE';
  if (typeof raw === 'string') {
    const s = raw.trim();
    const lower = s.toLowerCase();
    if (lower === 'true' || lower === 'false') return 'BOOLEAN';
    if (INTEGER.test(s)) return Number.isSafeInteger(Number(s)) ? 'LONG' : 'STRING';
    if (NUMERIC.test(s)) return 'DOUBLE';
  }
  return 'STRING';
}

/** True when a raw value is "no value": JSON null, or an empty URL value. */
export function isNoValue(raw: unknown): boolean {
  return raw === null || raw === undefined || raw === '';
}

/** Coerces a raw value into a stream's type; returns an error text instead of throwing (hot path). */
export function coerceValue(type: ValueType, raw: unknown): Value | { error: string } {
  switch (type) {
    case 'DOUBLE':
    case 'LONG': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string' && NUMERIC.test(raw.trim())) n = Number(raw);
      else return { error: `'${String(raw)}' is not a number` };
      // JSON.parse reads 1e400 as Infinity: say what was wrong with the number sent, not with Infinity
      if (!Number.isFinite(n)) return { error: Number.isNaN(n) ? 'NaN is not a number' : `${typeof raw === 'string' ? `'${raw}'` : 'the number'} is beyond the range of a double (±1.8e308)` };
      if (type === 'LONG' && !Number.isInteger(n)) return { error: `'${String(raw)}' is not a whole number` };
      if (type === 'LONG' && Math.abs(n) > LONG_LIMIT) return { error: `'${String(raw)}' is beyond the 64-bit range of a LONG (±9223372036854775807)` };
      return n;
    }
    case 'BOOLEAN': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 1 || raw === 0) return raw === 1;
      if (typeof raw === 'string') {
        const w = raw.trim().toLowerCase();
        if (TRUE_WORDS.has(w) || w === '1') return true;
        if (FALSE_WORDS.has(w) || w === '0') return false;
      }
      return { error: `'${String(raw)}' is not a boolean` };
    }
    case 'STRING':
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      return { error: 'a string value must be text, a number or a boolean' };
  }
}

/**
 * A numeric value that an auto-typed LONG stream must widen to DOUBLE for: one with a fraction,
 * or a whole number beyond a LONG's 64 bits (which a DOUBLE holds as well as it can).
 */
export function needsDoubleFor(raw: unknown): boolean {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMERIC.test(raw.trim()) ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && (!Number.isInteger(n) || Math.abs(n) > LONG_LIMIT);
}

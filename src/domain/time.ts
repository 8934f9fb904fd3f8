/**
 * Sample times are epoch milliseconds. The range keeps every delta the chunk codec writes an
 * exact double (|t| < 2^47 ms is beyond the year 6000 either way).
 */
export const MIN_TIME = -(2 ** 47);
export const MAX_TIME = 2 ** 47;

export function isValidTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isInteger(t) && t > MIN_TIME && t < MAX_TIME;
}

/** Parses an epoch-ms text strictly (digits, optional sign); undefined when it is not one. */
export function parseEpochMs(s: string): number | undefined {
  const v = s.trim();
  if (!/^-?\d{1,16}$/.test(v)) return undefined;
  const n = Number(v);
  return isValidTime(n) ? n : undefined;
}

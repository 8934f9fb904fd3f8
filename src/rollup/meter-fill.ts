import type { StreamRollupDef } from '../domain/model.js';

/**
 * Why a gap fill would invent energy on a meter, or null. A filled interval is stored as a
 * sample like any other, and the meter kind says what a sample is:
 * - CUMULATIVE: a register reading, so a CONSTANT fill is a fake reading — the increments to and
 *   from it are energy nobody used (a fill of 0 reads as a reset, and the next real reading's
 *   whole register counts as used). PREVIOUS is right: the register did not move.
 * - DELTA: the amount used in the interval, so PREVIOUS repeats the last amount in every missed
 *   interval, counting it again; a CONSTANT other than 0 adds that amount per missed interval.
 *   0 says nothing was used then (NONE leaves the intervals unknown).
 */
export function meterFillError(r: Pick<StreamRollupDef, 'meter' | 'gapFill'>): string | null {
  const fill = r.gapFill;
  if (r.meter === 'cumulative' && fill.kind === 'constant') {
    return `gapFill CONSTANT cannot be used with meterKind CUMULATIVE: a filled interval would be a register reading of ${String(fill.value)}, and the increments to and from it energy that was never used; use PREVIOUS (the register did not move) or NONE`;
  }
  if (r.meter === 'delta' && fill.kind === 'previous') {
    return 'gapFill PREVIOUS cannot be used with meterKind DELTA: each filled interval would repeat the previous amount used, counting it again; use NONE, or CONSTANT 0 (nothing used)';
  }
  if (r.meter === 'delta' && fill.kind === 'constant' && fill.value !== 0) {
    return `gapFill CONSTANT with meterKind DELTA must be 0: a filled interval's value is the amount used in it, so ${String(fill.value)} would add that much for every missed interval; use 0 (nothing used) or NONE`;
  }
  return null;
}

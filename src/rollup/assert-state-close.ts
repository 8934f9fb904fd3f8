/**
 * Test support: two rollup states hold the same samples. Exact, except the sums, which an
 * append, an insertion or a combination adds up in another order than a fold from scratch
 * (compared with a relative tolerance of 1e-9).
 */
import assert from 'node:assert/strict';
import type { RollupState } from './rollup-state.js';

export function assertClose(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} ≠ ${b}`);
}

export function assertStateClose(a: RollupState, b: RollupState, what: string): void {
  const { sum: as, incSum: ai, weighted: aw, held: ah, ...aRest } = a;
  const { sum: bs, incSum: bi, weighted: bw, held: bh, ...bRest } = b;
  assert.deepEqual(aRest, bRest, what);
  assertClose(as, bs, `${what} sum`);
  assertClose(ai, bi, `${what} incSum`);
  assertClose(aw, bw, `${what} weighted`);
  assertClose(ah, bh, `${what} held`);
}

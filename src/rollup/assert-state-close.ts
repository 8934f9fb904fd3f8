/**
 * Test support: two rollup states hold the same samples. Exact, except the sums, which an
 * append, an insertion or a combination adds up in another order than a fold from scratch
 * (compared with a relative tolerance of 1e-9).
 */
import assert from 'node:assert/strict';
import type { RollupState, SeriesAgg } from './rollup-state.js';

export function assertClose(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} ≠ ${b}`);
}

function assertAggClose(a: SeriesAgg, b: SeriesAgg, what: string): void {
  assertClose(a.sum, b.sum, `${what}.sum`);
  assert.equal(a.count, b.count, `${what}.count`);
  assert.deepEqual(a.min, b.min, `${what}.min`);
  assert.deepEqual(a.max, b.max, `${what}.max`);
}

export function assertStateClose(a: RollupState, b: RollupState, what: string): void {
  const { values: av, increments: ai, weighted: aw, held: ah, ...aRest } = a;
  const { values: bv, increments: bi, weighted: bw, held: bh, ...bRest } = b;
  assert.deepEqual(aRest, bRest, what);
  assertAggClose(av, bv, `${what} values`);
  assertAggClose(ai, bi, `${what} increments`);
  assertClose(aw, bw, `${what} weighted`);
  assertClose(ah, bh, `${what} held`);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalizeAll } from './finalize.js';
import { appendSample, combine, combineAll, emptyState, fromSamples, type RollupState } from './rollup-state.js';
import { instantSample as at, intervalSample as iv, sampleStart } from './sample.js';
import { assertStat, STAT_FIXTURES, type StatFixture } from './stat-fixtures.js';
import { STAT_IDS } from './stat-id.js';
import { statisticsOf } from './statistics.js';

function assertSameStats(st: RollupState, f: StatFixture, how: string): void {
  const want = statisticsOf(f.samples, f.sd, f.ed, f.settings, f.ctx);
  const got = finalizeAll(st, f.settings, f.ctx);
  for (const id of STAT_IDS) assertStat(got[id], want[id], `${how}: ${id}`);
}

describe('partial states reproduce the definitions', () => {
  for (const f of STAT_FIXTURES) {
    it(f.name, () => {
      assertSameStats(fromSamples(f.samples, f.sd, f.ed), f, 'fromSamples');
      let appended = emptyState(f.sd, f.ed);
      for (const s of f.samples) appended = appendSample(appended, s);
      assertSameStats(appended, f, 'appendSample');
      // Every split point: the two halves combined must equal the whole.
      for (let k = 0; k <= f.samples.length; k++) {
        const mid = k === f.samples.length ? f.ed : sampleStart(f.samples[k]!);
        const left = fromSamples(f.samples.slice(0, k), f.sd, mid);
        const right = fromSamples(f.samples.slice(k), mid, f.ed);
        assertSameStats(combine(left, right), f, `split at ${k}`);
        assertSameStats(combineAll(f.sd, f.ed, [left, right].filter((s) => s.samples > 0)), f, `combineAll at ${k}`);
      }
      assertSameStats(JSON.parse(JSON.stringify(fromSamples(f.samples, f.sd, f.ed))) as RollupState, f, 'JSON round trip');
    });
  }
});

describe('state guards', () => {
  it('refuses to combine overlapping or reversed spans', () => {
    assert.throws(() => combine(emptyState(0, 10), emptyState(5, 20)), RangeError);
    assert.throws(() => combine(emptyState(10, 20), emptyState(0, 10)), RangeError);
  });
  it('refuses appends that are not after the latest sample', () => {
    const st = fromSamples([at(10, 1)], 0, 100);
    assert.throws(() => appendSample(st, at(10, 2)), RangeError);
    assert.throws(() => appendSample(st, at(5, 2)), RangeError);
    assert.throws(() => appendSample(st, at(100, 2)), RangeError);
    const ivs = fromSamples([iv(0, 10, 1)], 0, 100);
    assert.throws(() => appendSample(ivs, iv(5, 15, 2)), RangeError);
    assert.doesNotThrow(() => appendSample(ivs, iv(10, 20, null)));
  });
  it('does not mutate its inputs', () => {
    const st = fromSamples([at(10, 1)], 0, 100);
    const copy = structuredClone(st);
    appendSample(st, at(20, 5));
    combine(fromSamples([], 0, 0), st);
    assert.deepEqual(st, copy);
  });
  it('combineAll rejects children outside the parent', () => {
    assert.throws(() => combineAll(0, 10, [fromSamples([at(15, 1)], 10, 20)]), RangeError);
  });
});

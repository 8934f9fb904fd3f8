import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalizeAll } from './finalize.js';
import { appendSample, appendState, combine, combineAll, emptyState, fromSamples, fromSortedColumns, type RollupState } from './rollup-state.js';
import { instantSample as at, intervalSample as iv, sampleStart, type Sample, type SampleColumns } from './sample.js';
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

const columnsOf = (samples: readonly Sample[]): SampleColumns => ({
  times: samples.map((s) => s.time),
  values: samples.map((s) => s.value),
  starts: samples.map(sampleStart),
});

describe('the write path folds columns exactly as fromSamples does', () => {
  // Bit-identical, not merely close: the write path and the from-scratch rebuild must agree.
  const mixed = [iv(0, 10, 3), iv(10, 20, null), iv(20, 30, 'on'), iv(30, 40, 7), iv(40, 50, 2.5), iv(50, 60, -0), iv(60, 70, 9), iv(70, 80, true), iv(80, 90, null)];
  const cases = [...STAT_FIXTURES.map((f) => ({ name: f.name, samples: f.samples, sd: f.sd, ed: f.ed })), { name: 'mixed values and gaps', samples: mixed, sd: 0, ed: 100 }];
  for (const c of cases) {
    it(c.name, () => {
      const cols = columnsOf(c.samples);
      assert.deepEqual(fromSortedColumns(cols, 0, c.samples.length, c.sd, c.ed), fromSamples(c.samples, c.sd, c.ed));
      for (let lo = 0; lo <= c.samples.length; lo++) {
        for (let hi = lo; hi <= c.samples.length; hi++) {
          const part = c.samples.slice(lo, hi);
          assert.deepEqual(fromSortedColumns(cols, lo, hi, c.sd, c.ed), fromSamples(part, c.sd, c.ed), `samples ${lo}..${hi - 1}`);
        }
      }
    });
  }
});

describe('appendState', () => {
  it('equals the state of all the samples, and changes neither input', () => {
    for (const f of STAT_FIXTURES) {
      for (let k = 0; k <= f.samples.length; k++) {
        const st = fromSamples(f.samples.slice(0, k), f.sd, f.ed);
        const start = k === f.samples.length ? f.ed : sampleStart(f.samples[k]!);
        const later = fromSamples(f.samples.slice(k), start, f.ed);
        const [stCopy, laterCopy] = [structuredClone(st), structuredClone(later)];
        const joined = appendState(st, later);
        assertSameStats(joined, f, `${f.name}: append at ${k}`);
        assert.deepEqual([joined.sd, joined.ed], [f.sd, f.ed]);
        assert.deepEqual(st, stCopy);
        assert.deepEqual(later, laterCopy);
      }
    }
  });
  it('refuses a later state outside the span', () => {
    assert.throws(() => appendState(fromSamples([at(10, 1)], 0, 100), fromSamples([at(120, 1)], 100, 200)), RangeError);
  });
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
    const later = fromSamples([at(150, 3)], 100, 200);
    const laterCopy = structuredClone(later);
    combine(st, later);
    combineAll(0, 200, [st, later]);
    assert.deepEqual(st, copy);
    assert.deepEqual(later, laterCopy);
  });
  it('combineAll rejects children outside the parent', () => {
    assert.throws(() => combineAll(0, 10, [fromSamples([at(15, 1)], 10, 20)]), RangeError);
  });
});

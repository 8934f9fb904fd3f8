import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meterIncrement } from './meter-increment.js';
import { DEFAULT_ROLLUP_SETTINGS } from './rollup-settings.js';
import { instantSample as at } from './sample.js';
import { statisticsOf } from './statistics.js';

describe('meterIncrement: a drop of more than 10 % of |prev| is a reset, a smaller one a dip', () => {
  const cases: [string, number, number, number][] = [
    ['a rise', 100, 110, 10],
    ['no change', 100, 100, 0],
    ['a dip nets out as a negative increment', 50000.5, 50000, -0.5],
    ['a reset restarts from zero: the increment is the new reading', 100, 5, 5],
    ['a drop to zero is a reset', 0.5, 0, 0],
    ['exactly 10 % is still a dip', 100, 90, -10],
    ['just over 10 % is a reset', 100, 89.99, 89.99],
    ['exactly 10 % of a large register', 50000, 45000, -5000],
    ['from zero, a rise', 0, 7, 7],
    ['from zero, any drop is more than 10 % of 0 (reset and dip agree there)', 0, -1, -1],
    ['negative readings: a small drop is a dip (10 % of the magnitude)', -100, -105, -5],
    ['negative readings: exactly 10 % of the magnitude is a dip', -100, -110, -10],
    ['negative readings: a large drop is a reset', -100, -150, -150],
    ['negative readings: a rise', -100, -50, 50],
    ['from a negative reading up through zero', -5, 5, 10],
  ];
  for (const [name, prev, cur, want] of cases) it(`${name}: ${prev} → ${cur} is ${want}`, () => assert.equal(meterIncrement(prev, cur), want));

  it('a jittering register totals exactly its real consumption (the testers\' repro)', () => {
    const cumulative = { ...DEFAULT_ROLLUP_SETTINGS, meter: 'cumulative' as const };
    const readings = [at(0, 50000), at(900, 50000.5), at(1800, 50000.4), at(2700, 50001)];
    const s = statisticsOf(readings, 0, 3600, cumulative);
    assert.equal(s.sum, 1);
    assert.ok(typeof s.min === 'number' && s.min < 0 && s.min > -0.11, `min ${s.min} is the dip`);
    assert.equal(s.minoccurrence, 1800);
  });
});

/**
 * Hand-computed examples of every statistic, shared by the direct-definition tests and the
 * partial-state tests (which must reproduce them however the samples are split).
 */
import assert from 'node:assert/strict';
import { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from './rollup-settings.js';
import { instantSample as at, intervalSample as iv, type Sample } from './sample.js';
import type { RollupContext, StatId, StatValue } from './stat-id.js';

export interface StatFixture {
  name: string;
  settings: RollupSettings;
  samples: Sample[];
  sd: number;
  ed: number;
  ctx: RollupContext;
  expected: Partial<Record<StatId, StatValue>>;
}

const random = (over: Partial<RollupSettings> = {}): RollupSettings => ({ ...DEFAULT_ROLLUP_SETTINGS, ...over });
const interval = (over: Partial<RollupSettings> = {}): RollupSettings => random({ streamKind: 'interval', ...over });
const twoSamples = [at(10, 2), at(40, 4)];
const readings = [at(10, 110), at(20, 130), at(30, 5), at(40, 8)];
const intervals = [iv(0, 10, 2), iv(10, 40, null), iv(40, 100, 5)];
const noNumbers = { min: null, max: null, minoccurrence: null, maxoccurrence: null, sum: null, avg: null };

export const STAT_FIXTURES: StatFixture[] = [
  {
    name: 'random gauge, hold, carry from before the interval', settings: random(), samples: twoSamples, sd: 0, ed: 100, ctx: { carry: at(-5, 1) },
    expected: { first: 2, last: 4, min: 2, max: 4, minoccurrence: 10, maxoccurrence: 40, sum: 6, avg: (1 * 10 + 2 * 30 + 4 * 60) / 100, intvlcount: 2, gapcount: 0, nongapcount: 2, milliseccount: 100, nongapmilliseccount: 100 },
  },
  { name: 'random gauge, hold, no earlier sample', settings: random(), samples: twoSamples, sd: 0, ed: 100, ctx: {}, expected: { avg: (2 * 30 + 4 * 60) / 90, milliseccount: 100, nongapmilliseccount: 90 } },
  { name: 'random gauge, plain mean', settings: random({ randomAvg: 'mean' }), samples: twoSamples, sd: 0, ed: 100, ctx: { carry: at(-5, 1) }, expected: { avg: 3, nongapmilliseccount: 100 } },
  { name: 'random gauge, hold until 50', settings: random(), samples: twoSamples, sd: 0, ed: 100, ctx: { carry: at(-5, 1), until: 50 }, expected: { avg: 110 / 50, milliseccount: 50, nongapmilliseccount: 50 } },
  { name: 'random gauge, until before the last sample is ignored up to it', settings: random(), samples: twoSamples, sd: 0, ed: 100, ctx: { carry: at(-5, 1), until: 20 }, expected: { avg: 70 / 40, milliseccount: 40 } },
  {
    name: 'random, empty interval holds the carry', settings: random(), samples: [], sd: 0, ed: 100, ctx: { carry: at(-5, 7) },
    expected: { first: null, last: null, avg: 7, sum: null, min: null, intvlcount: 0, nongapcount: 0, milliseccount: 100, nongapmilliseccount: 100 },
  },
  { name: 'random, empty interval, nothing to hold', settings: random(), samples: [], sd: 0, ed: 100, ctx: {}, expected: { avg: null, milliseccount: 100, nongapmilliseccount: 0, gapcount: 0 } },
  {
    name: 'random cumulative meter with a reset', settings: random({ meter: 'cumulative' }), samples: readings, sd: 0, ed: 100, ctx: { carry: at(-5, 100) },
    expected: { first: 110, last: 8, sum: 38, avg: 9.5, min: 3, minoccurrence: 40, max: 20, maxoccurrence: 20, nongapcount: 4 },
  },
  {
    // 1000 → 995 dips from the carry (the finalizer's increment), 1010 → 1005 inside the interval: both net out
    name: 'random cumulative meter with dips', settings: random({ meter: 'cumulative' }), samples: [at(10, 995), at(20, 1010), at(30, 1005), at(40, 1012)], sd: 0, ed: 100, ctx: { carry: at(-5, 1000) },
    expected: { first: 995, last: 1012, sum: 12, avg: 3, min: -5, minoccurrence: 10, max: 15, maxoccurrence: 20, nongapcount: 4 },
  },
  { name: 'random cumulative meter, first reading ever', settings: random({ meter: 'cumulative' }), samples: readings, sd: 0, ed: 100, ctx: {}, expected: { sum: 28, avg: 28 / 3, min: 3, max: 20, nongapcount: 4 } },
  { name: 'cumulative ties keep the earliest', settings: random({ meter: 'cumulative' }), samples: [at(10, 5), at(20, 10)], sd: 0, ed: 100, ctx: { carry: at(-1, 0) }, expected: { min: 5, minoccurrence: 10, max: 5, maxoccurrence: 10 } },
  { name: 'cumulative meter, carry only: no increment yet', settings: random({ meter: 'cumulative' }), samples: [], sd: 0, ed: 100, ctx: { carry: at(-1, 50) }, expected: { sum: null, avg: null, min: null } },
  { name: 'random delta meter averages per sample', settings: random({ meter: 'delta' }), samples: [at(10, 1), at(20, 2), at(30, 3)], sd: 0, ed: 100, ctx: { carry: at(-1, 100) }, expected: { sum: 6, avg: 2, max: 3, maxoccurrence: 30 } },
  { name: 'random gauge ties keep the earliest', settings: random(), samples: [at(10, 5), at(20, 1), at(30, 1), at(40, 5)], sd: 0, ed: 100, ctx: {}, expected: { min: 1, minoccurrence: 20, max: 5, maxoccurrence: 10 } },
  {
    name: 'interval gauge with a gap and unequal intervals', settings: interval(), samples: intervals, sd: 0, ed: 100, ctx: { carry: at(-1, 1000) },
    expected: { first: 2, last: 5, min: 2, minoccurrence: 10, max: 5, maxoccurrence: 100, sum: 7, avg: 320 / 70, intvlcount: 3, gapcount: 1, nongapcount: 2, milliseccount: 100, nongapmilliseccount: 70 },
  },
  { name: 'interval cumulative across a gap', settings: interval({ meter: 'cumulative' }), samples: intervals, sd: 0, ed: 100, ctx: { carry: iv(-10, 0, 1) }, expected: { sum: 4, avg: 2, min: 1, minoccurrence: 10, max: 3, maxoccurrence: 100 } },
  { name: 'interval delta', settings: interval({ meter: 'delta' }), samples: intervals, sd: 0, ed: 100, ctx: {}, expected: { sum: 7, avg: 3.5 } },
  { name: 'interval, only gaps', settings: interval(), samples: [iv(0, 10, null), iv(10, 20, null)], sd: 0, ed: 20, ctx: {}, expected: { first: null, sum: null, avg: null, intvlcount: 2, gapcount: 2, nongapcount: 0, milliseccount: 20, nongapmilliseccount: 0 } },
  {
    name: 'random strings: first/last/counts only', settings: random({ valueType: 'STRING' }), samples: [at(10, 'a'), at(20, 'b')], sd: 0, ed: 100, ctx: {},
    expected: { first: 'a', last: 'b', ...noNumbers, intvlcount: 2, nongapcount: 2, milliseccount: 100, nongapmilliseccount: 90 },
  },
  {
    name: 'interval booleans', settings: interval({ valueType: 'BOOLEAN' }), samples: [iv(0, 10, true), iv(10, 20, null), iv(20, 30, false)], sd: 0, ed: 30, ctx: {},
    expected: { first: true, last: false, ...noNumbers, intvlcount: 3, gapcount: 1, nongapcount: 2, milliseccount: 30, nongapmilliseccount: 20 },
  },
  { name: 'point stream holds its one sample', settings: random({ streamKind: 'point' }), samples: [at(50, 3)], sd: 0, ed: 100, ctx: {}, expected: { avg: 3, first: 3, nongapmilliseccount: 50, milliseccount: 100 } },
];

/** Numbers compare with a relative tolerance: combined sums add in a different order. */
export function assertStat(actual: StatValue, expected: StatValue, what: string): void {
  if (typeof actual === 'number' && typeof expected === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
  } else {
    assert.equal(actual, expected, what);
  }
}

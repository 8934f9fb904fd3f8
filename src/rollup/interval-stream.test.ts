import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, type Cycle } from './cycle.js';
import { expandRun, planUpload, snapToInterval, type GapFill, type IntervalStreamEnd, type UploadOp } from './interval-stream.js';
import { intervalSample } from './sample.js';

const T = (iso: string): number => Date.parse(iso);
const M = 60_000;
const cyc = new Map(defaultCycles().map((c) => [c.id, c]));
const minute = cyc.get('minute') as Cycle;
const hour = cyc.get('hour') as Cycle;
const day = cyc.get('day') as Cycle;
const t0 = T('2021-06-01T10:00:00Z');
const empty: IntervalStreamEnd = { last: null, lastValue: null };

describe('snapToInterval', () => {
  const cases: [string, number, 'containing' | 'ending', number, number][] = [
    ['inside an interval', t0 + 30_500, 'containing', t0, t0 + M],
    ['on a boundary, containing', t0 + M, 'containing', t0 + M, t0 + 2 * M],
    ['on a boundary, ending', t0 + M, 'ending', t0, t0 + M],
    ['inside, ending', t0 + 30_500, 'ending', t0, t0 + M],
  ];
  for (const [name, t, align, sd, ed] of cases) {
    it(name, () => assert.deepEqual(snapToInterval(minute, t, 'UTC', align), { sd, ed }));
  }
  it('snaps to 23-hour DST days', () => {
    assert.deepEqual(snapToInterval(day, T('2021-03-28T22:30:00Z'), 'Europe/London'), { sd: T('2021-03-28T00:00:00Z'), ed: T('2021-03-28T23:00:00Z') });
  });
});

const writes = (ops: UploadOp[]): [number, unknown, boolean][] =>
  ops.flatMap((o) => (o.kind === 'write' ? [[o.sample.time, o.sample.value, o.append] as [number, unknown, boolean]] : []));
const fills = (ops: UploadOp[]): [number, number, unknown][] =>
  ops.flatMap((o) => (o.kind === 'fill' ? [[o.run.sd, o.run.ed, o.run.value] as [number, number, unknown]] : []));

describe('planUpload', () => {
  const afterTwo: IntervalStreamEnd = { last: { sd: t0 + M, ed: t0 + 2 * M }, lastValue: 7 };
  const gapCases: [string, GapFill, unknown][] = [
    ['none stores gaps', { kind: 'none' }, null],
    ['previous repeats the last value', { kind: 'previous' }, 7],
    ['constant stores the constant', { kind: 'constant', value: 0 }, 0],
  ];
  for (const [name, fill, value] of gapCases) {
    it(`an append that skips intervals: ${name}`, () => {
      const { ops, end } = planUpload(minute, 'UTC', afterTwo, [{ time: t0 + 5 * M + 1, value: 9 }], fill);
      assert.deepEqual(fills(ops), [[t0 + 2 * M, t0 + 5 * M, value]]);
      assert.deepEqual(writes(ops), [[t0 + 6 * M, 9, true]]);
      assert.deepEqual(end, { last: { sd: t0 + 5 * M, ed: t0 + 6 * M }, lastValue: 9 });
    });
  }
  it('a first upload, an adjacent append and a late write', () => {
    const { ops, end } = planUpload(minute, 'UTC', empty, [
      { time: t0 + 2 * M, value: 2 }, { time: t0 + 10, value: 1 }, { time: t0 + M + 5, value: null },
    ], { kind: 'previous' });
    assert.deepEqual(fills(ops), []);
    assert.deepEqual(writes(ops), [[t0 + M, 1, true], [t0 + 2 * M, null, true], [t0 + 3 * M, 2, true]]);
    assert.equal(end.lastValue, 2);
    const late = planUpload(minute, 'UTC', end, [{ time: t0 + 30, value: 5 }], { kind: 'previous' });
    assert.deepEqual(writes(late.ops), [[t0 + M, 5, false]]);
    assert.deepEqual(late.end, end);
  });
  it('two samples in one interval: the later one wins, as an overwrite', () => {
    const { ops, end } = planUpload(minute, 'UTC', empty, [{ time: t0 + 5, value: 1 }, { time: t0 + 5, value: 2 }], { kind: 'none' });
    assert.deepEqual(writes(ops), [[t0 + M, 1, true], [t0 + M, 2, false]]);
    assert.equal(end.lastValue, 2);
  });
  it('a gap written over the last interval keeps the previous fill value', () => {
    const { end } = planUpload(minute, 'UTC', afterTwo, [{ time: t0 + M, value: null }], { kind: 'previous' });
    assert.equal(end.lastValue, 7);
  });
});

describe('expandRun', () => {
  it('yields each base interval of a run, across a DST change', () => {
    const run = { sd: T('2021-03-27T23:00:00Z'), ed: T('2021-03-28T03:00:00Z'), value: null };
    const got = [...expandRun(hour, 'Europe/London', run)];
    assert.equal(got.length, 4);
    assert.deepEqual(got[0], intervalSample(run.sd, run.sd + 3_600_000, null));
    const days = [...expandRun(day, 'Europe/London', { sd: T('2021-03-27T00:00:00Z'), ed: T('2021-03-29T23:00:00Z'), value: 1 })];
    assert.deepEqual(days.map((s) => s.ms / 3_600_000), [24, 23, 24]);
  });
});

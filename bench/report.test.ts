import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile } from './lib.js';
import { formatReport, verdict, type Figure } from './report.js';

const fig = (value: number, target?: Figure['target']): Figure => ({ key: 'k', label: 'x', value, unit: 'u', ...(target ? { target } : {}) });

describe('bench report', () => {
  it('gives PASS/MISS only to figures with a target, with the bound itself passing', () => {
    assert.equal(verdict(fig(5)), '');
    assert.equal(verdict(fig(400_000, { kind: 'min', value: 400_000 })), 'PASS');
    assert.equal(verdict(fig(399_999, { kind: 'min', value: 400_000 })), 'MISS');
    assert.equal(verdict(fig(25, { kind: 'max', value: 25 })), 'PASS');
    assert.equal(verdict(fig(25.01, { kind: 'max', value: 25 })), 'MISS');
    assert.equal(verdict(fig(NaN, { kind: 'max', value: 25 })), 'MISS');
  });

  it('prints one row per figure with its verdict, then the notes and problems', () => {
    const text = formatReport({
      scenario: 's', title: 't', notes: ['a note'], problems: ['a problem'], raw: {},
      figures: [{ key: 'r', label: 'rate', value: 1234.5, unit: 'x/s', target: { kind: 'min', value: 1000 } }, { key: 'l', label: 'latency', value: 1.25, unit: 'ms', digits: 2 }],
    });
    const lines = text.split('\n');
    assert.equal(lines[0], '== s: t');
    assert.match(lines[2]!, /^ {2}rate +1,235 x\/s +>= 1,000 +PASS$/);
    assert.match(lines[3]!, /^ {2}latency +1\.25 ms$/);
    assert.deepEqual(lines.slice(4), ['  a note', '  PROBLEM: a problem']);
  });

  it('takes nearest-rank percentiles, as load.mjs does', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    assert.equal(percentile(xs, 0.5), 50);
    assert.equal(percentile(xs, 0.99), 99);
    assert.equal(percentile([7], 0.99), 7);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
});

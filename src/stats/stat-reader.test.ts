import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, intervalAt, nextInterval } from '../rollup/cycle.js';
import { intervalsBack, sourceFor } from './stat-reader.js';

const cyc = Object.fromEntries(defaultCycles().map((c) => [c.id, c]));
const H = 3_600_000;

describe('intervalsBack', () => {
  it('gives the latest `limit` fixed-length intervals overlapping [lo, hi), ascending', () => {
    const t = Date.parse('2026-10-25T00:00:00Z');
    assert.deepEqual(intervalsBack(cyc.hour!, 'UTC', t + 30 * 60_000, t + 3 * H + 1, 10), [0, 1, 2, 3].map((k) => ({ sd: t + k * H, ed: t + (k + 1) * H })));
    assert.deepEqual(intervalsBack(cyc.hour!, 'UTC', t, t + 3 * H, 2), [1, 2].map((k) => ({ sd: t + k * H, ed: t + (k + 1) * H })));
  });

  it('walks calendar intervals in the zone (a 25-hour day)', () => {
    const lo = Date.parse('2026-10-24T12:00:00Z');
    const hi = Date.parse('2026-10-26T12:00:00Z');
    const days = intervalsBack(cyc.day!, 'Europe/London', lo, hi, 100);
    let iv = intervalAt(cyc.day!, lo, 'Europe/London');
    for (const d of days) {
      assert.deepEqual(d, iv);
      iv = nextInterval(cyc.day!, iv, 'Europe/London');
    }
    assert.deepEqual(days.map((d) => (d.ed - d.sd) / H), [24, 25, 24]);
  });
});

describe('sourceFor', () => {
  const plan = { zone: 'UTC', base: null, chain: [cyc.hour!, cyc.day!, cyc.month!, cyc.year!] };
  it('reads materialised cycles directly, combines tiled ones, and falls back to raw samples', () => {
    assert.deepEqual(sourceFor(cyc.day!, plan), { kind: 'states', cycle: cyc.day, combine: false });
    assert.deepEqual(sourceFor(cyc.week!, plan), { kind: 'states', cycle: cyc.day, combine: true });
    assert.deepEqual(sourceFor(cyc.minute!, plan), { kind: 'raw' });
    assert.deepEqual(sourceFor(cyc.hour!, { zone: 'UTC', base: null, chain: [] }), { kind: 'raw' }, 'nothing materialised (point streams, GG_ROLLUPS=off)');
  });
});

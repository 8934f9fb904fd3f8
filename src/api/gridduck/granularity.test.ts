/**
 * Granularity parsing and the cycle it maps to: the org's own cycle when one has the same
 * intervals (so stored rollup states answer), else an ad-hoc cycle that never borrows an org
 * cycle's id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import { defaultCycles, intervalAt, type Cycle } from '../../rollup/cycle.js';
import { cycleFor, parseGranularity } from './granularity.js';

const orgCycles = defaultCycles();
const idFor = (text: string, cycles: readonly Cycle[] = orgCycles, zone?: string) => cycleFor(parseGranularity(text), cycles, zone).id;

describe('parseGranularity', () => {
  it('whole seconds echo as numbers, names as given', () => {
    assert.deepEqual(parseGranularity('900'), { echo: 900, sizeType: 'MINUTE', count: 15, reference: '2000-01-01T00:00:00' });
    assert.deepEqual(parseGranularity('86400'), { echo: 86400, sizeType: 'DAY', count: 1, reference: '2000-01-01T00:00:00' });
    assert.deepEqual(parseGranularity('1209600'), { echo: 1209600, sizeType: 'WEEK', count: 2, reference: '2000-01-03T00:00:00' });
    assert.deepEqual(parseGranularity('7'), { echo: 7, sizeType: 'SECOND', count: 7, reference: '2000-01-01T00:00:00' });
    assert.deepEqual(parseGranularity(' Week '), { echo: 'week', sizeType: 'WEEK', count: 1, reference: '2000-01-03T00:00:00' });
    assert.equal(parseGranularity('month').echo, 'month');
  });

  it('anything else is a bad request', () => {
    for (const t of [undefined, '', '0', '-60', '1.5', '1e3', 'hour', 'year', '31622401', '0x10']) {
      assert.throws(() => parseGranularity(t), (e: unknown) => e instanceof DomainError && e.kind === 'bad_request', String(t));
    }
  });
});

describe('cycleFor', () => {
  it("uses the org's cycle with the same intervals", () => {
    assert.equal(idFor('60'), 'minute');
    assert.equal(idFor('300'), 'fiveminute');
    assert.equal(idFor('900'), 'fifteenminute');
    assert.equal(idFor('3600'), 'hour');
    assert.equal(idFor('86400'), 'day');
    assert.equal(idFor('day'), 'day');
    assert.equal(idFor('604800'), 'week');
    assert.equal(idFor('week'), 'week');
    assert.equal(idFor('month'), 'month');
  });

  it('builds an ad-hoc cycle otherwise, or when the org cycle has its own zone or another alignment', () => {
    const c = cycleFor(parseGranularity('7200'), orgCycles);
    assert.equal(c.sizeType, 'HOUR');
    assert.equal(c.count, 2);
    assert.ok(!orgCycles.some((o) => o.id === c.id));
    const zoned = orgCycles.map((o) => (o.id === 'day' ? { ...o, timezone: 'Asia/Tokyo' } : o));
    assert.notEqual(idFor('day', zoned), 'day');
    const shifted = orgCycles.map((o) => (o.id === 'hour' ? { ...o, reference: '2000-01-01T00:30:00' } : o));
    assert.notEqual(idFor('3600', shifted), 'hour');
    // an org cycle that happens to carry the ad-hoc id is not borrowed
    const clash = [...orgCycles, { id: c.id, name: 'x', sizeType: 'MINUTE' as const, count: 7, reference: '2000-01-01T00:00:00' }];
    assert.notEqual(idFor('7200', clash), c.id);
  });

  it("a zone given pins the cycle to it: the site's days for an asset of another zone", () => {
    const c = cycleFor(parseGranularity('day'), orgCycles, 'Europe/London');
    assert.equal(c.timezone, 'Europe/London');
    assert.ok(!orgCycles.some((o) => o.id === c.id));
    // the component zone passed along is ignored: the cycle's own wins
    assert.deepEqual(intervalAt(c, Date.UTC(2026, 9, 25, 12), 'America/New_York'), { sd: Date.UTC(2026, 9, 24, 23), ed: Date.UTC(2026, 9, 26, 0) });
  });
});

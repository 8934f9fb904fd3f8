import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, type Cycle, type SizeType } from './cycle.js';
import { defaultCalendars, resolveCalendar, rollupChain, validateCalendar } from './calendar.js';

const std = new Map(defaultCycles().map((c) => [c.id, c]));
const c = (id: string): Cycle => std.get(id) as Cycle;
const mk = (id: string, sizeType: SizeType, count: number, reference = '2000-01-01T00:00:00', timezone?: string): Cycle =>
  ({ id, name: id, sizeType, count, reference, ...(timezone ? { timezone } : {}) });

describe('validateCalendar', () => {
  const ok: [string, Cycle[], string[]][] = [
    ['default cycles in any order come back sorted', [c('year'), c('second'), c('month'), c('day'), c('hour'), c('minute')], ['second', 'minute', 'hour', 'day', 'month', 'year']],
    ['second → hour → day (GroveStreams example)', [c('day'), c('hour'), c('second')], ['second', 'hour', 'day']],
    ['day → week', [c('week'), c('day')], ['day', 'week']],
    ['quarters tile years', [c('year'), mk('quarter', 'MONTH', 3), c('month')], ['month', 'quarter', 'year']],
    ['15 minutes referenced at :30 still tile hours', [mk('q', 'MINUTE', 15, '2000-01-01T00:30:00'), c('hour')], ['q', 'hour']],
    ['gas day (06:00) months', [mk('gd', 'DAY', 1, '2000-01-01T06:00:00'), mk('gm', 'MONTH', 1, '2000-01-01T06:00:00')], ['gd', 'gm']],
    ['two weeks from a one-week cycle', [c('week'), mk('fortnight', 'WEEK', 2, '2000-01-17T00:00:00')], ['week', 'fortnight']],
    ['a single cycle', [c('hour')], ['hour']],
  ];
  for (const [name, cycles, ids] of ok) {
    it(`accepts ${name}`, () => {
      const r = validateCalendar(cycles);
      assert.ok(r.ok, r.ok ? '' : r.error);
      if (r.ok) assert.deepEqual(r.cycles.map((x) => x.id), ids);
    });
  }
  const bad: [string, Cycle[], RegExp][] = [
    ['week under month', [c('day'), c('week'), c('month')], /'week'.*does not tile.*'month'.*weeks do not fit/],
    ['7 minutes under an hour', [c('minute'), mk('m7', 'MINUTE', 7), c('hour')], /'m7'.*not a multiple/],
    ['60 minutes next to an hour', [mk('m60', 'MINUTE', 60), c('hour')], /same length/],
    ['2 days under a month', [mk('d2', 'DAY', 2), c('month')], /months are not a whole number/],
    ['5 months under a year', [mk('m5', 'MONTH', 5), c('year')], /not a multiple of 5 months/],
    ['a day under 48 hours', [c('day'), mk('h48', 'HOUR', 48)], /cannot tile a fixed-length/],
    ['hours referenced at :30 under days', [mk('h', 'HOUR', 1, '2000-01-01T00:30:00'), c('day')], /references are not aligned/],
    ['7 hours under days', [mk('h7', 'HOUR', 7), c('day')], /does not divide a day/],
    ['a gas day under calendar months', [mk('gd', 'DAY', 1, '2000-01-01T06:00:00'), c('month')], /different times of day/],
    ['months starting on the 15th under years', [mk('m15', 'MONTH', 1, '2000-01-15T00:00:00'), c('year')], /different days of the month/],
    ['Monday weeks under Wednesday fortnights', [c('week'), mk('fortnight', 'WEEK', 2, '2000-01-12T00:00:00')], /not aligned/],
    ['mixed time zones', [mk('h', 'HOUR', 1, '2000-01-01T00:00:00', 'UTC'), c('day')], /different time zones/],
    ['the same cycle twice', [c('hour'), c('hour')], /listed twice/],
    ['an invalid cycle', [mk('bad', 'HOUR', 0)], /count/],
    ['nothing', [], /at least one/],
  ];
  for (const [name, cycles, re] of bad) {
    it(`rejects ${name}`, () => {
      const r = validateCalendar(cycles);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, re);
    });
  }
});

describe('calendars and chains', () => {
  it('default calendars are valid; week has its own', () => {
    const [def, weekly] = defaultCalendars().map((cal) => resolveCalendar(cal, defaultCycles()));
    assert.ok(def?.ok && weekly?.ok);
    if (def?.ok) assert.deepEqual(def.cycles.map((x) => x.id), ['second', 'minute', 'fiveminute', 'fifteenminute', 'hour', 'day', 'month', 'year']);
    if (weekly?.ok) assert.equal(weekly.cycles.at(-1)?.id, 'week');
  });
  it('reports unknown cycle ids', () => {
    const r = resolveCalendar({ id: 'x', name: 'x', cycleIds: ['hour', 'fortnight'] }, defaultCycles());
    assert.ok(!r.ok && /unknown cycle 'fortnight'/.test(r.error));
  });
  it('picks the part of a calendar a base cycle rolls up into', () => {
    const r = resolveCalendar(defaultCalendars()[0]!, defaultCycles());
    assert.ok(r.ok);
    if (!r.ok) return;
    const ids = (base: Cycle): string[] | string => {
      const chain = rollupChain(base, r.cycles);
      return chain.ok ? chain.cycles.map((x) => x.id) : chain.error;
    };
    assert.deepEqual(ids(c('fifteenminute')), ['fifteenminute', 'hour', 'day', 'month', 'year']);
    assert.match(ids(mk('m10', 'MINUTE', 10)) as string, /'m10'.*does not tile.*'fifteenminute'/);
    assert.deepEqual(ids(mk('m30', 'MINUTE', 30)), ['hour', 'day', 'month', 'year']);
    assert.deepEqual(ids(mk('y2', 'YEAR', 2)), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Settings } from 'luxon';
import {
  defaultCycles, intervalAt, intervalsBetween, nextInterval, previousInterval, validateCycle,
  type Cycle, type SizeType,
} from './cycle.js';

const T = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const byId = new Map(defaultCycles().map((c) => [c.id, c]));
const std = (id: string): Cycle => byId.get(id) as Cycle;
const mk = (sizeType: SizeType, count: number, reference = '2000-01-01T00:00:00', timezone?: string): Cycle =>
  ({ id: `${count}${sizeType}`, name: '', sizeType, count, reference, ...(timezone ? { timezone } : {}) });

describe('intervalAt', () => {
  const cases: { name: string; cycle: Cycle; zone: string; t: string; sd: string; ed: string }[] = [
    { name: 'second, UTC', cycle: std('second'), zone: 'UTC', t: '2021-06-01T10:00:05.250Z', sd: '2021-06-01T10:00:05Z', ed: '2021-06-01T10:00:06Z' },
    { name: 'five minutes, UTC', cycle: std('fiveminute'), zone: 'UTC', t: '2021-06-01T10:07:00Z', sd: '2021-06-01T10:05:00Z', ed: '2021-06-01T10:10:00Z' },
    { name: 'hour, +05:30 starts at :30 UTC', cycle: std('hour'), zone: 'Asia/Kolkata', t: '2021-06-01T10:45:00Z', sd: '2021-06-01T10:30:00Z', ed: '2021-06-01T11:30:00Z' },
    { name: 'hour, +05:45 starts at :15 UTC', cycle: std('hour'), zone: 'Asia/Kathmandu', t: '2021-06-01T10:45:00Z', sd: '2021-06-01T10:15:00Z', ed: '2021-06-01T11:15:00Z' },
    { name: 'fifteen minutes, +05:45', cycle: std('fifteenminute'), zone: 'Asia/Kathmandu', t: '2021-06-01T10:50:00Z', sd: '2021-06-01T10:45:00Z', ed: '2021-06-01T11:00:00Z' },
    { name: 'hour, +10:30 Adelaide summer', cycle: std('hour'), zone: 'Australia/Adelaide', t: '2021-01-10T00:10:00Z', sd: '2021-01-09T23:30:00Z', ed: '2021-01-10T00:30:00Z' },
    { name: 'day, London spring forward: 23 h', cycle: std('day'), zone: 'Europe/London', t: '2021-03-28T12:00:00Z', sd: '2021-03-28T00:00:00Z', ed: '2021-03-28T23:00:00Z' },
    { name: 'day, London fall back: 25 h', cycle: std('day'), zone: 'Europe/London', t: '2021-10-31T12:00:00Z', sd: '2021-10-30T23:00:00Z', ed: '2021-11-01T00:00:00Z' },
    { name: 'day, New York spring forward: 23 h', cycle: std('day'), zone: 'America/New_York', t: '2021-03-14T12:00:00Z', sd: '2021-03-14T05:00:00Z', ed: '2021-03-15T04:00:00Z' },
    { name: 'day, Adelaide DST end: 25 h', cycle: std('day'), zone: 'Australia/Adelaide', t: '2021-04-04T05:00:00Z', sd: '2021-04-03T13:30:00Z', ed: '2021-04-04T14:30:00Z' },
    { name: 'day, Kolkata', cycle: std('day'), zone: 'Asia/Kolkata', t: '2021-06-01T20:00:00Z', sd: '2021-06-01T18:30:00Z', ed: '2021-06-02T18:30:00Z' },
    { name: 'day, nonexistent midnight moves to 01:00 (Sao Paulo)', cycle: std('day'), zone: 'America/Sao_Paulo', t: '2018-11-04T12:00:00Z', sd: '2018-11-04T03:00:00Z', ed: '2018-11-05T02:00:00Z' },
    { name: 'day before a nonexistent midnight', cycle: std('day'), zone: 'America/Sao_Paulo', t: '2018-11-03T12:00:00Z', sd: '2018-11-03T03:00:00Z', ed: '2018-11-04T03:00:00Z' },
    { name: 'day, ambiguous midnight takes the earlier instant (Havana)', cycle: std('day'), zone: 'America/Havana', t: '2018-11-04T12:00:00Z', sd: '2018-11-04T04:00:00Z', ed: '2018-11-05T05:00:00Z' },
    { name: 'gas day starting 06:00', cycle: mk('DAY', 1, '2000-01-01T06:00:00'), zone: 'UTC', t: '2021-06-01T05:00:00Z', sd: '2021-05-31T06:00:00Z', ed: '2021-06-01T06:00:00Z' },
    { name: 'week starts Monday', cycle: std('week'), zone: 'UTC', t: '2021-06-02T12:00:00Z', sd: '2021-05-31T00:00:00Z', ed: '2021-06-07T00:00:00Z' },
    { name: 'week with a Sunday reference', cycle: mk('WEEK', 1, '2000-01-02T00:00:00'), zone: 'UTC', t: '2021-06-02T12:00:00Z', sd: '2021-05-30T00:00:00Z', ed: '2021-06-06T00:00:00Z' },
    { name: 'week across London spring forward', cycle: std('week'), zone: 'Europe/London', t: '2021-03-28T12:00:00Z', sd: '2021-03-22T00:00:00Z', ed: '2021-03-28T23:00:00Z' },
    { name: 'two days from the reference', cycle: mk('DAY', 2), zone: 'UTC', t: '2000-01-04T12:00:00Z', sd: '2000-01-03T00:00:00Z', ed: '2000-01-05T00:00:00Z' },
    { name: 'month, leap February', cycle: std('month'), zone: 'UTC', t: '2020-02-15T00:00:00Z', sd: '2020-02-01T00:00:00Z', ed: '2020-03-01T00:00:00Z' },
    { name: 'month, London March ends in BST', cycle: std('month'), zone: 'Europe/London', t: '2021-03-15T00:00:00Z', sd: '2021-03-01T00:00:00Z', ed: '2021-03-31T23:00:00Z' },
    { name: 'quarter (3 months)', cycle: mk('MONTH', 3), zone: 'UTC', t: '2021-05-15T00:00:00Z', sd: '2021-04-01T00:00:00Z', ed: '2021-07-01T00:00:00Z' },
    { name: 'month referenced on the 31st clamps', cycle: mk('MONTH', 1, '2000-01-31T00:00:00'), zone: 'UTC', t: '2021-03-05T00:00:00Z', sd: '2021-02-28T00:00:00Z', ed: '2021-03-31T00:00:00Z' },
    { name: 'year 2020 (leap), Adelaide', cycle: std('year'), zone: 'Australia/Adelaide', t: '2020-07-01T00:00:00Z', sd: '2019-12-31T13:30:00Z', ed: '2020-12-31T13:30:00Z' },
    { name: 'cycle zone overrides the component zone', cycle: mk('DAY', 1, '2000-01-01T00:00:00', 'Asia/Kolkata'), zone: 'UTC', t: '2021-06-01T20:00:00Z', sd: '2021-06-01T18:30:00Z', ed: '2021-06-02T18:30:00Z' },
    { name: 'boundary instant belongs to the interval it starts', cycle: std('hour'), zone: 'UTC', t: '2021-06-01T10:00:00Z', sd: '2021-06-01T10:00:00Z', ed: '2021-06-01T11:00:00Z' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(intervalAt(c.cycle, T(c.t), c.zone), { sd: T(c.sd), ed: T(c.ed) });
    });
  }

  it('does not depend on the date the server runs (luxon guesses ambiguous times from "now")', () => {
    const saved = Settings.now;
    try {
      const results = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)].map((now) => {
        Settings.now = () => now;
        return intervalAt(mk('DAY', 1, '2000-01-01T01:30:00'), T('2018-11-04T12:00:00Z'), 'America/New_York');
      });
      assert.deepEqual(results[0], results[1]);
      assert.equal(results[0]?.sd, T('2018-11-04T05:30:00Z'));
    } finally {
      Settings.now = saved;
    }
  });
});

describe('interval sequences', () => {
  it('London spring-forward day holds 23 hours', () => {
    const day = intervalAt(std('day'), T('2021-03-28T12:00:00Z'), 'Europe/London');
    assert.equal(intervalsBetween(std('hour'), day.sd, day.ed, 'Europe/London', 100).length, 23);
  });
  it('next and previous intervals are adjacent', () => {
    for (const zone of ['UTC', 'Europe/London', 'Asia/Kathmandu', 'Australia/Adelaide']) {
      for (const c of defaultCycles()) {
        const iv = intervalAt(c, T('2021-10-31T01:30:00Z'), zone);
        assert.equal(nextInterval(c, iv, zone).sd, iv.ed, `${c.id} ${zone}`);
        assert.equal(previousInterval(c, iv, zone).ed, iv.sd, `${c.id} ${zone}`);
      }
    }
  });
  it('intervals tile a range and contain every instant they are asked about', () => {
    const from = T('2020-02-20T00:00:00Z');
    const to = T('2020-04-10T00:00:00Z');
    for (const zone of ['America/New_York', 'Asia/Kolkata']) {
      const days = intervalsBetween(std('day'), from, to, zone, 1000);
      for (let i = 1; i < days.length; i++) assert.equal(days[i]?.sd, days[i - 1]?.ed);
      assert.ok((days[0]?.sd ?? Infinity) <= from && (days.at(-1)?.ed ?? 0) >= to);
      for (let t = from; t < to; t += 7_777_777) {
        const iv = intervalAt(std('month'), t, zone);
        assert.ok(iv.sd <= t && t < iv.ed);
      }
    }
  });
  it('stops one past the most intervals allowed, so a long range is never listed in full', () => {
    const got = intervalsBetween(std('second'), 0, 10 * H, 'UTC', 1000);
    assert.equal(got.length, 1001);
    assert.deepEqual(got.at(-1), { sd: 1000 * 1000, ed: 1001 * 1000 });
    assert.deepEqual(intervalsBetween(std('second'), 5000, 5000, 'UTC', 10), []);
  });
});

describe('validateCycle', () => {
  const bad: [string, Partial<Cycle>][] = [
    ['empty id', { id: ' ' }],
    ['zero count', { count: 0 }],
    ['fractional count', { count: 1.5 }],
    ['bad reference', { reference: '2000-01-01 00:00' }],
    ['impossible date', { reference: '2001-02-29T00:00:00' }],
    ['unknown zone', { timezone: 'Mars/Olympus' }],
    ['unknown size type', { sizeType: 'CUSTOM' as SizeType }],
  ];
  for (const [name, patch] of bad) {
    it(`rejects ${name}`, () => assert.notEqual(validateCycle({ ...std('hour'), ...patch }), null));
  }
  it('rejects intervals longer than 100,000 years (their boundaries would leave the Date range)', () => {
    assert.match(validateCycle(mk('YEAR', 100_001)) ?? '', /at most 100,000 years/);
    assert.match(validateCycle(mk('YEAR', 1_000_000)) ?? '', /at most 100,000 years/);
    assert.equal(validateCycle(mk('MONTH', 1_000_000)), null); // 83,333 years
  });
  it('gives every accepted cycle finite intervals holding any valid sample time, whatever its reference', () => {
    const extremes = [-(2 ** 47) + 1, 0, 2 ** 47 - 1];
    for (const [sizeType, count] of [['YEAR', 100_000], ['MONTH', 1_000_000], ['WEEK', 1_000_000], ['DAY', 1_000_000], ['HOUR', 1_000_000]] as const) {
      for (const reference of ['1000-01-01T00:00:00', '9999-12-31T23:59:59']) {
        const c = mk(sizeType, count, reference, 'Europe/London');
        assert.equal(validateCycle(c), null, `${count} ${sizeType}`);
        for (const t of extremes) {
          const iv = intervalAt(c, t, 'UTC');
          assert.ok(Number.isFinite(iv.sd) && Number.isFinite(iv.ed) && iv.sd <= t && t < iv.ed, `${count} ${sizeType} from ${reference} at ${t}: [${iv.sd}, ${iv.ed})`);
        }
      }
    }
  });
  it('accepts the defaults', () => {
    for (const c of defaultCycles()) assert.equal(validateCycle(c), null);
    assert.deepEqual(defaultCycles().map((c) => c.id), ['second', 'minute', 'fiveminute', 'fifteenminute', 'hour', 'day', 'week', 'month', 'year']);
  });
});

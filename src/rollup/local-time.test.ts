import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IANAZone } from 'luxon';
import { addMonths, daysBetween, epochToWall, isKnownZone, monthsBetween, offsetMs, parseLocalIso, timeOfDay, wallToEpoch } from './local-time.js';

const T = (iso: string): number => Date.parse(iso);
const W = (local: string): number => Date.parse(`${local}Z`);

describe('offsetMs', () => {
  it('agrees with luxon at every probe, including right at transitions', () => {
    for (const zone of ['Europe/London', 'Australia/Adelaide', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const z = IANAZone.create(zone);
      const probes: number[] = [T('1986-01-01T00:00:00Z') - 1, T('1986-01-01T00:00:00Z')];
      for (let t = T('2021-01-01T00:00:00Z'); t < T('2022-01-01T00:00:00Z'); t += 997 * 60_000) probes.push(t);
      for (const iso of ['2021-03-28T01:00:00Z', '2021-10-31T01:00:00Z', '2021-04-03T16:30:00Z', '2021-10-02T16:30:00Z']) {
        probes.push(T(iso) - 1, T(iso), T(iso) + 1);
      }
      for (const t of probes) assert.equal(offsetMs(zone, t), z.offset(t) * 60_000, `${zone} ${t}`);
    }
  });
});

describe('wallToEpoch', () => {
  const cases: [string, string, string, string][] = [
    ['plain winter time', 'Europe/London', '2021-01-10T12:00:00', '2021-01-10T12:00:00Z'],
    ['plain summer time', 'Europe/London', '2021-07-10T12:00:00', '2021-07-10T11:00:00Z'],
    ['gap: 01:30 does not exist, moved 1 h later', 'Europe/London', '2021-03-28T01:30:00', '2021-03-28T01:30:00Z'],
    ['overlap: 01:30 twice, earlier (BST) wins', 'Europe/London', '2021-10-31T01:30:00', '2021-10-31T00:30:00Z'],
    ['overlap in New York, earlier (EDT) wins', 'America/New_York', '2021-11-07T01:30:00', '2021-11-07T05:30:00Z'],
    ['gap in New York', 'America/New_York', '2021-03-14T02:30:00', '2021-03-14T07:30:00Z'],
    ['+05:45', 'Asia/Kathmandu', '2021-01-01T00:00:00', '2020-12-31T18:15:00Z'],
    ['Adelaide overlap 02:30, earlier (+10:30) wins', 'Australia/Adelaide', '2021-04-04T02:30:00', '2021-04-03T16:00:00Z'],
    ['Adelaide gap 02:30', 'Australia/Adelaide', '2021-10-03T02:30:00', '2021-10-02T17:00:00Z'],
    ['Samoa skipped 2011-12-30 entirely', 'Pacific/Apia', '2011-12-30T12:00:00', '2011-12-30T22:00:00Z'],
  ];
  for (const [name, zone, local, instant] of cases) {
    it(name, () => assert.equal(wallToEpoch(W(local), zone), T(instant)));
  }
  it('round-trips instants through wall time in each test zone', () => {
    for (const zone of ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide']) {
      for (let t = T('2021-01-01T00:00:00Z'); t < T('2022-01-01T00:00:00Z'); t += 5 * 3_600_000 + 60_000) {
        const back = wallToEpoch(epochToWall(t, zone), zone);
        // Inside an overlap the wall time maps back to its earlier instant, one hour before.
        assert.ok(back === t || back === t - 3_600_000, `${zone} ${new Date(t).toISOString()}`);
      }
    }
  });
});

describe('wall-clock arithmetic', () => {
  it('parses local ISO datetimes', () => {
    assert.equal(parseLocalIso('2000-01-03T00:00:00'), W('2000-01-03T00:00:00'));
    assert.equal(parseLocalIso('2000-01-03T00:00:00.5'), W('2000-01-03T00:00:00.500'));
    for (const bad of ['2000-01-03', '2000-01-03T00:00:00Z', '2000-13-01T00:00:00', '2000-01-01T24:00:00', '1999-02-29T00:00:00']) {
      assert.equal(typeof parseLocalIso(bad), 'object', bad);
    }
  });
  it('adds months like luxon: clamped to month length', () => {
    assert.equal(addMonths(W('2020-01-31T06:00:00'), 1), W('2020-02-29T06:00:00'));
    assert.equal(addMonths(W('2021-01-31T06:00:00'), 1), W('2021-02-28T06:00:00'));
    assert.equal(addMonths(W('2021-03-31T00:00:00'), -1), W('2021-02-28T00:00:00'));
    assert.equal(addMonths(W('2020-02-29T00:00:00'), 12), W('2021-02-28T00:00:00'));
  });
  it('counts days and months between dates, ignoring time of day', () => {
    assert.equal(daysBetween(W('2021-01-01T23:00:00'), W('2021-01-02T01:00:00')), 1);
    assert.equal(daysBetween(W('2021-01-02T00:00:00'), W('2021-01-01T23:00:00')), -1);
    assert.equal(monthsBetween(W('2020-12-31T00:00:00'), W('2021-01-01T00:00:00')), 1);
    assert.equal(timeOfDay(W('1969-12-31T06:00:00')), 6 * 3_600_000);
  });
  it('knows zones', () => {
    assert.ok(isKnownZone('Asia/Kathmandu'));
    assert.ok(!isKnownZone(''));
    assert.ok(!isKnownZone('Nowhere/Special'));
  });
});

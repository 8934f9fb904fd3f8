import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, intervalAt, nextInterval, type Cycle, type Interval, type SizeType } from './cycle.js';
import { CHECKED_FROM, CHECKED_TO } from './offset-changes.js';
import { ALL_TIME, misfitsWithin, zoneTilingError, type TimeRange } from './zone-tiling.js';

const std = new Map(defaultCycles().map((c) => [c.id, c]));
const c = (id: string): Cycle => std.get(id)!;
const mk = (id: string, sizeType: SizeType, count: number, reference = '2000-01-01T00:00:00', timezone?: string): Cycle =>
  ({ id, name: id, sizeType, count, reference, ...(timezone ? { timezone } : {}) });
const NEAR: TimeRange = { from: Date.UTC(2026, 0, 1), to: Infinity };
const utc = (iso: string) => Date.parse(`${iso}Z`);
const between = (from: string, to: string): TimeRange => ({ from: utc(from), to: utc(to) });

/**
 * The oracle: each interval of `parent` from `from` to `to` (in 1970–2100), with whether it is
 * made of whole `child` intervals (a boundary before 1970 counts as met: the check starts there).
 */
function* everyInterval(child: Cycle, parent: Cycle, zone: string, from = CHECKED_FROM, to = CHECKED_TO): Generator<[Interval, boolean]> {
  const onGrid = (t: number) => t < CHECKED_FROM || intervalAt(child, t, zone).sd === t;
  let iv = intervalAt(parent, from, zone);
  for (let sdFits = onGrid(iv.sd); iv.ed < Math.min(to, CHECKED_TO); iv = nextInterval(parent, iv, zone)) {
    const edFits = onGrid(iv.ed);
    yield [iv, sdFits && edFits];
    sdFits = edFits;
  }
}

describe('zoneTilingError', () => {
  it("refuses a 2-hour cycle under days in Europe/London, naming a DST change near the given date", () => {
    const err = zoneTilingError(mk('tw0', 'HOUR', 2), c('day'), 'Europe/London', NEAR);
    assert.equal(
      err,
      "cycle 'tw0' (2 HOUR) does not tile 'day' (1 DAY) in Europe/London: e.g. the 'day' interval from 2026-03-29T00:00:00Z to 2026-03-29T23:00:00Z " +
        "is not made of whole 'tw0' intervals (Europe/London's UTC offset changes from +00:00 to +01:00 at 2026-03-29T01:00:00Z)",
    );
    assert.equal(zoneTilingError(mk('tw0', 'HOUR', 2), c('day'), 'UTC', NEAR), null);
    assert.match(zoneTilingError(mk('tw0', 'HOUR', 2), c('month'), 'Europe/London', NEAR)!, /'month' interval from 2026-03-01T00:00:00Z to 2026-03-31T23:00:00Z/);
  });

  it('refuses hours under days where and while the offset is a fraction of an hour away', () => {
    assert.match(zoneTilingError(c('hour'), c('day'), 'Australia/Lord_Howe', NEAR)!, /in Australia\/Lord_Howe: .*from \+11:00 to \+10:30 at 2026-04-04/);
    assert.equal(zoneTilingError(c('hour'), c('day'), 'Asia/Kathmandu', NEAR), null, '+05:45 since 1986');
    assert.match(zoneTilingError(c('hour'), c('day'), 'Asia/Kathmandu', ALL_TIME)!, /from \+05:30 to \+05:45 at 1985-12-31T18:30:00Z/);
    assert.equal(zoneTilingError(c('hour'), c('day'), 'America/Caracas', NEAR), null, '-04:00 again since 2016');
    assert.match(zoneTilingError(c('hour'), c('day'), 'America/Caracas', between('2010-06-01T00:00:00', '2010-06-02T00:00:00'))!, /interval from 2010-05-31T04:30:00Z to 2010-06-01T04:30:00Z .*from -04:00 to -04:30 at 2007-12-09/);
    assert.equal(zoneTilingError(c('fifteenminute'), c('day'), 'Australia/Lord_Howe', NEAR), null);
    assert.equal(zoneTilingError(c('minute'), c('day'), 'Europe/Amsterdam', ALL_TIME), null, '+00:19:32 until 1937 lies before the checked range');
  });

  it('answers for a range: the intervals overlapping it, naming the first (Asia/Singapore: +07:30 until 1981-12-31)', () => {
    const sg = (range: TimeRange) => zoneTilingError(c('hour'), c('day'), 'Asia/Singapore', range);
    assert.equal(sg(NEAR), null);
    assert.equal(
      sg(between('1975-06-01T00:00:00', '1975-06-01T00:00:01')),
      "cycle 'hour' (1 HOUR) does not tile 'day' (1 DAY) in Asia/Singapore: e.g. the 'day' interval from 1975-05-31T16:30:00Z to 1975-06-01T16:30:00Z " +
        "is not made of whole 'hour' intervals (Asia/Singapore's UTC offset changes from +07:30 to +08:00 at 1981-12-31T16:00:00Z)",
    );
    assert.match(sg(between('1981-12-01T00:00:00', '1982-02-01T00:00:00'))!, /interval from 1981-11-30T16:30:00Z to 1981-12-01T16:30:00Z/);
    // the last misfit: 1981-12-31, 23.5 hours long, up to the change
    assert.match(sg(between('1981-12-31T15:59:59', '1982-02-01T00:00:00'))!, /interval from 1981-12-30T16:30:00Z to 1981-12-31T16:00:00Z /);
    assert.equal(sg(between('1981-12-31T16:00:00', '1982-02-01T00:00:00')), null);
    assert.equal(sg({ from: 0, to: 0 }), null, 'an empty range: the structure only');
    // a range that ends where a misfit starts, or starts where one ends, does not overlap it
    assert.equal(sg({ from: -Infinity, to: utc('1969-12-31T16:30:00') }), null);
    assert.equal(sg({ from: utc('1981-12-31T16:00:00'), to: Infinity }), null);
    assert.match(sg({ from: -Infinity, to: utc('1969-12-31T16:30:01') })!, /interval from 1969-12-31T16:30:00Z to 1970-01-01T16:30:00Z/);
  });

  it('agrees with a check of every interval over 1970–2100', () => {
    const cases: [Cycle, Cycle, string][] = [
      [mk('tw0', 'HOUR', 2), c('day'), 'Europe/London'],
      [c('hour'), c('day'), 'America/Havana'], // midnight repeated: the earlier instant
      [c('hour'), c('day'), 'America/Sao_Paulo'], // midnight skipped: 01:00
      [c('hour'), c('day'), 'Australia/Lord_Howe'],
      [mk('h3', 'HOUR', 3), c('week'), 'America/New_York'],
      [mk('q', 'MINUTE', 15, '2000-01-01T00:00:00', 'Asia/Kolkata'), mk('d', 'DAY', 1, '2000-01-01T00:00:00', 'Europe/London'), 'UTC'],
      [mk('dp', 'DAY', 1, '2000-01-01T00:00:00', 'Europe/Paris'), mk('du', 'DAY', 1, '2000-01-01T00:00:00', 'Europe/Berlin'), 'UTC'],
    ];
    for (const [child, parent, zone] of cases) {
      const err = zoneTilingError(child, parent, zone, ALL_TIME);
      let tiles = true;
      for (const [, fits] of everyInterval(child, parent, zone)) if (!(tiles = fits)) break;
      assert.equal(err === null, tiles, `${child.id} in ${parent.id}, ${zone}: ${err}`);
    }
  });

  it('answers for each interval as a check of it does, around changes of every kind (misfitsWithin too)', () => {
    const paris = mk('dp', 'DAY', 1, '2000-01-01T00:00:00', 'Europe/Paris');
    const berlin = mk('du', 'DAY', 1, '2000-01-01T00:00:00', 'Europe/Berlin');
    const cases: [Cycle, Cycle, string, string, string][] = [
      [c('hour'), c('day'), 'Asia/Singapore', '1970-01-01', '1971-01-01'], // misfits from the start of the checked range
      [c('hour'), c('day'), 'Asia/Singapore', '1981-06-01', '1982-06-01'],
      [mk('tw0', 'HOUR', 2), c('day'), 'Europe/London', '2025-01-01', '2028-01-01'], // every summer
      [mk('tw0', 'HOUR', 2), c('day'), 'Europe/London', '2098-01-01', '2100-01-01'], // up to the end of it
      [mk('tw0', 'HOUR', 2), c('day'), 'America/Sao_Paulo', '2016-01-01', '2020-01-01'], // a skipped midnight the 2-hour grid meets, unlike the next
      [mk('tw0', 'HOUR', 2), c('day'), 'Pacific/Apia', '2010-01-01', '2013-01-01'], // a whole day skipped (2011-12-30)
      [c('hour'), c('day'), 'Australia/Lord_Howe', '1980-01-01', '1990-01-01'], // +10:00, +10:30/+11:30, +10:30/+11:00
      [c('hour'), c('day'), 'America/Havana', '2000-01-01', '2004-01-01'], // midnight repeated
      [paris, berlin, 'UTC', '1975-01-01', '1982-01-01'], // one zone with DST, the other not yet: a repeated midnight across zones
    ];
    for (const [child, parent, zone, from, to] of cases) {
      for (const [iv, fits] of everyInterval(child, parent, zone, utc(`${from}T00:00:00`), utc(`${to}T00:00:00`))) {
        const err = zoneTilingError(child, parent, zone, { from: iv.sd, to: iv.ed });
        if ((err === null) !== fits) assert.fail(`${child.id} in ${parent.id}, ${zone}, ${new Date(iv.sd).toISOString()}: ${err ?? 'fits'}, but it ${fits ? 'does' : 'does not'}`);
        if (misfitsWithin(child, parent, zone, { from: iv.sd, to: iv.ed }) === fits) assert.fail(`misfitsWithin disagrees at ${new Date(iv.sd).toISOString()}`);
      }
    }
  });

  it('compares reference instants of two fixed-length cycles, which the wall clock alone does not', () => {
    // 2-hour intervals from a winter midnight, 4-hour ones from a summer midnight (23:00 UTC)
    const err = zoneTilingError(mk('tw0', 'HOUR', 2), mk('h4', 'HOUR', 4, '2000-07-01T00:00:00'), 'Europe/London', NEAR);
    assert.match(err!, /does not tile 'h4' \(4 HOUR\) in Europe\/London: e\.g\. the 'h4' interval from .* is not made of whole 'tw0' intervals$/);
    assert.equal(zoneTilingError(mk('tw0', 'HOUR', 2), mk('h4', 'HOUR', 4, '2000-07-01T00:00:00'), 'UTC', NEAR), null);
  });

  it('cycles of different zones tile where their boundaries meet', () => {
    const kolkataQuarter = mk('q', 'MINUTE', 15, '2000-01-01T00:00:00', 'Asia/Kolkata');
    assert.equal(zoneTilingError(kolkataQuarter, mk('h', 'HOUR', 1, '2000-01-01T00:00:00', 'UTC'), 'UTC', NEAR), null);
    assert.match(zoneTilingError(mk('h', 'HOUR', 1, '2000-01-01T00:00:00', 'Asia/Kolkata'), c('day'), 'UTC', NEAR)!, /in Asia\/Kolkata \(day: UTC\)/);
  });

  it('a larger or structurally misfitting cycle is refused with the structural reason, whatever the range', () => {
    assert.match(zoneTilingError(c('fifteenminute'), mk('m20', 'MINUTE', 20), 'UTC', { from: 0, to: 0 })!, /1200000 ms is not a multiple/);
    assert.equal(zoneTilingError(c('fifteenminute'), c('minute'), 'UTC', ALL_TIME), "cycle 'fifteenminute' (15 MINUTE) is longer than 'minute' (1 MINUTE)");
    assert.match(zoneTilingError(c('fifteenminute'), mk('m20', 'MINUTE', 20), 'UTC', ALL_TIME)!, /1200000 ms is not a multiple of 900000 ms/);
    assert.equal(zoneTilingError(c('day'), c('month'), 'Europe/London', ALL_TIME), null);
    assert.equal(zoneTilingError(c('hour'), mk('hour2', 'MINUTE', 60), 'Europe/London', ALL_TIME), null, 'the same intervals under another id');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, intervalAt, nextInterval, type Cycle, type SizeType } from './cycle.js';
import { CHECKED_FROM, CHECKED_TO } from './offset-changes.js';
import { zoneTilingError } from './zone-tiling.js';

const std = new Map(defaultCycles().map((c) => [c.id, c]));
const c = (id: string): Cycle => std.get(id)!;
const mk = (id: string, sizeType: SizeType, count: number, reference = '2000-01-01T00:00:00', timezone?: string): Cycle =>
  ({ id, name: id, sizeType, count, reference, ...(timezone ? { timezone } : {}) });
const NEAR = Date.UTC(2026, 0, 1);

/** The oracle: is every interval of `parent` in 1970–2100 made of whole `child` intervals (stops at the first that is not)? */
function tilesEverywhere(child: Cycle, parent: Cycle, zone: string): boolean {
  for (let iv = intervalAt(parent, CHECKED_FROM, zone); iv.ed < CHECKED_TO; iv = nextInterval(parent, iv, zone)) {
    if (intervalAt(child, iv.ed, zone).sd !== iv.ed) return false;
  }
  return true;
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

  it('refuses hours under days where the offset moves by half an hour, and names the latest misfit when none is later', () => {
    assert.match(zoneTilingError(c('hour'), c('day'), 'Australia/Lord_Howe', NEAR)!, /in Australia\/Lord_Howe: .*from \+11:00 to \+10:30 at 2026-04-04/);
    assert.match(zoneTilingError(c('hour'), c('day'), 'Asia/Kathmandu', NEAR)!, /from \+05:30 to \+05:45 at 1985-12-31T18:30:00Z/);
    assert.match(zoneTilingError(c('hour'), c('day'), 'America/Caracas', NEAR)!, /from -04:30 to -04:00 at 2016-05-01/);
    assert.equal(zoneTilingError(c('fifteenminute'), c('day'), 'Australia/Lord_Howe', NEAR), null);
    assert.equal(zoneTilingError(c('minute'), c('day'), 'Europe/Amsterdam', NEAR), null, '+00:19:32 until 1937 lies before the checked range');
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
      const err = zoneTilingError(child, parent, zone, NEAR);
      assert.equal(err === null, tilesEverywhere(child, parent, zone), `${child.id} in ${parent.id}, ${zone}: ${err}`);
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

  it('a larger or structurally misfitting cycle is refused with the structural reason', () => {
    assert.equal(zoneTilingError(c('fifteenminute'), c('minute'), 'UTC'), "cycle 'fifteenminute' (15 MINUTE) is longer than 'minute' (1 MINUTE)");
    assert.match(zoneTilingError(c('fifteenminute'), mk('m20', 'MINUTE', 20), 'UTC')!, /1200000 ms is not a multiple of 900000 ms/);
    assert.equal(zoneTilingError(c('day'), c('month'), 'Europe/London'), null);
    assert.equal(zoneTilingError(c('hour'), mk('hour2', 'MINUTE', 60), 'Europe/London'), null, 'the same intervals under another id');
  });
});

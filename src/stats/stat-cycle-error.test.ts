import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, type Cycle } from '../rollup/cycle.js';
import { ALL_TIME, NO_TIME } from '../rollup/zone-tiling.js';
import { statCycleError } from './stat-cycle-error.js';

const c = (id: string): Cycle => defaultCycles().find((x) => x.id === id)!;
const tw0: Cycle = { id: 'tw0', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00' };

describe('statCycleError', () => {
  it('streams without a base cycle (random, point) answer every cycle', () => {
    assert.equal(statCycleError({ id: 's' }, null, c('second'), 'UTC', ALL_TIME), null);
  });

  it('an interval stream answers the cycles its base cycle tiles in the zone, itself included', () => {
    for (const id of ['fifteenminute', 'hour', 'day', 'week', 'month', 'year']) assert.equal(statCycleError({ id: 's' }, c('fifteenminute'), c(id), 'Europe/London', ALL_TIME), null, id);
    assert.equal(statCycleError({ id: 's' }, tw0, c('day'), 'UTC', ALL_TIME), null);
    assert.match(statCycleError({ id: 's' }, tw0, c('day'), 'Europe/London', ALL_TIME)!, /^cycle 'day' is not tiled by the stream's base cycle 'tw0': 's' is an intvl_stream, .*\(cycle 'tw0' \(2 HOUR\) does not tile 'day' \(1 DAY\) in Europe\/London: /);
  });

  it('only the intervals read count where the zone makes the cycle misfit at times; the structure always does', () => {
    const read = (from: string, to: string) => ({ from: Date.parse(from), to: Date.parse(to) });
    // London's summer days are 23:00Z to 23:00Z, off the 2-hour grid; its winter days are on it
    assert.equal(statCycleError({ id: 's' }, tw0, c('day'), 'Europe/London', read('2026-01-01T00:00Z', '2026-03-01T00:00Z')), null);
    assert.match(statCycleError({ id: 's' }, tw0, c('day'), 'Europe/London', read('2026-01-01T00:00Z', '2026-07-01T00:00Z'))!, /the 'day' interval from 2026-03-29T00:00:00Z to 2026-03-29T23:00:00Z/);
    // Asia/Singapore's hours met its midnights only since 1982
    assert.equal(statCycleError({ id: 'e' }, c('hour'), c('day'), 'Asia/Singapore', read('2026-01-01T00:00Z', '2026-07-01T00:00Z')), null);
    assert.match(statCycleError({ id: 'e' }, c('hour'), c('month'), 'Asia/Singapore', read('1981-12-01T00:00Z', '1982-01-01T00:00Z'))!, /^cycle 'month' is not tiled by the stream's base cycle 'hour': 'e' is an intvl_stream/);
    assert.match(statCycleError({ id: 's' }, c('fifteenminute'), c('minute'), 'UTC', NO_TIME)!, /is longer than 'minute'/);
  });

  it('names the cycle as the caller does', () => {
    const gridduck: Cycle = { ...c('minute'), id: 'gridduck:MINUTE:1:2000-01-01T00:00:00' };
    assert.equal(
      statCycleError({ id: 'delivered' }, c('fifteenminute'), gridduck, 'UTC', NO_TIME, 'granularity 60'),
      "cycle 'granularity 60' is not tiled by the stream's base cycle 'fifteenminute': 'delivered' is an intvl_stream, whose statistics are made of whole base intervals " +
        "(cycle 'fifteenminute' (15 MINUTE) is longer than 'granularity 60' (1 MINUTE))",
    );
  });
});

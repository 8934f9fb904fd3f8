import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, type Cycle } from '../rollup/cycle.js';
import { statCycleError } from './stat-cycle-error.js';

const c = (id: string): Cycle => defaultCycles().find((x) => x.id === id)!;
const tw0: Cycle = { id: 'tw0', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00' };

describe('statCycleError', () => {
  it('streams without a base cycle (random, point) answer every cycle', () => {
    assert.equal(statCycleError({ id: 's' }, null, c('second'), 'UTC'), null);
  });

  it('an interval stream answers the cycles its base cycle tiles in the zone, itself included', () => {
    for (const id of ['fifteenminute', 'hour', 'day', 'week', 'month', 'year']) assert.equal(statCycleError({ id: 's' }, c('fifteenminute'), c(id), 'Europe/London'), null, id);
    assert.equal(statCycleError({ id: 's' }, tw0, c('day'), 'UTC'), null);
    assert.match(statCycleError({ id: 's' }, tw0, c('day'), 'Europe/London')!, /^cycle 'day' is not tiled by the stream's base cycle 'tw0': 's' is an intvl_stream, .*\(cycle 'tw0' \(2 HOUR\) does not tile 'day' \(1 DAY\) in Europe\/London: /);
  });

  it('names the cycle as the caller does', () => {
    const gridduck: Cycle = { ...c('minute'), id: 'gridduck:MINUTE:1:2000-01-01T00:00:00' };
    assert.equal(
      statCycleError({ id: 'delivered' }, c('fifteenminute'), gridduck, 'UTC', 'granularity 60'),
      "cycle 'granularity 60' is not tiled by the stream's base cycle 'fifteenminute': 'delivered' is an intvl_stream, whose statistics are made of whole base intervals " +
        "(cycle 'fifteenminute' (15 MINUTE) is longer than 'granularity 60' (1 MINUTE))",
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef, type StreamRollupDef } from '../domain/model.js';
import { baseCycleFitError, streamsFitError } from './base-cycle-fit.js';
import { defaultCalendars, validateCalendar } from './calendar.js';
import { defaultCycles, type Cycle } from './cycle.js';

const cycles: Cycle[] = [
  ...defaultCycles(),
  { id: 'tw0', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00' },
  { id: 'tw0ldn', name: '2 hours, London', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00', timezone: 'Europe/London' },
  { id: 'dayldn', name: 'London days', sizeType: 'DAY', count: 1, reference: '2000-01-01T00:00:00', timezone: 'Europe/London' },
];
const byId = (id: string) => cycles.find((c) => c.id === id)!;
const sorted = (...ids: string[]) => {
  const r = validateCalendar(ids.map(byId));
  assert.ok(r.ok);
  return r.cycles;
};
const vocab = { cycles, calendars: [...defaultCalendars(), { id: 'c2', name: 'c2', cycleIds: ['hour', 'tw0', 'day', 'month'] }] };
const NOW = Date.UTC(2026, 0, 1);
const stream = (id: string, streamType: StreamDef['streamType'], rollup: Partial<StreamRollupDef>): StreamDef =>
  ({ id, name: id, description: '', valueType: 'DOUBLE', streamType, unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, ...rollup } });

describe('baseCycleFitError', () => {
  it('checks every longer calendar cycle in the zone, after the structure', () => {
    assert.match(baseCycleFitError(byId('tw0'), sorted('hour', 'tw0', 'day', 'month'), 'Europe/London', NOW)!, /^cycle 'tw0' \(2 HOUR\) does not tile 'day' \(1 DAY\) in Europe\/London/);
    assert.equal(baseCycleFitError(byId('tw0'), sorted('hour', 'tw0', 'day', 'month'), 'UTC', NOW), null);
    assert.match(baseCycleFitError(byId('week'), sorted('day', 'month'), 'UTC', NOW)!, /weeks do not fit evenly/);
    // each calendar cycle is checked against the base itself: hours do not tile Lord Howe days, 15 minutes do
    assert.equal(baseCycleFitError(byId('fifteenminute'), sorted('hour', 'day', 'month', 'year'), 'Australia/Lord_Howe', NOW), null);
  });

  it('holds a definition to the intervals from now on: a zone that misfit only in the past is fine', () => {
    const calendar = sorted('hour', 'day', 'month', 'year');
    // each had a UTC offset a fraction of an hour away from today's since 1970, none has one now
    const past = ['Asia/Singapore', 'Asia/Kuala_Lumpur', 'Asia/Tehran', 'America/Montevideo', 'America/Santo_Domingo', 'America/Paramaribo',
      'America/Guyana', 'America/Caracas', 'Asia/Katmandu', 'Asia/Thimphu', 'Asia/Pyongyang', 'Africa/Monrovia', 'Pacific/Rarotonga', 'Pacific/Nauru',
      'Pacific/Pitcairn', 'Pacific/Kiritimati'];
    for (const zone of past) {
      assert.equal(baseCycleFitError(byId('hour'), calendar, zone, NOW), null, zone);
      assert.match(baseCycleFitError(byId('hour'), calendar, zone, Date.UTC(1970, 0, 1))!, /does not tile/, zone);
    }
    // half-hour DST misfits every year to come; so does an hour counted from 2000, when
    // Asia/Colombo was +06:00: its hours run from half past since it is +05:30 (2006)
    for (const zone of ['Australia/Lord_Howe', 'Pacific/Norfolk', 'Asia/Colombo']) assert.match(baseCycleFitError(byId('hour'), calendar, zone, NOW)!, /does not tile 'day'/, zone);
    assert.match(baseCycleFitError(byId('hour'), calendar, 'Asia/Singapore', Date.UTC(1981, 0, 1))!, /Asia\/Singapore: e\.g\. the 'day' interval from 1980-12-31T16:30:00Z/);
  });

  it('without a component zone (templates) only cycles with a zone of their own are held to one', () => {
    assert.equal(baseCycleFitError(byId('tw0'), sorted('tw0', 'day'), undefined, NOW), null);
    assert.match(baseCycleFitError(byId('tw0ldn'), sorted('tw0ldn', 'dayldn'), undefined, NOW)!, /in Europe\/London/);
    // a cycle's own zone wins over the component's
    assert.match(baseCycleFitError(byId('tw0ldn'), sorted('tw0ldn', 'dayldn'), 'UTC', NOW)!, /in Europe\/London/);
  });
});

describe('streamsFitError', () => {
  it('names the first interval stream that does not fit; other kinds and unknown cycles pass', () => {
    const defs = [
      stream('rnd', 'rdm_stream', { baseCycleId: 'tw0', calendarId: 'c2' }),
      stream('gone', 'intvl_stream', { baseCycleId: 'deleted', calendarId: 'c2' }),
      stream('ok', 'intvl_stream', { baseCycleId: 'hour' }),
      stream('v', 'intvl_stream', { baseCycleId: 'tw0', calendarId: 'c2' }),
    ];
    assert.match(streamsFitError(defs, 'Europe/London', vocab, NOW)!, /^stream 'v' cannot be in time zone Europe\/London: its base cycle 'tw0' does not fit rollup calendar 'c2': cycle 'tw0'/);
    assert.equal(streamsFitError(defs, 'UTC', vocab, NOW), null);
    assert.match(streamsFitError([stream('h', 'intvl_stream', { baseCycleId: 'hour' })], 'Australia/Lord_Howe', vocab, NOW)!, /rollup calendar 'default'/);
  });
});

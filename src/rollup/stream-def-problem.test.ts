import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef, type StreamRollupDef } from '../domain/model.js';
import { defaultCalendars } from './calendar.js';
import { defaultCycles } from './cycle.js';
import { streamDefProblem, type StreamDefVocabulary } from './stream-def-problem.js';

const vocab: StreamDefVocabulary = {
  cycles: [...defaultCycles(), { id: 's30', name: 's30', sizeType: 'SECOND', count: 30, reference: '2000-01-01T00:00:00' }, { id: 's45', name: 's45', sizeType: 'SECOND', count: 45, reference: '2000-01-01T00:00:00' }],
  calendars: [...defaultCalendars(), { id: 'odd', name: 'odd', cycleIds: ['s45', 'hour'] }],
  deleteProfiles: [{ id: 'year' }],
};
const def = (streamType: StreamDef['streamType'], over?: Partial<StreamRollupDef>): StreamDef => ({
  id: 's', name: 's', description: '', valueType: 'DOUBLE', streamType, unitId: null, autoTyped: false, ...(over ? { rollup: { ...DEFAULT_STREAM_ROLLUP, ...over } } : {}),
});

describe('streamDefProblem', () => {
  it('is null for definitions a stream can be created from', () => {
    assert.equal(streamDefProblem(def('rdm_stream'), vocab), null);
    assert.equal(streamDefProblem(def('point_stream', { calendarId: 'weekly', deleteProfileId: 'year' }), vocab), null);
    assert.equal(streamDefProblem(def('intvl_stream', { baseCycleId: 's30' }), vocab), null);
    assert.equal(streamDefProblem(def('intvl_stream', { baseCycleId: 's45', calendarId: 'odd' }), vocab), null);
    assert.equal(streamDefProblem(def('intvl_stream', { baseCycleId: 's30' }), { ...vocab, calendars: [] }), null, 'an org without a default calendar materialises nothing');
  });

  it('names what is missing, for every kind of stream', () => {
    assert.equal(streamDefProblem(def('rdm_stream', { baseCycleId: 'gone' }), vocab), "names cycle 'gone' as its base cycle, which does not exist");
    assert.equal(streamDefProblem(def('rdm_stream', { calendarId: 'gone' }), vocab), "names rollup calendar 'gone', which does not exist");
    assert.equal(streamDefProblem(def('point_stream', { deleteProfileId: 'gone' }), vocab), "names delete profile 'gone', which does not exist");
  });

  it('an interval stream needs a base cycle that fits its calendar', () => {
    assert.equal(streamDefProblem(def('intvl_stream'), vocab), 'is an intvl_stream without a base cycle');
    assert.match(streamDefProblem(def('intvl_stream', { baseCycleId: 's30', calendarId: 'odd' }), vocab) ?? '', /^has base cycle 's30', which does not fit rollup calendar 'odd': /);
    assert.match(streamDefProblem(def('intvl_stream', { baseCycleId: 'week' }), vocab) ?? '', /^has base cycle 'week', which does not fit rollup calendar 'default': .*weeks do not fit evenly/);
  });

  it('holds a template saved under older rules to today\'s: no gap fill that invents energy, no constant its type cannot hold', () => {
    assert.match(streamDefProblem(def('intvl_stream', { baseCycleId: 's30', meter: 'cumulative', gapFill: { kind: 'constant', value: 0 } }), vocab) ?? '', /^has gapFill CONSTANT cannot be used with meterKind CUMULATIVE/);
    assert.match(streamDefProblem(def('rdm_stream', { meter: 'delta', gapFill: { kind: 'previous' } }), vocab) ?? '', /gapFill PREVIOUS cannot be used with meterKind DELTA/);
    assert.match(streamDefProblem({ ...def('intvl_stream', { baseCycleId: 's30', gapFill: { kind: 'constant', value: 1e20 } }), valueType: 'LONG' }, vocab) ?? '', /gapFill CONSTANT that does not fit its valueType LONG/);
    assert.equal(streamDefProblem(def('intvl_stream', { baseCycleId: 's30', meter: 'cumulative', gapFill: { kind: 'previous' } }), vocab), null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef, type StreamRollupDef } from '../domain/model.js';
import { reshapedStreams, rollupShapeChanged } from './rollup-shape.js';

const r = (over: Partial<StreamRollupDef>): StreamRollupDef => ({ ...DEFAULT_STREAM_ROLLUP, ...over });
const s = (streamType: StreamDef['streamType'], rollup?: StreamRollupDef) => ({ streamType, ...(rollup ? { rollup } : {}) });

describe('rollupShapeChanged', () => {
  it('kind, calendar and an interval stream’s base cycle change the shape', () => {
    assert.equal(rollupShapeChanged(s('rdm_stream'), s('intvl_stream', r({ baseCycleId: 'minute' }))), true);
    assert.equal(rollupShapeChanged(s('rdm_stream'), s('point_stream')), true);
    assert.equal(rollupShapeChanged(s('rdm_stream'), s('rdm_stream', r({ calendarId: 'weekly' }))), true);
    assert.equal(rollupShapeChanged(s('intvl_stream', r({ baseCycleId: 'minute' })), s('intvl_stream', r({ baseCycleId: 'hour' }))), true);
  });

  it('settings applied when statistics are finalized, or to future writes, do not', () => {
    const base = s('intvl_stream', r({ baseCycleId: 'minute' }));
    const other = r({ baseCycleId: 'minute', meter: 'cumulative', randomAvg: 'mean', gapFill: { kind: 'previous' }, align: 'ending', deleteProfileId: 'p', rollupMethod: 'sum' });
    assert.equal(rollupShapeChanged(base, s('intvl_stream', other)), false);
    assert.equal(rollupShapeChanged(s('rdm_stream'), s('rdm_stream', r({ calendarId: 'default' }))), false, "null is the 'default' calendar");
    assert.equal(rollupShapeChanged(s('rdm_stream', r({ baseCycleId: 'minute' })), s('rdm_stream', r({ baseCycleId: 'hour' }))), false, 'a random stream has no base intervals');
  });
});

describe('reshapedStreams', () => {
  it('lists the streams of after whose shape changed, not new ones', () => {
    const before = [{ id: 'a', ...s('rdm_stream') }, { id: 'b', ...s('rdm_stream') }];
    const after = [{ id: 'a', key: 1, ...s('rdm_stream') }, { id: 'b', key: 2, ...s('intvl_stream', r({ baseCycleId: 'minute' })) }, { id: 'c', key: 3, ...s('point_stream') }];
    assert.deepEqual(reshapedStreams(before, after).map((x) => x.key), [2]);
  });
});

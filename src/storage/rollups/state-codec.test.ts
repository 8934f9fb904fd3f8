import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendSample, emptyState, fromSamples } from '../../rollup/rollup-state.js';
import { instantSample, intervalSample } from '../../rollup/sample.js';
import { decodeState, encodeState } from './state-codec.js';

const roundTrip = (st: ReturnType<typeof emptyState>) => decodeState(encodeState(st), st.sd, st.ed);

describe('rollup state codec', () => {
  it('round-trips an empty state', () => {
    const st = emptyState(0, 3_600_000);
    assert.deepEqual(roundTrip(st), st);
  });

  it('round-trips numeric states with extremes, increments and holds', () => {
    const st = fromSamples([instantSample(10, 5.5), instantSample(20, -3), instantSample(30, 1e300), instantSample(40, 2)], 0, 100);
    assert.deepEqual(roundTrip(st), st);
  });

  it('round-trips interval states with gaps', () => {
    const st = fromSamples([intervalSample(0, 60, 1), intervalSample(60, 120, null), intervalSample(120, 180, 4)], 0, 180);
    assert.deepEqual(roundTrip(st), st);
  });

  it('round-trips string and boolean first/last values', () => {
    let st = fromSamples([instantSample(1, 'héllo – ✓')], 0, 10);
    st = appendSample(st, instantSample(5, 'x'.repeat(300)));
    assert.deepEqual(roundTrip(st), st);
    const b = fromSamples([instantSample(1, true), instantSample(2, false)], 0, 10);
    assert.deepEqual(roundTrip(b), b);
  });

  it('decodes from a view into a larger buffer (as drivers return rows)', () => {
    const st = fromSamples([instantSample(10, 7)], 0, 100);
    const enc = encodeState(st);
    const big = Buffer.alloc(enc.length + 16);
    enc.copy(big, 7);
    assert.deepEqual(decodeState(big.subarray(7, 7 + enc.length), 0, 100), st);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamRollupDef } from '../domain/model.js';
import { defaultCycles } from '../rollup/cycle.js';
import { intervalWrites, MAX_FILL } from './interval-writes.js';

const minute = defaultCycles().find((c) => c.id === 'minute')!;
const M = 60_000;
const T = Date.parse('2026-01-01T00:00:00Z');
const settings = (over: Partial<StreamRollupDef> = {}): StreamRollupDef => ({ ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'minute', ...over });
const empty = { last: null, lastValue: null };

describe('intervalWrites', () => {
  it('stores each upload at its interval end; a later upload for the same interval wins', () => {
    const r = intervalWrites(minute, 'UTC', settings(), empty, [T + 10_000, T + 50_000, T + M + 1], [1, 2, 3]);
    assert.deepEqual(r, { times: [T + M, T + 2 * M], values: [2, 3] });
  });

  it("aligns 'ending' uploads to the interval they close", () => {
    const r = intervalWrites(minute, 'UTC', settings({ align: 'ending' }), empty, [T + M], [7]);
    assert.deepEqual(r, { times: [T + M], values: [7] });
  });

  it('fills the intervals an append skips: gaps by default, the previous value or a constant on request', () => {
    const end = { last: { sd: T, ed: T + M }, lastValue: 5 };
    const at = [T + 3 * M + 1];
    assert.deepEqual(intervalWrites(minute, 'UTC', settings(), end, at, [9]), { times: [T + 2 * M, T + 3 * M, T + 4 * M], values: [null, null, 9] });
    assert.deepEqual(intervalWrites(minute, 'UTC', settings({ gapFill: { kind: 'previous' } }), end, at, [9]).values, [5, 5, 9]);
    assert.deepEqual(intervalWrites(minute, 'UTC', settings({ gapFill: { kind: 'constant', value: 0 } }), end, at, [9]).values, [0, 0, 9]);
  });

  it('leaves an outage longer than MAX_FILL intervals wholly unfilled, and fills one of exactly MAX_FILL', () => {
    const end = { last: { sd: T, ed: T + M }, lastValue: 5 };
    for (const gapFill of [{ kind: 'none' }, { kind: 'previous' }] as const) {
      const over = intervalWrites(minute, 'UTC', settings({ gapFill }), end, [T + (MAX_FILL + 2) * M + 1], [9]);
      assert.deepEqual(over, { times: [T + (MAX_FILL + 3) * M], values: [9] }, `${gapFill.kind}: MAX_FILL + 1 skipped intervals`);
      const at = intervalWrites(minute, 'UTC', settings({ gapFill }), end, [T + (MAX_FILL + 1) * M + 1], [9]);
      assert.equal(at.times.length, MAX_FILL + 1, `${gapFill.kind}: MAX_FILL skipped intervals and the write`);
      assert.equal(at.times[0], T + 2 * M);
      assert.equal(at.values[0], gapFill.kind === 'previous' ? 5 : null);
      assert.equal(at.values[MAX_FILL], 9);
    }
  });

  it('never fills before the stream end (an insert of history)', () => {
    const end = { last: { sd: T + 10 * M, ed: T + 11 * M }, lastValue: 5 };
    assert.deepEqual(intervalWrites(minute, 'UTC', settings({ gapFill: { kind: 'previous' } }), end, [T + 2 * M], [1]), { times: [T + 3 * M], values: [1] });
  });
});

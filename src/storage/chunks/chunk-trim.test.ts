import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trimChunkBefore } from './chunk-trim.js';
import { decodeChunk, encodeChunk, type SampleValue } from './sample-codec.js';

const chunk = (times: number[], values: SampleValue[]) => ({ t0: times[0]!, t1: times[times.length - 1]!, n: times.length, data: encodeChunk(times, values) });

describe('trimChunkBefore', () => {
  const c = chunk([10, 20, 30, 40], [1, null, 3.5, 4]);

  it('keeps the samples from t on under a new key, gaps included', () => {
    const r = trimChunkBefore(c, 25);
    assert.equal(r.removed, 2);
    assert.deepEqual({ ...r.rest!, data: undefined }, { t0: 30, t1: 40, n: 2, data: undefined });
    assert.deepEqual(decodeChunk(r.rest!.data), { times: [30, 40], values: [3.5, 4] });
    const onSample = trimChunkBefore(c, 20);
    assert.equal(onSample.removed, 1);
    assert.deepEqual(decodeChunk(onSample.rest!.data), { times: [20, 30, 40], values: [null, 3.5, 4] });
  });

  it('leaves a chunk at or after t alone and removes one wholly before t', () => {
    assert.deepEqual(trimChunkBefore(c, 10), { removed: 0, rest: c });
    assert.deepEqual(trimChunkBefore(c, 5), { removed: 0, rest: c });
    assert.deepEqual(trimChunkBefore(c, 41), { removed: 4, rest: null });
  });

  it('works for strings and booleans', () => {
    const s = trimChunkBefore(chunk([1, 2, 3], ['a', 'b', 'c']), 3);
    assert.deepEqual(decodeChunk(s.rest!.data), { times: [3], values: ['c'] });
    const b = trimChunkBefore(chunk([1, 2, 3], [true, false, true]), 2);
    assert.deepEqual(decodeChunk(b.rest!.data), { times: [2, 3], values: [false, true] });
  });
});

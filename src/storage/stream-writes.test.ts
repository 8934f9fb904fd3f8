import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeWrites } from './stream-writes.js';

describe('mergeWrites', () => {
  const stream = () => ({ pk: 1, streamType: 'rdm_stream', lastTime: null, rawFrom: null });
  const w = (times: number[], tag: string) => ({ compId: 'c', streamId: 's', times, values: times.map((t) => `${tag}${t}`) });

  it('merges writes to one stream in time order, the later winning at equal times, and marks where each stretch of a write begins', () => {
    const r = mergeWrites([w([1, 3, 5], 'a'), w([2, 3, 6], 'b')], stream);
    assert.deepEqual(r.targets.map((t) => [t.times, t.values, t.runStarts]), [[[1, 2, 3, 5, 6], ['a1', 'b2', 'b3', 'a5', 'b6'], [0, 1, 3, 4]]]);
    assert.deepEqual([r.samples, r.replaced], [6, 1]);
  });

  it('keeps the earlier writes apart when a third joins: stretches from different writes never share a run', () => {
    const r = mergeWrites([w([10, 11], 'a'), w([20, 21], 'b'), w([30], 'c')], stream);
    assert.deepEqual(r.targets[0]!.runStarts, [0, 2, 4]);
    const one = mergeWrites([w([10, 11], 'a')], stream);
    assert.deepEqual(one.targets[0]!.runStarts, [0]);
  });
});

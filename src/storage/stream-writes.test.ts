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

  it('concatenates a write wholly after or wholly before the merged ones, keeping their stretches apart', () => {
    const after = mergeWrites([w([10, 11], 'a'), w([20, 21], 'b'), w([30, 31], 'c')], stream).targets[0]!;
    assert.deepEqual([after.times, after.runStarts], [[10, 11, 20, 21, 30, 31], [0, 2, 4]]);
    const before = mergeWrites([w([10, 11], 'a'), w([20, 21], 'b'), w([1, 2], 'c')], stream).targets[0]!;
    assert.deepEqual([before.times, before.values, before.runStarts], [[1, 2, 10, 11, 20, 21], ['c1', 'c2', 'a10', 'a11', 'b20', 'b21'], [0, 2, 4]]);
  });

  it('gives what a plain merge gives, for random writes (interleaved, disjoint either way, overlapping)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const writes = Array.from({ length: 1 + rnd(4) }, (_, k) => {
        const base = rnd(3) === 0 ? rnd(100) : k * 40 + rnd(10);
        return w([...new Set(Array.from({ length: 1 + rnd(6) }, () => base + rnd(20)))].sort((x, y) => x - y), String.fromCharCode(97 + k));
      });
      // reference: every sample with the write it came from, the later write winning; a run
      // begins wherever the write a sample came from changes
      const byTime = new Map<number, { value: string; src: number }>();
      writes.forEach((x, k) => x.times.forEach((t, i) => byTime.set(t, { value: x.values[i]!, src: k })));
      const times = [...byTime.keys()].sort((x, y) => x - y);
      const runStarts = times.flatMap((t, i) => (i === 0 || byTime.get(times[i - 1]!)!.src !== byTime.get(t)!.src ? [i] : []));
      const got = mergeWrites(writes, stream).targets[0]!;
      assert.deepEqual([got.times, got.values, got.runStarts], [times, times.map((t) => byTime.get(t)!.value), runStarts], JSON.stringify(writes.map((x) => x.times)));
    }
  });
});

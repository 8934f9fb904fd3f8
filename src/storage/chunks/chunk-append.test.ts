import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CHUNK, mergeChunks, type StoredChunk } from './chunk-merge.js';
import { appendToChunk, encodeChunk, type SampleValue } from './sample-codec.js';

const T0 = 1380225121172;

/** A deterministic generator (no Math.random: failures must reproduce). */
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe('appendToChunk', () => {
  it('writes exactly what encodeChunk writes for all the samples', () => {
    const rand = rng(7);
    let appended = 0;
    for (let round = 0; round < 500; round++) {
      const n = 1 + Math.floor(rand() * 300);
      const k = 1 + Math.floor(rand() * 80);
      const decimals = Math.floor(rand() * 4);
      const finer = rand() < 0.2 ? 1 : 0; // some appends bring a decimal more
      const times: number[] = [];
      const values: number[] = [];
      let t = T0 - Math.floor(rand() * 1e9);
      for (let i = 0; i < n + k; i++) {
        t += rand() < 0.8 ? 10_000 : 1 + Math.floor(rand() * 100_000); // mostly regular, sometimes not
        times.push(t);
        const d = i < n ? decimals : decimals + finer;
        values.push(Math.round((rand() - 0.3) * 2000 * 10 ** d) / 10 ** d);
      }
      const old = encodeChunk(times.slice(0, n), values.slice(0, n));
      const all = encodeChunk(times, values);
      const got = appendToChunk(old, times.slice(n), values.slice(n));
      if (got === undefined) {
        // allowed only when the appended values need a finer scale than the chunk's
        assert.ok(minScale(values) > minScale(values.slice(0, n)), `round ${round}: refused an append that keeps the scale`);
      } else {
        assert.deepEqual([...got], [...all], `round ${round}: n=${n} k=${k}`);
        appended++;
      }
    }
    assert.ok(appended > 250 && appended < 500, `${appended} of 500 appended: both outcomes must be exercised`);
  });

  it('appends to a one-sample chunk and across varint size changes of the count', () => {
    for (const [n, k] of [[1, 1], [1, 5], [127, 1], [100, 60], [200, 56]] as const) {
      const times = Array.from({ length: n + k }, (_, i) => T0 + i * 1000 + (i % 3));
      const values = times.map((_, i) => (i * 37 - 499) / 100); // 2 decimals from the first value on
      const got = appendToChunk(encodeChunk(times.slice(0, n), values.slice(0, n)), times.slice(n), values.slice(n));
      assert.deepEqual(got && [...got], [...encodeChunk(times, values)], `n=${n} k=${k}`);
    }
  });

  const refuse = (name: string, oldTimes: number[], oldValues: SampleValue[], times: number[], values: SampleValue[]) =>
    it(`refuses ${name}`, () => assert.equal(appendToChunk(encodeChunk(oldTimes, oldValues), times, values), undefined));
  refuse('values needing a finer scale', [1, 2], [1.5, 2.5], [3], [3.25]);
  refuse('a chunk with nulls', [1, 2], [1, null], [3], [3]);
  refuse('a null among the new values', [1, 2], [1, 2], [3, 4], [null, 4]);
  refuse('a text value', [1, 2], [1, 2], [3], ['3']);
  refuse('a text chunk', [1, 2], ['a', 'b'], [3], ['c']);
  refuse('a boolean chunk', [1, 2], [true, false], [3], [true]);
  refuse('a float64 chunk', [1, 2], [Math.PI, Math.E], [3], [1]);
  refuse('a time not after the last', [1, 2], [1, 2], [2], [3]);
  refuse('nothing to append', [1, 2], [1, 2], [], []);
});

/** The fewest decimals that represent every value exactly. */
function minScale(values: number[]): number {
  for (let scale = 0; scale <= 9; scale++) if (values.every((v) => Math.round(v * 10 ** scale) / 10 ** scale === v)) return scale;
  return -1;
}

describe('mergeChunks appends through appendToChunk', () => {
  const chunkOf = (times: number[], values: SampleValue[]): StoredChunk => ({ t0: times[0]!, t1: times[times.length - 1]!, n: times.length, data: encodeChunk(times, values) });

  it('fills the chunk with room and packs the rest left, as the general merge does', () => {
    const times = Array.from({ length: 600 }, (_, i) => T0 + i * 10_000);
    const values = times.map((_, i) => Math.round(Math.sin(i / 10) * 10_000) / 100);
    const n = 200;
    const r = mergeChunks([chunkOf(times.slice(0, n), values.slice(0, n))], { times: times.slice(n), values: values.slice(n) });
    assert.deepEqual(r.remove, [times[0]]);
    assert.equal(r.replaced, 0);
    assert.deepEqual(r.add.map((c) => c.n), [MAX_CHUNK, MAX_CHUNK, 600 - 2 * MAX_CHUNK]);
    for (let c = 0, s = 0; c < r.add.length; s += r.add[c]!.n, c++) {
      const e = r.add[c]!;
      const want = encodeChunk(times.slice(s, s + e.n), values.slice(s, s + e.n));
      assert.deepEqual([...e.data], [...want]);
      assert.equal(e.t0, times[s]);
      assert.equal(e.t1, times[s + e.n - 1]);
    }
  });
});

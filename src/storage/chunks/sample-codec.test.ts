import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CHUNK } from './chunk-merge.js';
import { decodeChunk, decodeChunkRange, encodeChunk, type SampleValue } from './sample-codec.js';

const T0 = 1380225121172;
const every10s = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * 10_000);

describe('encodeChunk / decodeChunk roundtrip', () => {
  const f = (name: string, times: number[], values: SampleValue[]) =>
    it(name, () => {
      const d = decodeChunk(encodeChunk(times, values));
      assert.deepEqual(d.times, times);
      assert.equal(d.values.length, values.length);
      // Object.is: -0, NaN-free exactness of every double
      values.forEach((v, i) => assert.ok(Object.is(d.values[i], v) || (v === 0 && d.values[i] === 0), `value #${i}: ${String(d.values[i])} !== ${String(v)}`));
    });

  f('empty', [], []);
  f('one sample', [T0], [20.5]);
  f('2-decimal values', every10s(5), [20.01, 20.02, 19.99, 21.5, 22]);
  f('integers', every10s(4), [3, 4, 6, 1000000]);
  f('negatives', every10s(5), [-1, -0.5, -273.15, 0, -1e-9]);
  f('large integers (safe)', every10s(3), [2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 52]);
  f('large integers (unsafe)', every10s(3), [2 ** 53, 2 ** 60, -(2 ** 62)]);
  f('doubles needing float64', every10s(6), [Math.PI, 0.1 + 0.2, 1 / 3, 1e-300, 1e300, Number.MIN_VALUE]);
  f('decimals mixed with a double', every10s(3), [1.5, Math.E, 2.25]);
  f('more than 9 decimals', every10s(2), [1.0000000001, 2]);
  f('max double', every10s(2), [Number.MAX_VALUE, -Number.MAX_VALUE]);
  f('strings', every10s(5), ['sw', '', 'normal', 'MCU reset', '89014103211118510720']);
  f('unicode strings', every10s(3), ['é', '€ 3', '😀 emoji']);
  f('a long string', [T0], ['x'.repeat(100_000)]);
  f('booleans', every10s(9), [true, false, true, true, false, false, false, true, true]);
  f('one boolean', [T0], [false]);
  f('nulls among numbers', every10s(5), [null, 1.5, null, null, 2]);
  f('nulls among strings', every10s(3), ['a', null, 'c']);
  f('nulls among booleans', every10s(10), [true, null, false, null, true, true, null, false, false, true]);
  f('only nulls', every10s(9), [null, null, null, null, null, null, null, null, null]);
  f('irregular times', [T0, T0 + 1, T0 + 1000, T0 + 1001, T0 + 86_400_000], [1, 2, 3, 4, 5]);
  f('negative and zero times', [-(2 ** 46), -1, 0, 1, 2 ** 46], [1, 2, 3, 4, 5]);
  f('times near the valid limits', [-(2 ** 47) + 1, 2 ** 47 - 1], ['a', 'b']);
  f(`a full chunk (${MAX_CHUNK})`, every10s(MAX_CHUNK), Array.from({ length: MAX_CHUNK }, (_, i) => (i * 7) / 100));
});

describe('decodeChunk rejects', () => {
  const good = encodeChunk(every10s(3), ['a', 'b', 'c']);
  const f = (name: string, data: Uint8Array, message: RegExp) => it(name, () => assert.throws(() => decodeChunk(data), message));

  f('an unknown version', Uint8Array.from([9, 0, 0]), /unknown version/);
  f('an unknown encoding', Uint8Array.from([1, 0x0f, 0]), /unknown value encoding/);
  f('a truncated chunk', good.subarray(0, good.length - 2), /truncated/);
  f('an empty buffer', new Uint8Array(0), /truncated/);
});

describe('compactness', () => {
  it('10,000 2-decimal values at 10 s steps take < 4 bytes per sample', () => {
    // A deterministic random walk like a temperature sensor: steps of at most ±1.00.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 10_000;
    const times = every10s(n);
    const values: number[] = [];
    let v = 20;
    for (let i = 0; i < n; i++) {
      v = Math.round((v + (rand() * 2 - 1)) * 100) / 100;
      values.push(v);
    }
    let bytes = 0;
    // as stored: chunks of MAX_CHUNK samples
    for (let s = 0; s < n; s += MAX_CHUNK) {
      const data = encodeChunk(times.slice(s, s + MAX_CHUNK), values.slice(s, s + MAX_CHUNK));
      bytes += data.length;
      assert.deepEqual(decodeChunk(data).values, values.slice(s, s + MAX_CHUNK));
    }
    const perSample = bytes / n;
    assert.ok(perSample < 4, `${perSample.toFixed(2)} bytes per sample`);
    // and as one chunk
    assert.ok(encodeChunk(times, values).length / n < 4);
  });

  it('regular times cost about one byte each', () => {
    const n = 1000;
    const data = encodeChunk(every10s(n), Array.from({ length: n }, () => true));
    assert.ok(data.length < n * 1.2, `${data.length} bytes for ${n} samples`);
  });
});

describe('decodeChunkRange', () => {
  const kinds: Record<string, (i: number) => SampleValue> = {
    scaled: (i) => Math.round(Math.sin(i) * 1000) / 100,
    float: (i) => Math.sin(i) * 1e6,
    string: (i) => `s${i}`,
    bool: (i) => i % 3 === 0,
    gaps: (i) => (i % 4 === 0 ? null : i / 10),
  };
  for (const [kind, value] of Object.entries(kinds)) {
    it(`gives exactly the samples in [from, to) and says whether the chunk goes on: ${kind}`, () => {
      const times = Array.from({ length: 40 }, (_, i) => 1000 + i * 10);
      const data = encodeChunk(times, times.map((_, i) => value(i)));
      const all = decodeChunk(data);
      for (const [from, to] of [[0, 5000], [1000, 1001], [1095, 1205], [1390, 9999], [500, 1000], [1400, 1500], [1100, 1100]] as const) {
        const out = { times: [7], values: ['kept' as SampleValue] }; // appends after what is there
        const more = decodeChunkRange(data, from, to, out);
        const keep = all.times.map((t, i) => [t, i] as const).filter(([t]) => t >= from && t < to);
        assert.deepEqual(out.times, [7, ...keep.map(([t]) => t)], `${from}..${to}`);
        assert.deepEqual(out.values, ['kept', ...keep.map(([, i]) => all.values[i]!)], `${from}..${to}`);
        assert.equal(more, all.times.some((t) => t >= to), `${from}..${to}`);
      }
    });
  }
});

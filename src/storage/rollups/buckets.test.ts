import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromSamples } from '../../rollup/rollup-state.js';
import { instantSample } from '../../rollup/sample.js';
import { decodeHead, encodeHeads, stateOf, type Entry } from './buckets.js';

const H = 3_600_000;
const entry = (sd: number, v: number): Entry => ({ sd, ed: sd + H, state: fromSamples([instantSample(sd + 1000, v)], sd, sd + H) });

describe('encodeHeads', () => {
  it("encodes a commit's head rows, each decoding to its own entries (ids in UTF-8)", () => {
    const heads = [
      new Map([['hour', entry(0, 1)], ['día', entry(0, 2)]]),
      new Map<string, Entry>(),
      new Map([['周期', entry(H, 3)]]),
    ];
    const rows = encodeHeads(heads);
    assert.equal(rows.length, 3);
    rows.forEach((row, i) => {
      const got = decodeHead(row);
      assert.deepEqual([...got.keys()], [...heads[i]!.keys()]);
      for (const [id, e] of got) assert.deepEqual(stateOf(e), heads[i]!.get(id)!.state, id);
    });
  });
});

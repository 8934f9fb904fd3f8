import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Component, Stream, Unit } from '../../domain/model.js';
import type { Value } from '../../domain/values.js';
import { sampleJson, type RetFlags } from './sample-json.js';
import { jsonNumber, jsonValue, SampleJsonWriter } from './sample-json-writer.js';

function stream(id: string, position: number, unitId: string | null = null): Stream {
  return { key: position + 1, uid: `s${position}`, position, id, name: id, description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId, autoTyped: false, lastTime: null, lastValue: null, created: 0 };
}
function comp(id: string, streams: Stream[]): Component {
  return { key: 1, uid: `c-${id}`, orgKey: 1, created: 0, id, name: id, description: '', timezone: 'UTC', folderPath: '', templateId: '', streams };
}
const unit = (u: Partial<Unit>): Unit => ({ uid: 'u', id: 'kwh', name: 'kWh', symbol: 'kWh', numberFormat: '', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE', ...u });

const NUMBERS = [
  0, -0, 1, -1, 0.1, 0.1 + 0.2, 1 / 3, -2 / 3, 123.456, 1e21, 1e-7, 1.5e-7, 123e-20, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE,
  Number.MIN_VALUE, Number.EPSILON, 1_700_000_000_000, 999999999999999900000, 5e-324, NaN, Infinity, -Infinity,
];
const STRINGS = [
  '', 'plain', 'with "quotes"', 'back\\slash', 'tab\there', 'new\nline\r\n', '\u0000\u0001\u001f\u007f', '\b\f', 'é ü ß', '温度', '😀', '\u2028\u2029',
  '\ud800', 'a\udc00b', '\ud83d\ude00\ud83d', '</script>', "'single'", '{"data":1}',
];
const VALUES: (Value | null)[] = [null, true, false, ...NUMBERS, ...STRINGS];
const ALL_FLAGS: RetFlags[] = [];
for (let m = 0; m < 32; m++) ALL_FLAGS.push({ compId: !!(m & 1), streamId: !!(m & 2), fData: !!(m & 4), unit: !!(m & 8), intvlSd: !!(m & 16) });

describe('jsonNumber and jsonValue', () => {
  it('write numbers as JSON.stringify does', () => {
    for (const n of NUMBERS) assert.equal(jsonNumber(n), JSON.stringify(n), String(n));
  });
  it('write every kind of value as JSON.stringify does', () => {
    for (const v of VALUES) assert.equal(jsonValue(v), JSON.stringify(v), String(v));
  });
});

describe('SampleJsonWriter', () => {
  const odd = stream('id "odd"\n\u00e9\u0001', 1, 'kwh');
  const streams = [stream('temp', 0), odd, stream('温度', 2, 'bool')];
  const c1 = comp('comp "1"\\', streams);
  const c2 = comp('😀', [stream('s', 0)]);
  const units = [undefined, unit({}), unit({ symbol: '', id: 'id "only"' }), unit({ symbol: '€', symbolLocation: 'BEFORE', numberFormat: '#,##0.00' }), unit({ symbol: '"', booleanStyle: 'ON_OFF', numberFormat: '0.0' })];

  it('is JSON.stringify of the sampleJson objects, for every flag combination and awkward value', () => {
    for (const f of ALL_FLAGS) {
      const w = new SampleJsonWriter(f);
      const objects = [];
      let i = 0;
      for (const v of VALUES) {
        const c = i % 7 === 0 ? c2 : c1;
        const s = c.streams[i % c.streams.length]!;
        const u = units[i % units.length];
        const time = NUMBERS[i % NUMBERS.length]!;
        const sd = i % 3 === 0 ? undefined : NUMBERS[(i + 5) % NUMBERS.length]!;
        w.add(c, s, u, v, time, sd);
        objects.push(sampleJson(c, s, u, v, time, f, sd));
        i++;
      }
      assert.equal(w.count, objects.length);
      assert.equal(w.json(), JSON.stringify(objects), JSON.stringify(f));
    }
  });

  it('keeps samples of one stream apart when the stream or unit changes between them', () => {
    const f: RetFlags = { compId: true, streamId: true, fData: true, unit: true, intvlSd: true };
    const w = new SampleJsonWriter(f);
    const seq: [Component, Stream, Unit | undefined][] = [[c1, streams[0]!, undefined], [c1, streams[0]!, units[1]], [c1, odd, units[1]], [c2, c2.streams[0]!, units[1]], [c1, odd, undefined], [c1, odd, units[3]]];
    const objects = seq.map(([c, s, u], k) => {
      w.add(c, s, u, k * 1.25, 1000 + k, 500 + k);
      return sampleJson(c, s, u, k * 1.25, 1000 + k, f, 500 + k);
    });
    assert.equal(w.json(), JSON.stringify(objects));
  });

  it('writes [] for no samples and starts a single-stream answer with [{"data":', () => {
    const f: RetFlags = { compId: false, streamId: false, fData: false, unit: false, intvlSd: false };
    assert.equal(new SampleJsonWriter(f).json(), '[]');
    const w = new SampleJsonWriter(f);
    w.add(c1, streams[0]!, undefined, 2.5, 1_700_000_000_000);
    w.add(c1, streams[0]!, undefined, null, 1_700_000_003_600);
    assert.equal(w.json(), '[{"data":2.5,"time":1700000000000},{"data":null,"time":1700000003600}]');
  });
});

/**
 * The JSON text of an array of samples (sample-json.ts), written directly: the feed and
 * cycle-stat reads answer up to 1,000 samples, and building an object per sample only for
 * JSON.stringify to walk it again was half of such a request. The text is byte for byte
 * JSON.stringify(samples.map(s => sampleJson(...))) — same key order, number formatting
 * (String(n) is the ECMAScript Number::toString that JSON.stringify uses; non-finite numbers
 * are null), and strings escaped by JSON.stringify itself. sample-json-writer.test.ts checks
 * this over awkward values.
 *
 * It is also faster than JSON.stringify for a repeated answer: String(n) consults V8's
 * number-to-string cache, which JSON.stringify's serializer does not.
 */
import type { Component, Stream, Unit } from '../../domain/model.js';
import { formatValue } from '../../domain/unit-format.js';
import type { Value } from '../../domain/values.js';
import type { RetFlags } from './sample-json.js';

/** A JSON number as JSON.stringify writes it. */
export function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** A sample's value (or null for a gap) as JSON.stringify writes it. */
export function jsonValue(v: Value | null): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return 'null';
}

export class SampleJsonWriter {
  private text = '';
  private n = 0;
  // What every sample of the current stream starts with, up to the data value: `{"compId":…,"streamId":…,"data":`.
  private comp: Component | undefined;
  private stream: Stream | undefined;
  private head = '';
  // `,"unit":…` when asked for, for the current stream's unit.
  private unit: Unit | undefined | null = null;
  private unitTail = '';

  constructor(private readonly f: RetFlags) {}

  /** Samples added so far. */
  get count(): number {
    return this.n;
  }

  /** Appends what sampleJson(comp, stream, unit, data, time, f, sdTime) serializes to. */
  add(comp: Component, stream: Stream, unit: Unit | undefined, data: Value | null, time: number, sdTime?: number): void {
    const f = this.f;
    if (comp !== this.comp || stream !== this.stream) {
      this.comp = comp;
      this.stream = stream;
      this.head = `{${f.compId ? `"compId":${JSON.stringify(comp.id)},` : ''}${f.streamId ? `"streamId":${JSON.stringify(stream.id)},` : ''}"data":`;
    }
    let s = (this.n++ === 0 ? this.head : ',' + this.head) + jsonValue(data) + ',"time":' + jsonNumber(time);
    if (f.fData) s += ',"fData":' + JSON.stringify(formatValue(data, unit));
    if (f.unit) {
      if (unit !== this.unit) {
        this.unit = unit;
        this.unitTail = ',"unit":' + JSON.stringify(unit ? unit.symbol || unit.id : '');
      }
      s += this.unitTail;
    }
    if (f.intvlSd && sdTime !== undefined) s += ',"sdTime":' + jsonNumber(sdTime);
    this.text += s + '}';
  }

  /** The JSON array of the samples added. */
  json(): string {
    return '[' + this.text + ']';
  }
}

/**
 * The backend-independent half of a sample read: given a stream's chunks in t0-descending
 * order (chunks never overlap), collect the samples in [sd, ed) latest first until `limit`.
 * Backends only decide how to fetch chunk rows (one cursor in SQLite, pages in PostgreSQL)
 * and stop feeding once `done` is set. Point streams are answered from the stream's last value.
 */
import type { Stream } from '../../domain/model.js';
import type { SampleQuery } from '../store.js';
import { decodeChunk, type SampleValue } from './sample-codec.js';

const NO_END = Number.MAX_SAFE_INTEGER;

export class LatestFirstReader {
  readonly sd: number;
  readonly ed: number;
  readonly times: number[] = [];
  readonly values: SampleValue[] = [];
  /** nothing more to take: the range is empty, the stream keeps no chunks, or limit was reached */
  done: boolean;
  /** only times below the last one taken count, so overlapping pages never repeat a sample */
  private below: number;

  constructor(stream: Stream, private readonly q: SampleQuery) {
    this.sd = q.sd ?? -NO_END;
    this.ed = q.ed ?? NO_END;
    this.below = this.ed;
    this.done = q.limit <= 0 || this.sd >= this.ed;
    if (!this.done && stream.streamType === 'point_stream') {
      if (stream.lastTime !== null && stream.lastTime >= this.sd && stream.lastTime < this.ed) {
        this.times.push(stream.lastTime);
        this.values.push(stream.lastValue);
      }
      this.done = true;
    }
  }

  /** Takes one chunk (the next older one); returns `done`. */
  take(chunk: { t1: number; data: Uint8Array } | { data: Uint8Array }): boolean {
    if (this.done) return true;
    if ('t1' in chunk && chunk.t1 < this.sd) return (this.done = true);
    const d = decodeChunk(chunk.data);
    for (let i = d.times.length - 1; i >= 0; i--) {
      const t = d.times[i]!;
      if (t >= this.below) continue;
      if (t < this.sd) return (this.done = true);
      this.times.push(t);
      this.values.push(d.values[i]!);
      this.below = t;
      if (this.times.length >= this.q.limit) return (this.done = true);
    }
    return false;
  }

  result(): { times: number[]; values: SampleValue[] } {
    return { times: this.times, values: this.values };
  }
}

/**
 * One sample as the simple API returns it. Key order is part of the wire contract (notes §1.8,
 * §6.6): `compId` and `streamId` first when asked for, then `data`, `time`, then `fData`,
 * `unit`, `sdTime` — so a single-stream answer starts with `[{"data":` as firmware expects.
 * sampleJson is the definition; the read routes write the same bytes directly with
 * SampleJsonWriter (sample-json-writer.ts).
 */
import type { Component, Stream, Unit } from '../../domain/model.js';
import { formatValue } from '../../domain/unit-format.js';
import type { Value } from '../../domain/values.js';
import { flag, type Query } from '../../lib/query-string.js';

export interface RetFlags {
  compId: boolean;
  streamId: boolean;
  fData: boolean;
  unit: boolean;
  intvlSd: boolean;
}

export function retFlags(q: Query): RetFlags {
  return {
    compId: flag(q, 'retCompId'),
    streamId: flag(q, 'retStreamId'),
    fData: flag(q, 'retFData'),
    unit: flag(q, 'retUnit'),
    intvlSd: flag(q, 'retIntvlSd'),
  };
}

export interface SampleJson {
  compId?: string;
  streamId?: string;
  data: Value | null;
  time: number;
  fData?: string;
  unit?: string;
  sdTime?: number;
}

export function sampleJson(
  comp: Component,
  stream: Stream,
  unit: Unit | undefined,
  data: Value | null,
  time: number,
  f: RetFlags,
  sdTime?: number,
): SampleJson {
  const o = {} as SampleJson;
  if (f.compId) o.compId = comp.id;
  if (f.streamId) o.streamId = stream.id;
  o.data = data;
  o.time = time;
  if (f.fData) o.fData = formatValue(data, unit);
  if (f.unit) o.unit = unit ? unit.symbol || unit.id : '';
  if (f.intvlSd && sdTime !== undefined) o.sdTime = sdTime;
  return o;
}

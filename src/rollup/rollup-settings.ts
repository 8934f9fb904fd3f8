/**
 * Per-stream settings that decide how statistics read the same stored data. They only matter
 * when a statistic is finalized, never when partial states are built or combined, so changing
 * a setting does not invalidate stored rollups.
 */
import type { StreamRollupDef } from '../domain/model.js';
import type { Value, ValueType } from '../domain/values.js';
import type { Sample } from './sample.js';

export type StreamKind = 'random' | 'interval' | 'point';
/**
 * gauge: each value is a level (power, temperature).
 * delta: each value is the quantity accumulated in its interval / since the previous sample.
 * cumulative: each value is a register reading (kWh meter); quantities are the increments
 * between consecutive readings.
 */
export type MeterKind = StreamRollupDef['meter'];
/** Plain mean of samples, or sample-and-hold time-weighted mean (random and point streams). */
export type RandomAvg = StreamRollupDef['randomAvg'];

export interface RollupSettings {
  streamKind: StreamKind;
  valueType: ValueType;
  meter: MeterKind;
  randomAvg: RandomAvg;
}

export const DEFAULT_ROLLUP_SETTINGS: RollupSettings = {
  streamKind: 'random',
  valueType: 'DOUBLE',
  meter: 'gauge',
  randomAvg: 'hold',
};

export function isNumericType(t: ValueType): boolean {
  return t === 'DOUBLE' || t === 'LONG';
}

/**
 * Point streams keep one sample: the one with the latest time ("the last datetime value will
 * be used"). A write at the same time replaces it; an older write is ignored.
 */
export function retainPoint(current: Sample | null, incoming: Sample): Sample {
  return current === null || incoming.time >= current.time ? incoming : current;
}

export function numberOf(v: Value | null): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/**
 * OpenAPI descriptions of the telemetry routes (documentation only, as schemas.ts explains:
 * input is checked in code after the bearer token, with GridDuck's error shape).
 */
import { AGGREGATE_MAX_BUCKETS, FORMATS, INSTANTANEOUS_MAX_BUCKETS } from './telemetry-query.js';

const common = {
  start: { type: 'string', description: 'Unix seconds, inclusive (required)' },
  end: { type: 'string', description: 'Unix seconds, exclusive (required)' },
  granularity: {
    type: 'string',
    description: 'bucket size: whole seconds (900, 3600, 86400 = a calendar day in the asset\'s zone, 604800 = a week from Monday) or day, week, month (required)',
  },
};

export const aggregateQuery = {
  type: 'object',
  properties: { ...common, field: { type: 'string', enum: ['delivered', 'spend'], description: 'delivered (Wh, default) or spend (kWh × price_per_kwh)' } },
};

export const instantaneousQuery = {
  type: 'object',
  properties: {
    ...common,
    field: { type: 'string', description: 'a numeric stream of the asset: consumption (W, default), temperature (°C), or any stream id' },
    format: { type: 'string', enum: [...FORMATS], description: 'average (time-weighted, default), max or min per bucket' },
  },
};

export const telemetrySchema = (max: number) => ({
  type: 'object',
  description: `One value per bucket, at most ${max} buckets (more is a 400 naming the limit)`,
  properties: {
    field: { type: 'string' },
    unit: { type: ['string', 'null'], description: 'Wh, W, °C, …; for spend the currency' },
    granularity: { type: ['number', 'string'], description: 'as asked' },
    start: { type: 'number', description: 'Unix seconds, as asked' },
    end: { type: 'number', description: 'Unix seconds, as asked' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: { time: { type: 'number', description: 'bucket start, Unix seconds' }, value: { type: ['number', 'null'], description: 'null: no data in the bucket' } },
      },
    },
    request_id: { type: 'string' },
  },
});

export const aggregateResponse = telemetrySchema(AGGREGATE_MAX_BUCKETS);
export const instantaneousResponse = telemetrySchema(INSTANTANEOUS_MAX_BUCKETS);

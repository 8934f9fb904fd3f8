/**
 * OpenAPI descriptions of the advanced API's request bodies. Documentation only: the routes
 * check bodies in code after authentication (common.ts, docOnly).
 */
import { STREAM_TYPES } from '../../../domain/model.js';
import { VALUE_TYPES } from '../../../domain/values.js';
import { STAT_IDS } from '../../../rollup/stat-id.js';
import { GAP_FILL_TYPES, METER_KINDS, RANDOM_AVGS, TIME_ALIGNMENTS } from './stream-rollup-input.js';

const text = (description: string) => ({ type: 'string', description });
const ref = (description: string) => ({
  type: ['object', 'string', 'null'],
  description: `${description}: {"uid":"..."}, {"id":"..."} or the id`,
  properties: { uid: { type: 'string' }, id: { type: 'string' } },
});

const streamSchema = {
  type: 'object',
  required: ['id', 'valueType'],
  properties: {
    uid: text('an existing stream (POST); blank or unknown for a new one'),
    id: text('unique within the component; cannot change once created'),
    name: text('defaults to the id'),
    description: text(''),
    valueType: { type: 'string', description: `${VALUE_TYPES.join(', ')} (also INTEGER, FLOAT, BOOL, ...)` },
    streamType: { type: 'string', enum: [...STREAM_TYPES], description: 'default rdm_stream' },
    unit: { type: ['object', 'string', 'null'], description: '{"uid":"..."} or {"id":"..."} of a unit, or null', properties: { uid: { type: 'string' }, id: { type: 'string' } } },
    baseCycle: ref('a cycle of the organisation: the intervals of an intvl_stream (required for one)'),
    rollupCalendar: ref("a rollup calendar of the organisation; null = 'default'. Must fit the base cycle"),
    rollupMethod: { type: 'string', description: `the statistic for callers that name none: ${STAT_IDS.map((x) => x.toUpperCase()).join(', ')}; default AVG` },
    delete_profile: ref('a delete profile (retention of raw samples); {"uid":""} or null = keep forever'),
    meterKind: { type: 'string', enum: [...METER_KINDS], description: 'GAUGE (levels, default), CUMULATIVE (register readings), DELTA (amounts per interval); numeric streams' },
    randomAvg: { type: 'string', enum: [...RANDOM_AVGS], description: 'avg of random/point streams: HOLD (sample-and-hold time-weighted, default) or MEAN' },
    gapFill: {
      type: 'object',
      description: 'intvl_stream: what fills skipped intervals on append (default NONE)',
      properties: { type: { type: 'string', enum: [...GAP_FILL_TYPES] }, value: { description: 'CONSTANT: the fill value, in the stream value type' } },
    },
    timeAlignment: { type: 'string', enum: [...TIME_ALIGNMENTS], description: 'intvl_stream: CONTAINING (a time on a boundary starts the interval, default) or ENDING (it ends the one before)' },
  },
};

export const componentBodySchema = {
  type: 'object',
  required: ['component'],
  properties: {
    component: {
      type: 'object',
      properties: {
        uid: text('blank on PUT; on POST the component to update (else found by id)'),
        id: text('required; unique in the organisation'),
        name: text('defaults to the id'),
        description: text(''),
        timeZoneId: text("IANA zone; defaults to the organisation's"),
        folderPath: text('"/Components/..." or blank'),
        templateId: text('PUT: the template whose streams a component without streams gets'),
        stream: {
          type: 'array',
          items: streamSchema,
          description: 'PUT: the streams to create. POST: the complete stream list when present (streams left out are deleted, which needs the DELETE right); absent = streams unchanged',
        },
      },
    },
  },
};

export const templateBodySchema = {
  type: 'object',
  required: ['component_template'],
  properties: {
    component_template: {
      type: 'object',
      required: ['id'],
      properties: { uid: text('optional'), id: text('required; insert or replace by id'), name: text('defaults to the id'), description: text(''), stream: { type: 'array', items: streamSchema } },
    },
  },
};

export const unitBodySchema = {
  type: 'object',
  required: ['unit'],
  properties: {
    unit: {
      type: 'object',
      required: ['id'],
      properties: {
        uid: text('optional'),
        id: text('required; insert or replace by id'),
        name: text('defaults to the id'),
        symbol: text('e.g. "mph"'),
        numberFormat: text('DecimalFormat-style pattern of 0 # , . e.g. "0.0", "#,##0.00"; blank = as is'),
        symbolLocation: { type: 'string', enum: ['AFTER', 'BEFORE'], description: 'default AFTER' },
        booleanStyle: { type: 'string', enum: ['TRUE_FALSE', 'ON_OFF', 'YES_NO', 'ONE_ZERO'], description: 'default TRUE_FALSE' },
      },
    },
  },
};

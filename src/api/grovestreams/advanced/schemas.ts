/**
 * OpenAPI descriptions of the advanced API's request bodies. Documentation only: the routes
 * check bodies in code after authentication (common.ts, docOnly).
 */
import { STREAM_TYPES } from '../../../domain/model.js';
import { VALUE_TYPES } from '../../../domain/values.js';

const text = (description: string) => ({ type: 'string', description });

export const streamSchema = {
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

/**
 * OpenAPI descriptions of the cycle, rollup calendar and delete profile bodies. Documentation
 * only: the routes check bodies in code after authentication (common.ts, docOnly).
 */
import { DELETE_RANGE_TYPES } from '../../../domain/delete-profile.js';
import { SIZE_TYPES } from '../../../rollup/cycle.js';

const text = (description: string) => ({ type: 'string', description });
const whole = (description: string) => ({ type: ['integer', 'string'], description });

export const cycleBodySchema = {
  type: 'object',
  required: ['cycle'],
  properties: {
    cycle: {
      type: 'object',
      properties: {
        uid: text('blank on PUT; on POST the cycle to update (else found by id)'),
        id: text('required on PUT; unique in the organisation; cannot change (calendars and streams refer to it)'),
        name: text('defaults to the id'),
        intvlSizeType: { type: 'string', enum: [...SIZE_TYPES], description: 'required on PUT; CUSTOM is not supported' },
        numSizeTypesPerIntvl: whole('size units per interval, 1 to 1000000; default 1'),
        referenceDate: text('local datetime one interval starts at, "yyyy-MM-ddTHH:mm:ss"; default "2000-01-01T00:00:00"'),
        timezoneId: text("IANA zone; blank = the component's zone"),
      },
    },
  },
};

export const calendarBodySchema = {
  type: 'object',
  required: ['rollup_calendar'],
  properties: {
    rollup_calendar: {
      type: 'object',
      properties: {
        uid: text('blank on PUT; on POST the calendar to update (else found by id)'),
        id: text('required on PUT; unique in the organisation; cannot change (streams refer to it)'),
        name: text('defaults to the id'),
        cycles: {
          type: 'array',
          description: 'the cycles, in any order: each must tile the next larger one exactly (400 otherwise). Also accepted as `cycle`',
          items: { type: ['object', 'string'], properties: { uid: text(''), id: text('') } },
        },
      },
    },
  },
};

export const deleteProfileBodySchema = {
  type: 'object',
  required: ['delete_profile'],
  properties: {
    delete_profile: {
      type: 'object',
      properties: {
        uid: text('blank on PUT; on POST the profile to update (else found by id)'),
        id: text('required on PUT; unique in the organisation; cannot change (streams refer to it)'),
        name: text('defaults to the id'),
        deleteRangeType: { type: 'string', enum: [...DELETE_RANGE_TYPES], description: 'required on PUT' },
        numRangeTypes: whole('raw samples older than this many range types are deleted; 1 to 1000000, default 1'),
      },
    },
  },
};

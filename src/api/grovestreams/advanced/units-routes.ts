/**
 * Units (notes §1.7, §4): what fData and retUnit format stream values with. PUT and POST both
 * insert or replace by id, so a client can re-send its unit definitions at every start
 * (node-grovestreams-api addUnit PUTs with uid ""). Streams refer to a unit by its id: deleting
 * a unit leaves them without one (plain values) until a unit with that id exists again.
 * Rights: `unit` (and `unit/<id>` for one unit).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../../domain/errors.js';
import type { Unit } from '../../../domain/model.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { checkNewId, idText, optEnum, optText, optUid, route, sendOk, uidResourceRoutes, wrapped } from './common.js';
import { unitJson } from './component-json.js';
import { unitBodySchema } from './schemas.js';

const RESOURCE = 'unit';
const LOCATIONS: readonly Unit['symbolLocation'][] = ['AFTER', 'BEFORE'];
const BOOLEAN_STYLES: readonly Unit['booleanStyle'][] = ['TRUE_FALSE', 'ON_OFF', 'YES_NO', 'ONE_ZERO'];
/** What domain/unit-format.ts understands of a DecimalFormat pattern: digits, grouping, one point. */
const NUMBER_FORMAT = /^[#0,]*(?:\.[#0]*)?$/;

function parseUnit(body: unknown): Omit<Unit, 'uid'> & { uid?: string } {
  const o = wrapped(body, RESOURCE);
  const id = idText(o, 'id', 'unit.id');
  const numberFormat = optText(o, 'numberFormat', 'unit.numberFormat', 64) ?? '';
  if (numberFormat !== '' && (!NUMBER_FORMAT.test(numberFormat) || !/[#0]/.test(numberFormat))) {
    throw badRequest(`unit.numberFormat '${numberFormat}' is not a number pattern of 0, #, ',' and '.' (e.g. "0.0", "#,##0.00")`);
  }
  const name = optText(o, 'name', 'unit.name');
  const uid = optUid(o, 'unit.uid');
  return {
    ...(uid ? { uid } : {}),
    id,
    name: name?.trim() ? name : id,
    symbol: optText(o, 'symbol', 'unit.symbol', 64) ?? '',
    numberFormat,
    symbolLocation: optEnum(o, 'symbolLocation', 'unit.symbolLocation', LOCATIONS) ?? 'AFTER',
    booleanStyle: optEnum(o, 'booleanStyle', 'unit.booleanStyle', BOOLEAN_STYLES) ?? 'TRUE_FALSE',
  };
}

export function unitsRoutes(app: FastifyInstance, ctx: GsContext): void {
  uidResourceRoutes(app, {
    resource: RESOURCE,
    label: 'unit',
    repo: ctx.store.units,
    blank: { uid: '', id: '', name: '', symbol: '', numberFormat: '', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE' },
    printer: async () => unitJson,
    deleteSummary: 'Delete a unit',
  });

  const put = (method: 'PUT' | 'POST') => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    requireRight(caller, [RESOURCE], method);
    const { uid, ...u } = parseUnit(req.body);
    await checkNewId(u.id, RESOURCE, 'unit', async () => (await ctx.store.units.get(orgKey, u.id))?.id === u.id);
    if (uid) {
      const named = await ctx.store.units.get(orgKey, uid);
      if (named && named.id !== u.id) throw badRequest(`unit.id: cannot change the id of unit ${uid} from '${named.id}' to '${u.id}' (streams refer to units by id)`);
    }
    // replaced by id (keeping its uid) or created with a new uid: a uid from the body is never
    // stored, since it might be another organisation's
    return sendOk(reply, RESOURCE, unitJson(await ctx.store.units.put(orgKey, u)));
  };
  app.put('/unit', route('Create or replace a unit (by id)', { body: unitBodySchema }), put('PUT'));
  app.post('/unit', route('Same as PUT: create or replace a unit (by id)', { body: unitBodySchema }), put('POST'));
}

/**
 * What refers to a cycle, calendar or delete profile of an org, by id: calendars list cycle ids
 * (a JSON array), streams name a base cycle, a calendar and a delete profile in their rollup
 * settings (streams.rollup JSON), and so do the streams of component templates (templates.streams,
 * a JSON array of stream definitions). Read inside the transaction that deletes or redefines the thing.
 */
import { STREAM_EXAMPLES, type Users } from '../in-use-errors.js';
import type { Q } from './open.js';

type Field = 'baseCycleId' | 'calendarId' | 'deleteProfileId';

// The JSON key is fixed text per field (never input), so each field gets its own statement.
const streamWhere = (field: Field) => `FROM streams s JOIN components c ON c.pk = s.component_pk
  WHERE c.org_pk = $1 AND s.rollup IS NOT NULL AND (s.rollup::jsonb ->> '${field}') = $2`;

async function streams(q: Q, orgKey: number, field: Field, id: string): Promise<Pick<Users, 'streams' | 'streamCount'>> {
  const where = streamWhere(field);
  const streamCount = Number((await q.one(`SELECT count(*) AS n ${where}`, orgKey, id))!.n);
  if (streamCount === 0) return { streamCount, streams: [] };
  const some = await q.all(`SELECT c.id || '/' || s.id AS name ${where} ORDER BY c.id, s.id LIMIT $3`, orgKey, id, STREAM_EXAMPLES);
  return { streamCount, streams: some.map((r) => String(r.name)) };
}

async function templates(q: Q, orgKey: number, field: Field, id: string): Promise<string[]> {
  const rows = await q.all(
    `SELECT DISTINCT t.id FROM templates t, jsonb_array_elements(t.streams::jsonb) j
     WHERE t.org_pk = $1 AND (j -> 'rollup' ->> '${field}') = $2 ORDER BY t.id`,
    orgKey, id,
  );
  return rows.map((r) => String(r.id));
}

export const pgReferences = {
  async cycle(q: Q, orgKey: number, id: string): Promise<Users> {
    const cals = await q.all(
      'SELECT id FROM rollup_calendars WHERE org_pk = $1 AND cycle_ids::jsonb @> jsonb_build_array($2::text) ORDER BY id',
      orgKey, id,
    );
    return { calendars: cals.map((r) => String(r.id)), templates: await templates(q, orgKey, 'baseCycleId', id), ...(await streams(q, orgKey, 'baseCycleId', id)) };
  },
  calendar: async (q: Q, orgKey: number, id: string): Promise<Users> => ({
    calendars: [],
    templates: await templates(q, orgKey, 'calendarId', id),
    ...(await streams(q, orgKey, 'calendarId', id)),
  }),
  deleteProfile: async (q: Q, orgKey: number, id: string): Promise<Users> => ({
    calendars: [],
    templates: await templates(q, orgKey, 'deleteProfileId', id),
    ...(await streams(q, orgKey, 'deleteProfileId', id)),
  }),
};

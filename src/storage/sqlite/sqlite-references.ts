/**
 * What refers to a cycle, calendar or delete profile of an org, by id: calendars list cycle ids
 * (a JSON array), streams name a base cycle, a calendar and a delete profile in their rollup
 * settings (streams.rollup JSON), and so do the streams of component templates (templates.streams,
 * a JSON array of stream definitions). Read inside the transaction that deletes or redefines the thing.
 */
import { STREAM_EXAMPLES, type Users } from '../in-use-errors.js';
import type { Db } from './open.js';

type Field = 'baseCycleId' | 'calendarId' | 'deleteProfileId';

export function sqliteReferences(db: Db) {
  const calendarsWithCycle = db.prepare<[number, string], { id: string }>(
    `SELECT DISTINCT c.id FROM rollup_calendars c, json_each(c.cycle_ids) j WHERE c.org_pk = ? AND j.value = ? ORDER BY c.id`,
  );
  // The JSON path is fixed text per field (never input), so each field gets its own statement.
  const streamQueries = (field: Field) => {
    const where = `FROM streams s JOIN components c ON c.pk = s.component_pk
      WHERE c.org_pk = ? AND s.rollup IS NOT NULL AND json_extract(s.rollup, '$.${field}') = ?`;
    return {
      count: db.prepare<[number, string], { n: number }>(`SELECT count(*) AS n ${where}`),
      some: db.prepare<[number, string, number], { name: string }>(`SELECT c.id || '/' || s.id AS name ${where} ORDER BY c.id, s.id LIMIT ?`),
    };
  };
  const byField = { baseCycleId: streamQueries('baseCycleId'), calendarId: streamQueries('calendarId'), deleteProfileId: streamQueries('deleteProfileId') };
  const templateQuery = (field: Field) =>
    db.prepare<[number, string], { id: string }>(
      `SELECT DISTINCT t.id FROM templates t, json_each(t.streams) j WHERE t.org_pk = ? AND json_extract(j.value, '$.rollup.${field}') = ? ORDER BY t.id`,
    );
  const templatesByField = { baseCycleId: templateQuery('baseCycleId'), calendarId: templateQuery('calendarId'), deleteProfileId: templateQuery('deleteProfileId') };
  const templates = (orgKey: number, field: Field, id: string) => templatesByField[field].all(orgKey, id).map((r) => r.id);

  function streams(orgKey: number, field: Field, id: string): Pick<Users, 'streams' | 'streamCount'> {
    const q = byField[field];
    const streamCount = q.count.get(orgKey, id)!.n;
    return { streamCount, streams: streamCount === 0 ? [] : q.some.all(orgKey, id, STREAM_EXAMPLES).map((r) => r.name) };
  }

  return {
    cycle: (orgKey: number, id: string): Users => ({
      calendars: calendarsWithCycle.all(orgKey, id).map((r) => r.id),
      templates: templates(orgKey, 'baseCycleId', id),
      ...streams(orgKey, 'baseCycleId', id),
    }),
    calendar: (orgKey: number, id: string): Users => ({ calendars: [], templates: templates(orgKey, 'calendarId', id), ...streams(orgKey, 'calendarId', id) }),
    deleteProfile: (orgKey: number, id: string): Users => ({ calendars: [], templates: templates(orgKey, 'deleteProfileId', id), ...streams(orgKey, 'deleteProfileId', id) }),
  };
}

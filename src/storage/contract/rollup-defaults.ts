/**
 * What both backends' rollup-defaults tests check once they have built a database at schema
 * version 1 holding one org with uid 'old-org' (built per backend: the DDL and version
 * bookkeeping differ): opening the store seeds that org with the default cycles and calendars,
 * and neither migrate() nor a later open seeds it again or brings back a deleted default.
 */
import assert from 'node:assert/strict';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles } from '../../rollup/cycle.js';
import type { Store } from '../store.js';

export async function assertOldOrgSeededOnce(open: () => Promise<Store>): Promise<void> {
  const store = await open();
  const org = (await store.orgs.getByUid('old-org'))!;
  const cycles = await store.cycles.list(org.key);
  assert.deepEqual(cycles.map(({ uid: _u, ...c }) => c), defaultCycles());
  assert.deepEqual((await store.calendars.list(org.key)).map(({ uid: _u, ...c }) => c), defaultCalendars());
  await store.calendars.delete(org.key, 'weekly');
  await store.migrate();
  await store.close();

  const again = await open();
  assert.deepEqual(await again.cycles.list(org.key), cycles, 'same uids: not seeded twice');
  assert.deepEqual((await again.calendars.list(org.key)).map((c) => c.id), ['default'], 'a deleted default stays deleted');
  await again.close();
}

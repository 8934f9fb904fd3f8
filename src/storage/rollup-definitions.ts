/**
 * What stream definitions may refer to for rolling up: the org's cycles, rollup calendars and
 * delete profiles, read in one go. The advanced API loads it once per request so that parsing
 * and printing stay pure; ingest loads it to check a definition it copies from a template.
 */
import type { DeleteProfile } from '../domain/model.js';
import type { Store, StoredCalendar, StoredCycle } from './store.js';

export interface RollupDefinitions {
  cycles: readonly StoredCycle[];
  calendars: readonly StoredCalendar[];
  deleteProfiles: readonly DeleteProfile[];
}

export async function loadRollupDefinitions(store: Store, orgKey: number): Promise<RollupDefinitions> {
  const [cycles, calendars, deleteProfiles] = await Promise.all([store.cycles.list(orgKey), store.calendars.list(orgKey), store.deleteProfiles.list(orgKey)]);
  return { cycles, calendars, deleteProfiles };
}

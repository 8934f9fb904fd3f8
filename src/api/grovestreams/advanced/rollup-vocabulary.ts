/**
 * What stream definitions may refer to for rolling up: the org's cycles, rollup calendars and
 * delete profiles. Routes load it once per request so that parsing and printing stay pure.
 */
import type { DeleteProfile } from '../../../domain/model.js';
import type { Store, StoredCalendar, StoredCycle } from '../../../storage/store.js';

export interface RollupVocabulary {
  cycles: readonly StoredCycle[];
  calendars: readonly StoredCalendar[];
  deleteProfiles: readonly DeleteProfile[];
}

export async function loadRollupVocabulary(store: Store, orgKey: number): Promise<RollupVocabulary> {
  const [cycles, calendars, deleteProfiles] = await Promise.all([store.cycles.list(orgKey), store.calendars.list(orgKey), store.deleteProfiles.list(orgKey)]);
  return { cycles, calendars, deleteProfiles };
}

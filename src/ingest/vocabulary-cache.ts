/**
 * Each org's cycles and rollup calendars for the write path, which needs them on every feed to
 * know how a stream rolls up. Cached for a few seconds like components (component-cache.ts):
 * a change made in this process calls forget(); one made by another process applies within TTL.
 * The cycle-stat reads resolve their cycle id here too, rather than with a query per request.
 */
import type { Clock } from '../lib/clock.js';
import { TtlCache } from '../lib/ttl-cache.js';
import type { RollupVocabulary } from '../rollup/stream-plan.js';
import type { Store, StoredCycle } from '../storage/store.js';

/** How long an org's cycles and calendars are used before they are read again. */
export const TTL_MS = 10_000;

interface Entry {
  vocab: RollupVocabulary;
  /** the cycles by id and by uid, an id winning over another cycle's uid as in store.cycles.get */
  cycles: Map<string, StoredCycle>;
}

export class VocabularyCache {
  private readonly cache: TtlCache<number, Entry>;

  /** `materialize` false (GG_ROLLUPS=off): no calendars, so nothing is materialised and reads use raw samples. */
  constructor(private readonly store: Store, clock: Clock, private readonly materialize = true) {
    this.cache = new TtlCache(clock, TTL_MS);
  }

  async get(orgKey: number): Promise<RollupVocabulary> {
    return (await this.entry(orgKey)).vocab;
  }

  /**
   * The org's cycle with this id or uid (an id match wins), as store.cycles.get answers. A
   * miss asks the store, so a cycle another process has just created is found and an unknown
   * id stays unknown; only the cached cycles' definitions may be up to the TTL old, as they
   * are for every other use of the vocabulary.
   */
  async cycle(orgKey: number, idOrUid: string): Promise<StoredCycle | undefined> {
    return (await this.entry(orgKey)).cycles.get(idOrUid) ?? (await this.store.cycles.get(orgKey, idOrUid));
  }

  forget(orgKey: number): void {
    this.cache.forget(orgKey);
  }

  private async entry(orgKey: number): Promise<Entry> {
    const e = await this.cache.get(orgKey, async () => {
      const [cycles, calendars] = await Promise.all([this.store.cycles.list(orgKey), this.materialize ? this.store.calendars.list(orgKey) : []]);
      const byKey = new Map<string, StoredCycle>();
      for (const c of cycles) byKey.set(c.uid, c);
      for (const c of cycles) byKey.set(c.id, c);
      return { vocab: { cycles, calendars }, cycles: byKey };
    });
    return e!; // the loader always returns an entry
  }
}

/**
 * Each org's cycles and rollup calendars for the write path, which needs them on every feed to
 * know how a stream rolls up. Cached for a few seconds like components (component-cache.ts):
 * a change made in this process calls forget(); one made by another process applies within TTL.
 */
import type { Clock } from '../lib/clock.js';
import { TtlCache } from '../lib/ttl-cache.js';
import type { RollupVocabulary } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';

const TTL_MS = 10_000;

export class VocabularyCache {
  private readonly cache: TtlCache<number, RollupVocabulary>;

  /** `materialize` false (GG_ROLLUPS=off): no calendars, so nothing is materialised and reads use raw samples. */
  constructor(private readonly store: Store, clock: Clock, private readonly materialize = true) {
    this.cache = new TtlCache(clock, TTL_MS);
  }

  async get(orgKey: number): Promise<RollupVocabulary> {
    const vocab = await this.cache.get(orgKey, async () => {
      const [cycles, calendars] = await Promise.all([this.store.cycles.list(orgKey), this.materialize ? this.store.calendars.list(orgKey) : []]);
      return { cycles, calendars };
    });
    return vocab!; // the loader always returns a vocabulary
  }

  forget(orgKey: number): void {
    this.cache.forget(orgKey);
  }
}

/**
 * Each org's cycles and rollup calendars for the write path, which needs them on every feed to
 * know how a stream rolls up. Cached for a few seconds like components (component-cache.ts):
 * a change made in this process calls forget(); one made by another process applies within TTL.
 */
import type { Clock } from '../lib/clock.js';
import type { RollupVocabulary } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';

const TTL_MS = 10_000;

export class VocabularyCache {
  private readonly entries = new Map<number, { vocab: RollupVocabulary; at: number }>();

  /** `materialize` false (GG_ROLLUPS=off): no calendars, so nothing is materialised and reads use raw samples. */
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly materialize = true) {}

  async get(orgKey: number): Promise<RollupVocabulary> {
    const now = this.clock.now();
    const e = this.entries.get(orgKey);
    if (e && now - e.at < TTL_MS) return e.vocab;
    const [cycles, calendars] = await Promise.all([this.store.cycles.list(orgKey), this.materialize ? this.store.calendars.list(orgKey) : []]);
    const vocab = { cycles, calendars };
    this.entries.set(orgKey, { vocab, at: now });
    return vocab;
  }

  forget(orgKey: number): void {
    this.entries.delete(orgKey);
  }
}

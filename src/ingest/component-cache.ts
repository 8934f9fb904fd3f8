/**
 * Components by (org, compId) for resolving feeds without a query per request. Only the
 * definition is trusted from here (ids, types, positions), never last values. Entries expire
 * after a few seconds so that a change made by another process is picked up; a change made in
 * this process calls forget(). A stale entry can at worst make a commit fail with
 * StaleFeedPlan, which the write path answers by reading again.
 */
import type { Component } from '../domain/model.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../storage/store.js';

const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

export class ComponentCache {
  private readonly entries = new Map<string, { comp: Component; at: number }>();

  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async get(orgKey: number, compId: string): Promise<Component | undefined> {
    const k = `${orgKey}\u0000${compId}`;
    const e = this.entries.get(k);
    const now = this.clock.now();
    if (e && now - e.at < TTL_MS) return e.comp;
    const comp = await this.store.components.get(orgKey, compId);
    if (comp) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(k, { comp, at: now });
    } else this.entries.delete(k);
    return comp;
  }

  forget(orgKey: number, compId: string): void {
    this.entries.delete(`${orgKey}\u0000${compId}`);
  }
}

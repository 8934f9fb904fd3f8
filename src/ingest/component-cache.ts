/**
 * Components by (org, compId) for resolving feeds without a query per request. Only the
 * definition is trusted from here (ids, types, positions), never last values. Entries expire
 * after a few seconds so that a change made by another process is picked up; a change made in
 * this process calls forget(). A stale entry can at worst make a commit fail with
 * StaleFeedPlan, which the write path answers by reading again.
 */
import type { Component } from '../domain/model.js';
import type { Clock } from '../lib/clock.js';
import { TtlCache } from '../lib/ttl-cache.js';
import type { Store } from '../storage/store.js';

const TTL_MS = 10_000;

export class ComponentCache {
  private readonly cache: TtlCache<string, Component>;

  constructor(private readonly store: Store, clock: Clock) {
    this.cache = new TtlCache(clock, TTL_MS);
  }

  get(orgKey: number, compId: string): Promise<Component | undefined> {
    return this.cache.get(`${orgKey}\u0000${compId}`, () => this.store.components.get(orgKey, compId));
  }

  forget(orgKey: number, compId: string): void {
    this.cache.forget(`${orgKey}\u0000${compId}`);
  }
}

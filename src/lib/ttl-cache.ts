/**
 * A read-through cache whose entries expire after `ttlMs` on the injected clock: the write
 * path's way to avoid a query per request for definitions that rarely change (components,
 * an org's cycles and calendars) while still seeing another process's change within the TTL.
 * Missing values are not cached (the next request looks again); when full it simply starts over.
 */
import type { Clock } from './clock.js';

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(private readonly clock: Clock, private readonly ttlMs: number, private readonly maxEntries = 50_000) {}

  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.clock.now();
    const e = this.entries.get(key);
    if (e && now - e.at < this.ttlMs) return e.value;
    const value = await load();
    if (value === undefined) this.entries.delete(key);
    else {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, at: now });
    }
    return value;
  }

  forget(key: K): void {
    this.entries.delete(key);
  }
}

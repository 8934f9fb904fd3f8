/**
 * Group commit: feed plans that reach the store in the same turn of the event loop are
 * committed in one transaction. Under load, concurrent feed requests queue up while a commit
 * runs; committing them together, each touched page (a stream's newest chunk, its rollup
 * head row) reaches the write-ahead log once instead of once per request, and each stream's
 * rollups are maintained once for all of its new samples (chunks are still merged plan by
 * plan). With one request at a time a group is that one plan, a setImmediate later.
 *
 * A plan that would be wrong if committed later than it was planned (`mayGroup` false: it
 * creates something, or was worked out from stored samples) is committed at once, in the task
 * that planned it, as without grouping — after the plans already waiting, which arrived first
 * and cannot change what it assumed (they create nothing and read nothing stored).
 *
 * Every plan keeps its own outcome: when a group's transaction fails (one plan's bad input, a
 * stale plan), nothing of it was stored, and each plan is committed again on its own, so only
 * the failing one fails.
 */
export class GroupCommit<P, R> {
  private queue: { plan: P; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];

  /**
   * @param commit commits plans in one transaction, in order, and returns each one's result;
   *   all or nothing
   * @param mayGroup whether a plan may wait for others
   * @param maxPlans plans per transaction at most: a group holds the event loop while it commits
   */
  constructor(
    private readonly commit: (plans: P[]) => R[],
    private readonly mayGroup: (plan: P) => boolean,
    private readonly maxPlans = 32,
  ) {}

  /** The plan's result once committed. (A plan that may not wait is committed before this returns.) */
  async submit(plan: P): Promise<R> {
    if (!this.mayGroup(plan)) {
      this.drain();
      return this.commit([plan])[0]!;
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ plan, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits every plan waiting, now (before a plan that may not wait, or before closing). */
  drain(): void {
    while (this.queue.length > 0) this.flushGroup();
  }

  /** One group now; the rest in a later turn, so that other callbacks run in between. */
  private flush(): void {
    if (this.queue.length === 0) return; // (flushed by a plan that could not wait)
    this.flushGroup();
    if (this.queue.length > 0) setImmediate(() => this.flush());
  }

  private flushGroup(): void {
    const group = this.queue.splice(0, this.maxPlans);
    if (group.length > 1) {
      let results: R[] | undefined;
      try {
        results = this.commit(group.map((g) => g.plan));
      } catch {
        // one of them failed: below, each on its own
      }
      if (results) {
        group.forEach((g, i) => g.resolve(results[i]!));
        return;
      }
    }
    for (const g of group) {
      try {
        g.resolve(this.commit([g.plan])[0]!);
      } catch (e) {
        g.reject(e);
      }
    }
  }
}

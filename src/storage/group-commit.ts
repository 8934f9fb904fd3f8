/**
 * Group commit: feed plans that reach the store in the same turn of the event loop are
 * committed in one transaction. Under load, concurrent feed requests queue up while a commit
 * runs; committing them together writes each touched page (a stream's newest chunk, its rollup
 * head row) once instead of once per request, and maintains each stream's rollups once for all
 * of their samples, already merged in time order — the late batches concurrent requests
 * produce meet no one. With one request at a time a group is that one plan, delayed by a
 * setImmediate.
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
   * @param maxPlans plans per transaction at most (bounds how long one commit holds the loop)
   */
  constructor(private readonly commit: (plans: P[]) => R[], private readonly maxPlans = 32) {}

  submit(plan: P): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ plan, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    while (this.queue.length > 0) {
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
          continue;
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
}

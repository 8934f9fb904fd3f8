/**
 * Recomputes materialised rollup states from raw samples, stream by stream: for data stored
 * before rollups existed (a database from an older GridGrove, or written with GG_ROLLUPS=off),
 * run at every start for streams that have samples but no states (found with one query), and in full by
 * `gridgrove rollups rebuild`. Each stream is one transaction (store.rollups.rebuild).
 */
import type { RollupVocabulary } from '../rollup/stream-plan.js';
import { streamRollupPlan } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';

const PAGE = 500;

export async function backfillRollups(
  store: Store, vocabulary: (orgKey: number) => Promise<RollupVocabulary>, opts: { onlyMissing: boolean },
): Promise<{ streams: number }> {
  let streams = 0;
  // A stream with a head row has states in today's layout (a write or rebuild made them); the
  // others are checked one by one — on a database that is up to date, none. (Only when a stream
  // that materialises nothing holds samples — its calendar has no cycle of an hour or more —
  // is every component listed at each start to find it.)
  const candidates = opts.onlyMissing ? await store.rollups.streamsWithoutHead() : undefined;
  if (candidates?.size === 0) return { streams: 0 };
  for (const org of await store.orgs.list()) {
    const vocab = await vocabulary(org.key);
    for (let start = 0; ; start += PAGE) {
      const page = await store.components.list(org.key, { start, limit: PAGE });
      for (const comp of page.items) {
        for (const s of comp.streams) {
          const plan = streamRollupPlan(s, comp.timezone, vocab);
          if (plan.chain.length === 0 || s.lastTime === null || (candidates && !candidates.has(s.key))) continue;
          if (opts.onlyMissing && (await store.rollups.latest(s.key, plan.chain[0]!))) continue;
          await store.rollups.rebuild(s.key, plan, { keep: plan.chain.map((c) => c.id) }); // the same plan: every stored state fits
          streams++;
        }
      }
      if (page.items.length < PAGE) break;
    }
  }
  return { streams };
}

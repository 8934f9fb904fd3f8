/**
 * Two Store instances on one database, as two server processes sharing PostgreSQL (or the
 * server and the CLI sharing a SQLite file) would be. Each process caches rollup states
 * (storage/rollups/rollup-cache.ts); these cases check that neither ever builds on, or answers
 * from, states the other has replaced — and that what reaches the database is exact, by
 * reading through a store whose cache has never seen the stream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamRollupPlan } from '../../rollup/stream-plan.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { Store } from '../store.js';
import { compDef, CYCLE, plan, rng, streamDef, streamOf, VOCAB } from './fixtures.js';
import { assertStatesMatchRaw } from './rollups.js';

const HOUR = CYCLE['hour']!;
const START = Date.parse('2026-10-24T00:00:00Z');
const MIN = 60_000;

export interface StorePair {
  a: Store;
  b: Store;
  /** a third store opened on the same database, with a cold cache */
  fresh(): Promise<Store>;
  cleanup(): Promise<void>;
}

export function sharedDatabaseCases(name: string, makePair: () => Promise<StorePair>): void {
  /** Runs `body` on a new pair of stores, cleaned up however it ends. */
  const withPair = async (body: (pair: StorePair) => Promise<void>): Promise<void> => {
    const pair = await makePair();
    try {
      await body(pair);
    } finally {
      await pair.cleanup();
    }
  };
  /** Runs `body` on a third store over the pair's database, with a cold cache. */
  const withCold = async (pair: StorePair, body: (cold: Store) => Promise<void>): Promise<void> => {
    const cold = await pair.fresh();
    try {
      await body(cold);
    } finally {
      await cold.close();
    }
  };

  describe(`Store contract, two processes on one database: ${name}`, () => {
    it('rollup states stay exact when two stores write one stream by turns (appends and late writes)', () =>
      withPair(async (pair) => {
        const org = await pair.a.orgs.create({ name: 'shared', timezone: 'UTC' });
        const def = streamDef('s');
        const p = streamRollupPlan(def, 'Europe/London', VOCAB);
        await pair.a.samples.commitFeed(plan(org.key, { newComponents: [compDef('c', { timezone: 'Europe/London' })], newStreams: [{ compId: 'c', def }] }));
        const rand = rng(17);
        let cursor = START;
        for (let batch = 0; batch < 16; batch++) {
          const late = batch > 2 && rand() < 0.4;
          const from = late ? START + Math.floor(rand() * (cursor - START)) : cursor;
          const byTime = new Map<number, SampleValue>();
          let t = from;
          for (let i = 0, n = 1 + Math.floor(rand() * 40); i < n; i++) {
            t += Math.floor(rand() * 50 * MIN) + 1;
            byTime.set(t, Math.round(rand() * 1000) / 10);
          }
          if (!late) cursor = Math.max(cursor, t);
          const times = [...byTime.keys()].sort((x, y) => x - y);
          const writer = batch % 3 === 0 ? pair.b : pair.a; // runs of A, then B, so both caches go stale
          await writer.samples.commitFeed(plan(org.key, { writes: [{ compId: 'c', streamId: 's', times, values: times.map((x) => byTime.get(x)!), rollup: p }] }));
          // Only the writer reads: the other store's cache stays as it was, so its next write
          // must notice the new version itself (reading would refresh it and hide a stale writer).
          await assertStatesMatchRaw(writer, org.key, 'c', 's', p);
        }
        await withCold(pair, (cold) => assertStatesMatchRaw(cold, org.key, 'c', 's', p));
      }));

    it('one commit of many streams stores every stream\'s head (read by a store with a cold cache), and the next commit builds on it', () =>
      withPair(async (pair) => {
        const org = await pair.a.orgs.create({ name: 'many', timezone: 'UTC' });
        const def = streamDef('s');
        const p = streamRollupPlan(def, 'UTC', VOCAB);
        // 37 streams: more than one multi-row upsert's worth, and a remainder
        const comps = Array.from({ length: 37 }, (_, i) => compDef(`c${i}`));
        const write = (store: Store, from: number) =>
          store.samples.commitFeed(plan(org.key, {
            ...(from === START ? { newComponents: comps, newStreams: comps.map((c) => ({ compId: c.id, def })) } : {}),
            writes: comps.map((c, i) => ({ compId: c.id, streamId: 's', times: [0, 1, 2].map((k) => from + k * MIN), values: [i, i + 1, i + 2], rollup: p })),
          }));
        await write(pair.a, START);
        await write(pair.b, START + 3 * MIN); // B appends to what A stored
        await withCold(pair, async (cold) => {
          for (const c of comps) await assertStatesMatchRaw(cold, org.key, c.id, 's', p);
        });
      }));

    it('a stream deleted and created again by the other store is never answered from the old cache', () =>
      withPair(async (pair) => {
        const org = await pair.a.orgs.create({ name: 'recreated', timezone: 'UTC' });
        const def = streamDef('s');
        const p = streamRollupPlan(def, 'UTC', VOCAB);
        const create = (store: Store, values: number[]) =>
          store.samples.commitFeed(plan(org.key, {
            newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
            writes: [{ compId: 'c', streamId: 's', times: values.map((_, i) => START + i * MIN), values, rollup: p }],
          }));
        await create(pair.a, [1, 2, 3]);
        const first = await streamOf(pair.a, org.key, 'c', 's');
        assert.equal((await pair.a.rollups.range(first.key, HOUR, 0, Number.MAX_SAFE_INTEGER))[0]!.state.sum, 6); // A caches it
        await pair.b.components.delete(org.key, (await pair.b.components.get(org.key, 'c'))!.uid);
        await create(pair.b, [10, 20]);
        const again = await streamOf(pair.a, org.key, 'c', 's');
        const hours = await pair.a.rollups.range(again.key, HOUR, 0, Number.MAX_SAFE_INTEGER);
        assert.deepEqual(hours.map((h) => [h.state.samples, h.state.sum]), [[2, 30]]);
        if (again.key !== first.key) assert.deepEqual(await pair.a.rollups.range(first.key, HOUR, 0, Number.MAX_SAFE_INTEGER), []);
        await assertStatesMatchRaw(pair.a, org.key, 'c', 's', p);
      }));
  });
}

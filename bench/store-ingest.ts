/**
 * Scenario `store-ingest`: the ingest workload at the store, without HTTP — what rollup
 * maintenance adds to a feed commit, measured where it happens.
 *
 * The server scenarios (`ingest`, `rollup-overhead`) time the whole server on a shared 2-CPU
 * machine, where one run moves by ±15 % and HTTP and JSON parsing are most of the work. Here
 * load.mjs's batches (100 streams, 10 per component, 10 s apart, 5,000 samples per batch, in
 * time order, its values) go straight to Ingest.write on a fresh SQLite store, one after
 * another, in an order shuffled within each window of `concurrency` — an order concurrent feed
 * requests may commit them in, so the maintainer meets late batches (about half of them: more
 * than in the server, where about a quarter commit after a later one). Each batch is awaited, so
 * each is its own transaction: this is the cost per commit, ungrouped (the server groups
 * concurrent requests' commits, storage/group-commit.ts), in this process's heap settings, not
 * the server's. Rollups off and on alternate, after one warm-up round of each (the JIT); the
 * figures are medians, the cost and ratio over the off/on pairs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Org } from '../src/domain/model.js';
import type { FeedItem } from '../src/ingest/feed-input.js';
import { Ingest } from '../src/ingest/ingest.js';
import { openStore } from '../src/storage/open-store.js';
import { rng, shuffledWindows } from '../src/storage/contract/fixtures.js';
import { systemClock } from '../src/lib/clock.js';
import { median, type Cleanup } from './lib.js';
import type { ScenarioReport } from './report.js';

export interface StoreIngestOptions {
  streams: number;
  samples: number;
  batch: number;
  /** feed requests in flight in the server scenarios: the window batches are shuffled in */
  concurrency: number;
  /** timed rounds per mode, after one warm-up round each */
  rounds: number;
}

const STEP = 10_000;
const DAY = 86_400_000;
const PER_COMPONENT = 10;

/**
 * load.mjs's value(s, i) with its default seed (42) and decimals (2), copied because load.mjs is
 * a script of the shared peer bench, not a module: a daily sine with a per-stream level and
 * phase, plus uniform noise from an integer hash.
 */
function hash32(a: number, b: number): number {
  let h = (42 ^ Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
function loadValue(s: number, i: number): number {
  const phase = (hash32(s, -1) / 2 ** 32) * 2 * Math.PI;
  const level = 500 + (s % 50) * 20;
  const noise = (hash32(s, i) / 2 ** 32 - 0.5) * 40;
  return Math.round((level + 0.5 * level * Math.sin((2 * Math.PI * i) / (DAY / STEP) + phase) + noise) * 100) / 100;
}

/**
 * load.mjs's batches: time order, `batch` samples each — as one item per stream (load.mjs sends
 * an item per sample; Ingest plans those into the same writes).
 */
function batchesOf(o: StoreIngestOptions): FeedItem[][] {
  const start = Math.floor(Date.now() / DAY) * DAY - (Math.ceil((o.samples * STEP) / DAY) + 1) * DAY;
  const total = o.streams * o.samples;
  const out: FeedItem[][] = [];
  for (let p0 = 0; p0 < total; p0 += o.batch) {
    const byStream = new Map<number, FeedItem>();
    for (let p = p0; p < Math.min(p0 + o.batch, total); p++) {
      const s = p % o.streams;
      const i = Math.floor(p / o.streams);
      let item = byStream.get(s);
      if (!item) byStream.set(s, (item = { compId: `dev${Math.floor(s / PER_COMPONENT)}`, stream: { id: `s${s % PER_COMPONENT}` }, samples: [] }));
      item.samples.push({ time: start + i * STEP, value: loadValue(s, i) });
    }
    out.push([...byStream.values()]);
  }
  // Shuffled within windows of `concurrency` (a fixed seed, so every run commits the same order).
  return shuffledWindows(out, o.concurrency, rng(42)).flat();
}

/** One round on a fresh store: ms spent in Ingest.write for all batches, and the samples it reported stored. */
async function round(batches: FeedItem[][], rollups: boolean, cleanup: Cleanup): Promise<{ ms: number; samples: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-bench-'));
  const drop = () => fs.rmSync(dir, { recursive: true, force: true });
  cleanup.add(drop);
  const store = await openStore({ dataDir: dir });
  try {
    await store.migrate();
    const org: Org = await store.orgs.create({ name: 'bench', timezone: 'UTC' });
    const ingest = new Ingest(store, systemClock, { materializeRollups: rollups });
    const permit = { component: () => true, stream: () => true };
    let samples = 0;
    const t0 = performance.now();
    for (const b of batches) samples += (await ingest.write(org, b, {}, permit)).samples;
    return { ms: performance.now() - t0, samples };
  } finally {
    await store.close();
    drop();
  }
}

export async function storeIngestScenario(o: StoreIngestOptions, cleanup: Cleanup): Promise<ScenarioReport> {
  const batches = batchesOf(o);
  const total = o.streams * o.samples;
  const problems: string[] = [];
  const timed = async (rollups: boolean): Promise<number> => {
    const r = await round(batches, rollups, cleanup);
    if (r.samples !== total) problems.push(`rollups ${rollups ? 'on' : 'off'}: ${r.samples} samples stored, expected ${total}`);
    return r.ms;
  };
  await timed(false); // warm-up: the JIT
  await timed(true);
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    // alternating which goes first, so that a drift of the machine favours neither
    if (r % 2 === 0) off.push(await timed(false));
    on.push(await timed(true));
    if (r % 2 === 1) off.push(await timed(false));
  }
  const perMillion = 1e6 / total;
  // Rounds r of off and on ran next to each other: the cost and the ratio are medians over those pairs.
  return {
    scenario: 'store-ingest',
    title: `Ingest.write on a fresh SQLite store, no HTTP: ${o.streams} streams x ${o.samples.toLocaleString()} samples, batches of ${o.batch.toLocaleString()} shuffled in windows of ${o.concurrency}, ${o.rounds} rounds per mode after a warm-up, medians`,
    figures: [
      { key: 'samples_per_s_off', label: 'Ingest.write rate, rollups off', value: (total / median(off)) * 1000, unit: 'samples/s' },
      { key: 'samples_per_s_on', label: 'Ingest.write rate, rollups on', value: (total / median(on)) * 1000, unit: 'samples/s' },
      { key: 'rollup_ms_per_million', label: 'rollups add, per 1M samples', value: median(on.map((x, r) => x - off[r]!)) * perMillion, unit: 'ms' },
      { key: 'ratio', label: 'on / off (median of pairs)', value: median(on.map((x, r) => off[r]! / x)), unit: '', digits: 3 },
    ],
    notes: [`rounds (ms): off ${off.map((x) => Math.round(x)).join(', ')}; on ${on.map((x) => Math.round(x)).join(', ')}`],
    problems,
    raw: { off_ms: off, on_ms: on, samples: total },
  };
}

/**
 * Scenario `store-ingest`: the ingest workload at the store, without HTTP — what rollup
 * maintenance adds to a feed commit, measured where it happens.
 *
 * The server scenarios (`ingest`, `rollup-overhead`) time the whole server on a shared 2-CPU
 * machine, where one run moves by ±15 % and HTTP and JSON parsing are most of the work. Here
 * batches shaped as load.mjs builds them (100 streams, 10 per component, 10 s apart, 5,000
 * samples per batch, in time order; values a daily sine per stream plus noise) go straight to
 * Ingest.write on a fresh SQLite store, one
 * after another, in an order shuffled within each window of four — the order in which four
 * concurrent feed requests commit them — so the maintainer sees the same late batches as in
 * the server. Rollups off and on alternate, after one warm-up round of each (the JIT), and the
 * medians are reported: the figure is the commit cost rollups add per million samples.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Org } from '../src/domain/model.js';
import type { FeedItem } from '../src/ingest/feed-input.js';
import { Ingest } from '../src/ingest/ingest.js';
import { openStore } from '../src/storage/open-store.js';
import { percentile, type Cleanup } from './lib.js';
import type { ScenarioReport } from './report.js';

export interface StoreIngestOptions {
  streams: number;
  samples: number;
  batch: number;
  /** timed rounds per mode, after one warm-up round each */
  rounds: number;
}

const STEP = 10_000;
const DAY = 86_400_000;
const PER_COMPONENT = 10;
const WINDOW = 4;

/** load.mjs's batches: time order, `batch` samples each, grouped by stream. */
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
      const value = Math.round((100 + 10 * s + 50 * Math.sin((2 * Math.PI * i * STEP) / DAY + s) + ((i * 7919 + s * 104729) % 101) / 20) * 100) / 100;
      item.samples.push({ time: start + i * STEP, value });
    }
    out.push([...byStream.values()]);
  }
  // Shuffled within windows of four (a fixed xorshift, so every run commits the same order).
  let x = 0x9e3779b9;
  const rand = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  for (let w = 0; w < out.length; w += WINDOW) {
    for (let i = Math.min(WINDOW, out.length - w) - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[w + i], out[w + j]] = [out[w + j]!, out[w + i]!];
    }
  }
  return out;
}

/** One round on a fresh store: ms spent in Ingest.write for all batches. */
async function round(batches: FeedItem[][], rollups: boolean, cleanup: Cleanup): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-bench-'));
  const drop = () => fs.rmSync(dir, { recursive: true, force: true });
  cleanup.add(drop);
  const store = await openStore({ dataDir: dir });
  try {
    await store.migrate();
    const org: Org = await store.orgs.create({ name: 'bench', timezone: 'UTC' });
    const ingest = new Ingest(store, { now: () => Date.now() }, { materializeRollups: rollups });
    const permit = { component: () => true, stream: () => true };
    const t0 = performance.now();
    for (const b of batches) await ingest.write(org, b, {}, permit);
    return performance.now() - t0;
  } finally {
    await store.close();
    drop();
  }
}

export async function storeIngestScenario(o: StoreIngestOptions, cleanup: Cleanup): Promise<ScenarioReport> {
  const batches = batchesOf(o);
  const total = o.streams * o.samples;
  await round(batches, false, cleanup); // warm-up: the JIT, the page cache
  await round(batches, true, cleanup);
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    // alternating which goes first, so that a drift of the machine favours neither
    if (r % 2 === 0) off.push(await round(batches, false, cleanup));
    on.push(await round(batches, true, cleanup));
    if (r % 2 === 1) off.push(await round(batches, false, cleanup));
  }
  const offMs = percentile(off, 0.5);
  const onMs = percentile(on, 0.5);
  const perMillion = 1e6 / total;
  return {
    scenario: 'store-ingest',
    title: `Ingest.write on a fresh SQLite store, no HTTP: ${o.streams} streams x ${o.samples.toLocaleString()} samples, batches of ${o.batch.toLocaleString()} shuffled in windows of ${WINDOW}, ${o.rounds} rounds per mode after a warm-up, medians`,
    figures: [
      { key: 'samples_per_s_off', label: 'commit rate, rollups off', value: (total / offMs) * 1000, unit: 'samples/s' },
      { key: 'samples_per_s_on', label: 'commit rate, rollups on', value: (total / onMs) * 1000, unit: 'samples/s' },
      { key: 'rollup_ms_per_million', label: 'rollups add, per 1M samples', value: (onMs - offMs) * perMillion, unit: 'ms' },
      { key: 'ratio', label: 'on / off', value: offMs / onMs, unit: '', digits: 3 },
    ],
    notes: [`rounds (ms): off ${off.map((x) => Math.round(x)).join(', ')}; on ${on.map((x) => Math.round(x)).join(', ')}`],
    problems: [],
    raw: { off_ms: off, on_ms: on, samples: total },
  };
}

/**
 * `npm run bench`: runs benchmark scenarios — each against a fresh server, or for
 * `store-ingest` a fresh store in this process — and prints their figures with the targets and
 * a PASS/MISS per targeted figure. Nothing here fails on a timing: the exit code is 1 only when
 * a run is invalid (errors, wrong counts) or breaks.
 *
 *   npm run bench -- [--scenario ingest] [--streams 100] [--samples 10000] [--batch 5000]
 *                    [--concurrency 4] [--settle 5] [--poll-ms 20] [--pairs 7] [--rounds 5]
 *                    [--json FILE] [--cpu-prof DIR]
 *
 * Scenarios: `ingest` (the shared peer workload, see bench/ingest.ts), `rollup-overhead` (the
 * same with GG_ROLLUPS=off and on) and `stat-query` (an hourly statistic over 1,000 hours), see
 * bench/rollups.ts; `store-ingest` (the workload's commits without HTTP, rollups off and on, see
 * bench/store-ingest.ts). New scenarios add an entry to SCENARIOS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ingestScenario, type IngestOptions } from './ingest.js';
import { rollupOverheadScenario, statQueryScenario } from './rollups.js';
import { storeIngestScenario } from './store-ingest.js';
import { Cleanup } from './lib.js';
import { formatReport, verdict, type ScenarioReport } from './report.js';

const USAGE = `usage: npm run bench -- [options]
  --scenario NAME[,NAME]  which scenarios to run (default: all): ingest, rollup-overhead, store-ingest, stat-query
  --streams N             streams (default 100; 10 per component)
  --samples N             samples per stream (default 10000)
  --batch N               samples per feed PUT (default 5000)
  --concurrency N         feed PUTs in flight (default 4)
  --settle S              seconds the data dir must stay unchanged before it is measured (default 5)
  --poll-ms MS            last_value poll period while ingesting (default 20)
  --pairs N               rollup-overhead: warm off/on pass pairs after the cold one, median reported (default 7)
  --rounds N              store-ingest: timed rounds per mode after a warm-up, median reported (default 5)
  --json FILE             also write every figure and raw measurement to FILE
  --cpu-prof DIR          write a V8 CPU profile of the server to DIR (for profiling, slows it a little)`;

const { values: opt } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'ingest,rollup-overhead,store-ingest,stat-query' },
    streams: { type: 'string', default: '100' },
    samples: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '4' },
    settle: { type: 'string', default: '5' },
    'poll-ms': { type: 'string', default: '20' },
    pairs: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}

function positive(name: keyof typeof opt): number {
  const v = Number(opt[name]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench: --${name} must be a whole number of at least 1, got '${String(opt[name])}'\n${USAGE}`);
    process.exit(2);
  }
  return v;
}

const cleanup = new Cleanup();
const ingestOptions = (): IngestOptions => ({
  streams: positive('streams'),
  samples: positive('samples'),
  batch: positive('batch'),
  concurrency: positive('concurrency'),
  settle: positive('settle'),
  pollMs: positive('poll-ms'),
  ...(opt['cpu-prof'] ? { cpuProfDir: path.resolve(opt['cpu-prof']) } : {}),
});
const SCENARIOS: Record<string, () => Promise<ScenarioReport>> = {
  ingest: () => ingestScenario(ingestOptions(), cleanup),
  'rollup-overhead': () => rollupOverheadScenario({ ...ingestOptions(), pairs: positive('pairs') }, cleanup),
  'store-ingest': () => storeIngestScenario({ streams: positive('streams'), samples: positive('samples'), batch: positive('batch'), concurrency: positive('concurrency'), rounds: positive('rounds') }, cleanup),
  'stat-query': () => statQueryScenario({ hours: 1000, reps: 300, ...(opt['cpu-prof'] ? { cpuProfDir: path.resolve(opt['cpu-prof']) } : {}) }, cleanup),
};

const names = opt.scenario.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = names.find((n) => !(n in SCENARIOS));
if (unknown || names.length === 0) {
  console.error(`bench: unknown scenario '${unknown ?? ''}' (known: ${Object.keys(SCENARIOS).join(', ')})`);
  process.exit(2);
}

// Ctrl-C or a kill still stops the server and deletes the temp dirs.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\nbench: ${sig}, cleaning up`);
    void cleanup.run().finally(() => process.exit(130));
  });
}

const reports: ScenarioReport[] = [];
let failed = false;
try {
  for (const name of names) reports.push(await SCENARIOS[name]!());
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  failed = true;
} finally {
  await cleanup.run();
}

if (reports.length > 0) {
  console.log(`\nGridGrove bench (node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  for (const r of reports) console.log(formatReport(r));
}
if (opt.json) {
  const out = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    scenarios: reports.map((r) => ({
      scenario: r.scenario,
      title: r.title,
      figures: Object.fromEntries(r.figures.map((f) => [f.key, { value: f.value, unit: f.unit, target: f.target ?? null, verdict: verdict(f) || null }])),
      problems: r.problems,
      raw: r.raw,
    })),
  };
  fs.writeFileSync(opt.json, JSON.stringify(out, null, 2) + '\n');
}
if (failed || reports.some((r) => r.problems.length > 0)) process.exit(1);

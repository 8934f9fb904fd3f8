/**
 * Rollup scenarios (issue #3):
 *  - `rollup-overhead`: the ingest workload in `pairs` alternating runs, with GG_ROLLUPS=off and
 *    with rollups maintained in the write transaction; the median of the pairs' ratios is the
 *    figure (target ≥ 0.8). (bench/store-ingest.ts measures the same cost without HTTP.)
 *  - `stat-query`: one stream with 1,000 hours of 10-second data; `cycle/hour/stat/avg/feed`
 *    over all 1,000 hours on a keep-alive connection, timed end to end and server-side
 *    (the server's Server-Timing header, GG_SERVER_TIMING=on). The answer is checked against
 *    averages computed here.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ingestScenario, type IngestOptions } from './ingest.js';
import { Cleanup, httpRequest, percentile, round, startServer } from './lib.js';
import type { ScenarioReport } from './report.js';

export const ROLLUP_TARGETS = { overheadRatio: 0.8, serverP50Ms: 1, e2eP50Ms: 2 };

/**
 * The machines are shared and one ingest run's rate moves by ±15 %, so the workload runs in
 * `pairs` off/on pairs (off first, then on first, …) and the figure is the median of the
 * pairs' ratios.
 */
export async function rollupOverheadScenario(o: IngestOptions & { pairs: number }, cleanup: Cleanup): Promise<ScenarioReport> {
  const rate = (r: ScenarioReport) => r.figures.find((f) => f.key === 'samples_per_s')?.value ?? NaN;
  const cpu = (r: ScenarioReport) => r.figures.find((f) => f.key === 'server_cpu_s')?.value ?? NaN;
  const runs: { off: ScenarioReport; on: ScenarioReport }[] = [];
  for (let i = 0; i < o.pairs; i++) {
    // Alternating which goes first, so that a drift of the machine does not favour one side.
    const first = await ingestScenario({ ...o, rollups: i % 2 === 1 }, cleanup);
    const second = await ingestScenario({ ...o, rollups: i % 2 === 0 }, cleanup);
    runs.push(i % 2 === 1 ? { on: first, off: second } : { off: first, on: second });
  }
  const median = (xs: number[]) => percentile(xs, 0.5);
  const ratios = runs.map((r) => rate(r.on) / rate(r.off));
  return {
    scenario: 'rollup-overhead',
    title: `ingest with rollups maintained vs GG_ROLLUPS=off, same workload, ${o.pairs} alternating pairs, medians (${o.streams} streams x ${o.samples.toLocaleString()})`,
    figures: [
      { key: 'samples_per_s_off', label: 'ingest rate, rollups off', value: median(runs.map((r) => rate(r.off))), unit: 'samples/s' },
      { key: 'samples_per_s_on', label: 'ingest rate, rollups on', value: median(runs.map((r) => rate(r.on))), unit: 'samples/s' },
      { key: 'ratio', label: 'on / off (median of pairs)', value: median(ratios), unit: '', digits: 3, target: { kind: 'min', value: ROLLUP_TARGETS.overheadRatio } },
      { key: 'server_cpu_s_off', label: 'server CPU, rollups off', value: median(runs.map((r) => cpu(r.off))), unit: 's', digits: 2 },
      { key: 'server_cpu_s_on', label: 'server CPU, rollups on', value: median(runs.map((r) => cpu(r.on))), unit: 's', digits: 2 },
    ],
    notes: [
      `pairs (off → on samples/s, ratio): ${runs.map((r, i) => `${Math.round(rate(r.off)).toLocaleString()} → ${Math.round(rate(r.on)).toLocaleString()} (${ratios[i]!.toFixed(3)})`).join('; ')}`,
      ...runs.flatMap((r, i) => [...r.off.notes.map((n) => `pair ${i + 1} off: ${n}`), ...r.on.notes.map((n) => `pair ${i + 1} on: ${n}`)]),
    ],
    problems: runs.flatMap((r) => [...r.off.problems, ...r.on.problems]),
    raw: { pairs: runs.map((r) => ({ off: r.off.raw, on: r.on.raw })) },
  };
}

const API_KEY = 'bench-key';
const HOUR = 3_600_000;
const STEP = 10_000;

export async function statQueryScenario(opts: { hours: number; reps: number; cpuProfDir?: string }, cleanup: Cleanup): Promise<ScenarioReport> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-bench-'));
  cleanup.add(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const server = await startServer({ dataDir: tmp, apiKey: API_KEY, env: { GG_SERVER_TIMING: 'on' }, ...(opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}) }, cleanup);
  const problems: string[] = [];
  const start = Math.floor(Date.now() / HOUR) * HOUR - (opts.hours + 24) * HOUR;
  const perHour = HOUR / STEP;
  const total = opts.hours * perHour;
  const value = (i: number) => Math.round((500 + 300 * Math.sin(i / 500) + ((i * 7919) % 101) - 50) * 100) / 100;

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cleanup.add(() => agent.destroy());
  const t0 = Date.now();
  for (let i = 0; i < total; i += 20_000) {
    const n = Math.min(20_000, total - i);
    const r = await httpRequest('PUT', `${server.url}/api/feed?api_key=${API_KEY}`, [
      { compId: 'q', streamId: 's', data: Array.from({ length: n }, (_, k) => value(i + k)), time: Array.from({ length: n }, (_, k) => start + (i + k) * STEP) },
    ], agent);
    if (r.status !== 200) throw new Error(`feed PUT: ${r.status} ${r.body}`);
  }
  const loadS = (Date.now() - t0) / 1000;

  const url = `${server.url}/api/comp/q/stream/s/cycle/hour/stat/avg/feed?sd=${start}&ed=${start + opts.hours * HOUR}&limit=1000&api_key=${API_KEY}`;
  const e2e: number[] = [];
  const srv: number[] = [];
  let body = '';
  for (let i = 0; i < opts.reps + 20; i++) {
    const r = await httpRequest('GET', url, undefined, agent);
    if (r.status !== 200) throw new Error(`stat feed: ${r.status} ${r.body}`);
    if (i < 20) continue; // warm-up: JIT, page cache
    e2e.push(r.ms);
    const m = /dur=([\d.]+)/.exec(String(r.headers['server-timing'] ?? ''));
    if (m) srv.push(Number(m[1]));
    body = r.body;
  }
  // Check: every hour's sample-and-hold average of equally spaced samples is their mean.
  const got = JSON.parse(body) as { data: number; time: number }[];
  const expected = Math.min(opts.hours, 1000);
  if (got.length !== expected) problems.push(`the stat feed returned ${got.length} intervals, expected ${expected}`);
  const h = 5;
  const row = got.find((x) => x.time === start + (h + 1) * HOUR);
  let sum = 0;
  for (let k = 0; k < perHour; k++) sum += value(h * perHour + k);
  if (!row || Math.abs(row.data - sum / perHour) > 1e-6) problems.push(`hour ${h}: avg ${row?.data} ≠ ${sum / perHour}`);
  if (srv.length === 0) problems.push('no Server-Timing header (GG_SERVER_TIMING=on)');
  await server.stop();

  return {
    scenario: 'stat-query',
    title: `cycle/hour/stat/avg/feed over ${opts.hours} hours of 10-second data (${total.toLocaleString()} samples, one stream), ${opts.reps} reps, keep-alive`,
    figures: [
      { key: 'server_p50_ms', label: 'server-side p50', value: percentile(srv, 0.5), unit: 'ms', digits: 3, target: { kind: 'max', value: ROLLUP_TARGETS.serverP50Ms } },
      { key: 'server_p99_ms', label: 'server-side p99', value: percentile(srv, 0.99), unit: 'ms', digits: 3 },
      { key: 'e2e_p50_ms', label: 'end-to-end p50', value: percentile(e2e, 0.5), unit: 'ms', digits: 3, target: { kind: 'max', value: ROLLUP_TARGETS.e2eP50Ms } },
      { key: 'e2e_p99_ms', label: 'end-to-end p99', value: percentile(e2e, 0.99), unit: 'ms', digits: 3 },
      { key: 'load_s', label: 'time to load the data', value: loadS, unit: 's', digits: 1 },
    ],
    notes: [`response: ${got.length} intervals, ${body.length.toLocaleString()} bytes`],
    problems,
    raw: { e2e_ms: e2e.map((x) => round(x, 3)), server_ms: srv },
  };
}

/**
 * Rollup scenarios (issue #3):
 *  - `rollup-overhead`: the ingest workload against two servers side by side, one with
 *    GG_ROLLUPS=off and one maintaining rollups in the write transaction, pass after pass in
 *    alternation; the median of the warm passes' on/off ratios is the figure (target ≥ 0.8).
 *    (bench/store-ingest.ts measures the same cost without HTTP.)
 *  - `stat-query`: one stream with 1,000 hours of 10-second data; `cycle/hour/stat/avg/feed`
 *    over all 1,000 hours on a keep-alive connection, timed end to end and server-side
 *    (the server's Server-Timing header, GG_SERVER_TIMING=on). The answer is checked against
 *    averages computed here.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { countStored, firstStart, lastValueTime, runLoad, STEP_MS as LOAD_STEP_MS, type IngestOptions, type LoadResult } from './ingest.js';
import { Cleanup, httpRequest, median, percentile, round, startServer } from './lib.js';
import type { ScenarioReport } from './report.js';

export const ROLLUP_TARGETS = { overheadRatio: 0.8, serverP50Ms: 1, e2eP50Ms: 2 };

type Mode = 'off' | 'on';

/**
 * Ingest with rollups against ingest without, as a ratio of rates. Two servers run side by side
 * on fresh data dirs, and the workload goes to one, then the other, for `pairs` + 1 passes
 * each (which server goes first alternates); pass k covers the time range after pass k − 1, as
 * devices going on reporting would. Only one server is loaded at a time.
 *
 * Why not a fresh server per run: on these shared 2-CPU machines the same work takes up to a
 * quarter longer from one minute to the next, and a fresh process spends its first 1.5 seconds
 * largely compiling whatever code the requests run — more code with rollups, so that one-off
 * cost weighs on the ratio as the machine happens to be. Pass 1 is that cold start, reported
 * beside the figure; the figure is the median over the later passes, each compared with the
 * other server's pass right next to it in time: the steady state of a server that runs for
 * days, which is what "ingest throughput with rollups maintained" is about.
 */
export async function rollupOverheadScenario(o: IngestOptions & { pairs: number }, cleanup: Cleanup): Promise<ScenarioReport> {
  const passes = o.pairs + 1;
  const start = firstStart(o.samples, passes);
  const side = async (mode: Mode) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-bench-'));
    cleanup.add(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    // (--cpu-prof profiles the server maintaining rollups)
    const server = await startServer({ dataDir, apiKey: API_KEY, env: { GG_ROLLUPS: mode }, ...(mode === 'on' && o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}) }, cleanup);
    return { mode, dataDir, server, results: [] as LoadResult[] };
  };
  const sides = { off: await side('off'), on: await side('on') };
  for (let k = 0; k < passes; k++) {
    for (const mode of k % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const s = sides[mode];
      s.results.push(await runLoad(s.server, s.dataDir, o, cleanup, { start: start + k * o.samples * LOAD_STEP_MS, settle: false }));
    }
  }

  const problems: string[] = [];
  const lastExpected = start + (passes * o.samples - 1) * LOAD_STEP_MS;
  for (const s of Object.values(sides)) {
    const { time, status } = await lastValueTime(s.server);
    if (time !== lastExpected) problems.push(`rollups ${s.mode}: last_value of dev0/s0: time ${time ?? `(status ${status})`}, expected ${lastExpected}`);
    await s.server.stop();
    const stored = countStored(s.dataDir);
    const total = o.streams * o.samples * passes;
    if (stored.samples !== total) problems.push(`rollups ${s.mode}: stored ${stored.samples.toLocaleString()} samples, expected ${total.toLocaleString()}`);
    const errors = s.results.reduce((n, r) => n + r.errors, 0);
    if (errors > 0) problems.push(`rollups ${s.mode}: ${errors} feed PUTs failed (see load.mjs's output above)`);
  }

  const rate = (m: Mode, k: number) => sides[m].results[k]!.samples_per_s;
  const cpu = (m: Mode, k: number) => sides[m].results[k]!.server_cpu_s ?? NaN;
  const warm = Array.from({ length: o.pairs }, (_, i) => i + 1);
  const ratio = (k: number) => rate('on', k) / rate('off', k);
  const perPass = (k: number) => `${Math.round(rate('off', k)).toLocaleString()} → ${Math.round(rate('on', k)).toLocaleString()} (${ratio(k).toFixed(3)}; CPU ${cpu('off', k)} → ${cpu('on', k)} s)`;
  return {
    scenario: 'rollup-overhead',
    title: `ingest with rollups maintained vs GG_ROLLUPS=off, two servers side by side, ${passes} alternating passes of ${o.streams} streams x ${o.samples.toLocaleString()} each, the first a cold start; medians of the rest`,
    figures: [
      { key: 'samples_per_s_off', label: 'ingest rate, rollups off', value: median(warm.map((k) => rate('off', k))), unit: 'samples/s' },
      { key: 'samples_per_s_on', label: 'ingest rate, rollups on', value: median(warm.map((k) => rate('on', k))), unit: 'samples/s' },
      { key: 'ratio', label: 'on / off (median of warm pairs)', value: median(warm.map(ratio)), unit: '', digits: 3, target: { kind: 'min', value: ROLLUP_TARGETS.overheadRatio } },
      { key: 'ratio_cold', label: 'on / off, first pass (cold start)', value: ratio(0), unit: '', digits: 3 },
      { key: 'server_cpu_s_off', label: 'server CPU per pass, rollups off', value: median(warm.map((k) => cpu('off', k))), unit: 's', digits: 2 },
      { key: 'server_cpu_s_on', label: 'server CPU per pass, rollups on', value: median(warm.map((k) => cpu('on', k))), unit: 's', digits: 2 },
    ],
    notes: [
      `first pass, cold start (off → on samples/s, ratio): ${perPass(0)}`,
      `warm pairs: ${warm.map(perPass).join('; ')}`,
      `feed PUT p50 / p99, warm medians: off ${round(median(warm.map((k) => sides.off.results[k]!.write_p50_ms)), 1)} / ${round(median(warm.map((k) => sides.off.results[k]!.write_p99_ms)), 1)} ms, ` +
        `on ${round(median(warm.map((k) => sides.on.results[k]!.write_p50_ms)), 1)} / ${round(median(warm.map((k) => sides.on.results[k]!.write_p99_ms)), 1)} ms`,
    ],
    problems,
    raw: { off: sides.off.results, on: sides.on.results },
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

/**
 * Ingest scenario: the shared peer workload (../shared/bench/peers/load.mjs, target `grove`)
 * against a fresh server, while this process polls one stream's last_value on its own
 * connection. load.mjs times the ingest, measures the server's CPU and RSS (--pid) and waits
 * for the data directory to settle before measuring it; this scenario adds the last_value
 * latencies, a last_value check and, after the server has stopped, a count of what was stored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Cleanup, diskUsage, httpGet, machineCpu, percentile, Poller, PROJECT_ROOT, round, runChild, startServer, type BenchServer } from './lib.js';
import type { ScenarioReport } from './report.js';

export interface IngestOptions {
  streams: number;
  samples: number;
  batch: number;
  concurrency: number;
  /** seconds the data dir must stay unchanged after the ingest before it is measured */
  settle: number;
  /** last_value poll period, ms */
  pollMs: number;
  cpuProfDir?: string;
}

/** The issue's targets (InfluxDB 1.6 does about 400k samples/s on this workload here). */
export const INGEST_TARGETS = { samplesPerS: 400_000, bytesPerSample: 25 };

export const API_KEY = 'bench-key';
/** load.mjs's default spacing of samples (we do not pass --step) */
export const STEP_MS = 10_000;
const DAY_MS = 86_400_000;

/** What load.mjs writes with --json (the fields this scenario reads). */
export interface LoadResult {
  start: number;
  total_samples: number;
  samples_ok: number;
  errors: number;
  ingest_s: number;
  samples_per_s: number;
  write_p50_ms: number;
  write_p99_ms: number;
  write_max_ms: number;
  client_cpu_s?: number;
  server_cpu_s?: number;
  server_peak_rss_mb?: number;
  bytes_per_sample?: number;
  bytes_per_sample_after_ingest?: number;
  disk_bytes?: number;
  settled?: boolean;
  disk_breakdown?: Record<string, number>;
}

function loadScriptPath(): string {
  const p = path.resolve(PROJECT_ROOT, '../shared/bench/peers/load.mjs');
  if (!fs.existsSync(p)) {
    throw new Error(`the shared workload ${p} is missing: the bench needs ../shared/bench/peers/load.mjs beside the project (see its README.md)`);
  }
  return p;
}

/**
 * The timed part of load.mjs's run, from its "encoded …" line (printed just before its clock
 * starts) to its "ingest: …" line: last_value latencies count only then, and the machine's
 * CPU use over it shows how much else competed with the server.
 */
class IngestWindow {
  started = false;
  ended = false;
  /** CPU seconds over the window: the machine's busy and total, and this process's */
  cpu: { machine: number; total: number; self: number } | undefined;
  private atStart: { machine: ReturnType<typeof machineCpu>; self: NodeJS.CpuUsage } | undefined;

  constructor(private readonly poller: Poller) {}

  onLine(line: string): void {
    if (/^\[grove\] encoded /.test(line)) {
      this.started = true;
      this.poller.recording = true;
      this.atStart = { machine: machineCpu(), self: process.cpuUsage() };
    } else if (/^\[grove\] ingest: /.test(line)) {
      this.ended = true;
      this.poller.recording = false;
      const m0 = this.atStart?.machine;
      const m1 = machineCpu();
      if (m0 && m1 && this.atStart) {
        const self = process.cpuUsage(this.atStart.self);
        this.cpu = { machine: m1.busy - m0.busy, total: m1.total - m0.total, self: (self.user + self.system) / 1e6 };
      }
    }
  }
}

/**
 * Where `passes` back-to-back passes of the workload start: load.mjs's own default for one pass
 * (the UTC midnight far enough back that every sample is in the past), moved back so that
 * every pass's samples are.
 */
export function firstStart(samples: number, passes: number, now = Date.now()): number {
  return Math.floor(now / DAY_MS) * DAY_MS - (Math.ceil((passes * samples * STEP_MS) / DAY_MS) + 1) * DAY_MS;
}

/**
 * One load.mjs run of the workload against a running server, its samples from `start` (default:
 * load.mjs's own). `settle` false skips waiting for the data dir to settle (its size is then not
 * worth reporting). Lines go to `onLine`; its result object is read from --json.
 */
export async function runLoad(
  server: BenchServer, dataDir: string, o: IngestOptions, cleanup: Cleanup,
  opts: { start?: number; settle: boolean; onLine?: (line: string) => void },
): Promise<LoadResult> {
  const outFile = path.join(path.dirname(dataDir), 'load.json'); // outside the data dir, which is measured
  await runChild(
    process.execPath,
    [
      loadScriptPath(), '--target', 'grove', '--url', server.url, '--key', API_KEY, '--data-dir', dataDir, '--pid', String(server.pid),
      '--streams', String(o.streams), '--samples', String(o.samples), '--batch', String(o.batch), '--concurrency', String(o.concurrency),
      ...(opts.start === undefined ? [] : ['--start', String(opts.start)]),
      ...(opts.settle ? ['--settle', String(o.settle)] : ['--settle', '0', '--max-wait', '1']),
      '--skip-query', '--json', outFile,
    ],
    cleanup,
    opts.onLine ?? (() => {}),
    (line) => !line.startsWith('{'), // its result object: read from --json instead
  );
  return JSON.parse(fs.readFileSync(outFile, 'utf8')) as LoadResult;
}

/** What a stopped server's SQLite database holds: chunk rows, samples, streams and pages. */
export function countStored(dataDir: string): { rows: number; samples: number; streams: number; pageSize: number; pages: number; freePages: number } {
  const db = new Database(path.join(dataDir, 'gridgrove.db'), { readonly: true });
  try {
    const c = db.prepare('SELECT count(*) AS rows, coalesce(sum(n), 0) AS samples FROM chunks').get() as { rows: number; samples: number };
    const streams = (db.prepare('SELECT count(*) AS n FROM streams').get() as { n: number }).n;
    return {
      ...c,
      streams,
      pageSize: db.pragma('page_size', { simple: true }) as number,
      pages: db.pragma('page_count', { simple: true }) as number,
      freePages: db.pragma('freelist_count', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

/** The time of dev0/s0's last value on a running server (undefined: none, or an error). */
export async function lastValueTime(server: BenchServer): Promise<{ time: number | undefined; status: number }> {
  const lv = await httpGet(`${server.url}/api/comp/dev0/stream/s0/last_value?api_key=${API_KEY}`);
  return { status: lv.status, time: lv.status === 200 ? (JSON.parse(lv.body) as { time?: number }[])[0]?.time : undefined };
}

export async function ingestScenario(o: IngestOptions, cleanup: Cleanup): Promise<ScenarioReport> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-bench-'));
  cleanup.add(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);

  const server = await startServer(
    { dataDir, apiKey: API_KEY, ...(o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}) },
    cleanup,
  );
  const problems: string[] = [];
  const notes: string[] = [];

  const poller = new Poller(`${server.url}/api/comp/dev0/stream/s0/last_value?api_key=${API_KEY}`, o.pollMs);
  const window = new IngestWindow(poller);
  let res: LoadResult;
  try {
    res = await runLoad(server, dataDir, o, cleanup, { settle: true, onLine: (line) => window.onLine(line) });
  } finally {
    await poller.stop();
  }
  const cpuDuring = window.cpu;
  if (!window.started || !window.ended) notes.push('note: could not find load.mjs\'s "encoded"/"ingest:" lines; last_value latencies cover its whole run');

  // The last value of dev0/s0 must be its newest sample.
  const lastExpected = res.start + (o.samples - 1) * STEP_MS;
  const { time: lastTime, status } = await lastValueTime(server);
  if (lastTime !== lastExpected) problems.push(`last_value of dev0/s0: time ${lastTime ?? `(status ${status})`}, expected ${lastExpected}`);

  await server.stop();
  // After a clean stop the WAL has been checkpointed and truncated.
  const closed = diskUsage(dataDir);
  const stored = countStored(dataDir);
  const total = o.streams * o.samples;
  if (stored.samples !== total) problems.push(`stored ${stored.samples.toLocaleString()} samples, expected ${total.toLocaleString()}`);
  if (stored.streams !== o.streams) problems.push(`stored ${stored.streams} streams, expected ${o.streams}`);
  if (res.errors > 0) problems.push(`${res.errors} feed PUTs failed (see load.mjs's output above)`);
  if (res.settled === false) problems.push('the data dir did not settle before load.mjs\'s --max-wait');
  // A 404 is expected until the first batch has created dev0; anything else is worth a look.
  const nonOk = poller.failures.length;
  const unexpected = poller.failures.filter((f) => !f.startsWith('404 '));
  if (unexpected.length > 0) notes.push(`last_value: ${unexpected.length} of ${nonOk + poller.latencies.length} polls failed (first: ${unexpected[0]})`);

  // CPU the server, load.mjs and this process did not use: other work on a shared machine.
  let others: number | undefined;
  if (cpuDuring && res.server_cpu_s !== undefined && res.client_cpu_s !== undefined) {
    others = Math.max(0, cpuDuring.machine - res.server_cpu_s - res.client_cpu_s - cpuDuring.self);
    notes.push(
      `machine: ${round(cpuDuring.machine, 1)} of ${round(cpuDuring.total, 1)} CPU-s busy during the ingest; other processes used ${round(others, 1)} CPU-s` +
        (others > 0.1 * cpuDuring.total ? ' (noisy: rerun when the machine is quieter)' : ''),
    );
  }

  const lvP50 = percentile(poller.latencies, 0.5);
  const lvP99 = percentile(poller.latencies, 0.99);
  notes.push(
    `disk: ${round((res.bytes_per_sample_after_ingest ?? NaN), 2)} B/sample right after the ingest; after the server stopped (WAL checkpointed and truncated) ` +
      `${round(closed.allocated / total, 2)} B/sample; ${stored.rows.toLocaleString()} chunk rows, ${stored.pages.toLocaleString()} pages of ${stored.pageSize} B, ${stored.freePages} free`,
  );
  notes.push(`files after settling (allocated bytes): ${JSON.stringify(res.disk_breakdown ?? {})}`);
  notes.push(`stored: ${stored.samples.toLocaleString()} samples in ${stored.streams} streams; last_value of dev0/s0 ${lastTime === lastExpected ? 'is the newest sample' : 'is WRONG'}`);

  return {
    scenario: 'ingest',
    title: `rollups maintained: ${o.streams} streams x ${o.samples.toLocaleString()} samples as JSON feed PUTs, batches of ${o.batch.toLocaleString()}, ${o.concurrency} concurrent, keep-alive`,
    figures: [
      { key: 'samples_per_s', label: 'ingest rate', value: res.samples_per_s, unit: 'samples/s', target: { kind: 'min', value: INGEST_TARGETS.samplesPerS } },
      { key: 'write_p50_ms', label: 'feed PUT p50', value: res.write_p50_ms, unit: 'ms', digits: 1 },
      { key: 'write_p99_ms', label: 'feed PUT p99', value: res.write_p99_ms, unit: 'ms', digits: 1 },
      { key: 'bytes_per_sample', label: 'disk per sample (settled, incl. WAL)', value: res.bytes_per_sample ?? NaN, unit: 'B', digits: 2, target: { kind: 'max', value: INGEST_TARGETS.bytesPerSample } },
      { key: 'last_value_p50_ms', label: 'last_value p50 while ingesting', value: lvP50, unit: 'ms', digits: 2 },
      { key: 'last_value_p99_ms', label: 'last_value p99 while ingesting', value: lvP99, unit: 'ms', digits: 2 },
      { key: 'last_value_polls', label: 'last_value polls while ingesting', value: poller.latencies.length, unit: '' },
      { key: 'server_cpu_s', label: 'server CPU during ingest', value: res.server_cpu_s ?? NaN, unit: 's', digits: 2 },
      { key: 'server_peak_rss_mb', label: 'server peak RSS', value: res.server_peak_rss_mb ?? NaN, unit: 'MB' },
    ],
    notes,
    problems,
    raw: {
      options: o,
      load: res,
      last_value: { polls: poller.latencies.length, non_200: nonOk, p50_ms: round(lvP50), p99_ms: round(lvP99), max_ms: round(Math.max(0, ...poller.latencies)) },
      after_stop: { allocated_bytes: closed.allocated, bytes_per_sample: round(closed.allocated / total), files: closed.files },
      stored,
      cpu_during_ingest: cpuDuring ? { ...cpuDuring, others } : null,
    },
  };
}

/**
 * Bench plumbing shared by every scenario: a fresh server as a child process in a temp dir,
 * child processes with line-wise output, HTTP timing on a dedicated keep-alive socket, disk
 * and /proc figures, percentiles. Nothing here asserts timings: the bench only reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The project root (this file runs as dist/bench/lib.js). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The middle value, or the mean of the two middle ones; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const a = [...values].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

/** Nearest-rank percentile (the same definition as the shared load.mjs); NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const a = [...values].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]!;
}

/** Things to undo however the bench ends (normal end, error or Ctrl-C), last registered first. */
export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (e) {
        console.error(`bench: cleanup step failed: ${(e as Error).message}`);
      }
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Allocated bytes (what `du` counts, st_blocks × 512) and apparent bytes under a directory. */
export function diskUsage(dir: string): { allocated: number; apparent: number; files: Record<string, number> } {
  let allocated = 0;
  let apparent = 0;
  const files: Record<string, number> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.lstatSync(p);
        allocated += st.blocks * 512;
        apparent += st.size;
        files[path.relative(dir, p)] = st.blocks * 512;
      }
    }
  };
  walk(dir);
  return { allocated, apparent, files };
}

/**
 * CPU seconds the whole machine has spent busy and in total since boot (all cores; from the
 * first line of /proc/stat, assuming USER_HZ = 100 as load.mjs does), or undefined off Linux.
 */
export function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
  } catch {
    return undefined;
  }
}

/** Forwards a stream's lines to `onLine` and keeps the last few for error messages. */
function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void, tail: string[]): void {
  if (!stream) return;
  readline.createInterface({ input: stream }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    onLine(line);
  });
}

export interface BenchServer {
  pid: number;
  url: string;
  dataDir: string;
  /** SIGTERM, then waits for the exit (SIGKILL after 30 s). Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  apiKey: string;
  /** write a V8 CPU profile of the server into this directory when it exits */
  cpuProfDir?: string;
  /** extra environment (GG_ROLLUPS, GG_SERVER_TIMING, ...) */
  env?: Record<string, string>;
}

/** package.json's config.serverNodeFlags, which `npm start` passes to node. */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { config?: { serverNodeFlags?: string } };
  return (pkg.config?.serverNodeFlags ?? '').split(/\s+/).filter(Boolean);
}

/**
 * `node dist/src/cli/main.js serve` on a free loopback port with its data in `dataDir`,
 * always the embedded SQLite store (DATABASE_URL is removed from its environment), no feed
 * rate limit and warn-level logs. Resolves once /healthz answers.
 */
export async function startServer(opts: ServerOptions, cleanup: Cleanup): Promise<BenchServer> {
  const main = path.join(PROJECT_ROOT, 'dist/src/cli/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    GG_DATA_DIR: opts.dataDir,
    GG_BOOTSTRAP_API_KEY: opts.apiKey,
    GG_LOG_LEVEL: 'warn',
    GG_FEED_RATE_LIMIT: 'off',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  // The server as `npm start` runs it: the same node flags (package.json config.serverNodeFlags).
  const nodeArgs = ['--enable-source-maps', ...serverNodeFlags()];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const child = spawn(process.execPath, [...nodeArgs, main, 'serve'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  lines(child.stdout, (l) => console.log(`[server] ${l}`), tail);
  lines(child.stderr, (l) => console.error(`[server] ${l}`), tail);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    })());
  cleanup.add(stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited during start (${child.exitCode ?? child.signalCode}):\n${tail.join('\n')}`);
    }
    const r = await httpGet(url + '/healthz').catch(() => undefined);
    if (r?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`the server did not answer /healthz within 30 s:\n${tail.join('\n')}`);
    await sleep(50);
  }
  return { pid: child.pid!, url, dataDir: opts.dataDir, stop };
}

export interface Timed {
  status: number;
  body: string;
  ms: number;
}

/** One request with an optional JSON body; resolves with status, body, time and headers. */
export function httpRequest(method: string, url: string, body?: unknown, agent?: http.Agent): Promise<Timed & { headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method, agent: agent ?? false, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - t0) / 1e6, headers: res.headers }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

export function httpGet(url: string, agent?: http.Agent): Promise<Timed> {
  return httpRequest('GET', url, undefined, agent);
}

/**
 * Runs a child process to completion, handing each stdout line to `onLine` and echoing the
 * lines `echo` accepts. Killed by the cleanup if the bench is interrupted.
 */
export function runChild(cmd: string, args: string[], cleanup: Cleanup, onLine: (line: string) => void, echo: (line: string) => boolean = () => true): Promise<void> {
  const child: ChildProcess = spawn(cmd, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  lines(child.stdout, (l) => {
    if (echo(l)) console.log(l);
    onLine(l);
  }, tail);
  lines(child.stderr, (l) => console.error(l), tail);
  cleanup.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code ?? signal}:\n${tail.slice(-10).join('\n')}`));
    });
  });
}

/**
 * GETs `url` over its own keep-alive connection, one request at a time, starting a new one
 * every `everyMs` (or at once when the previous one took longer), until stop() is called.
 * Only latencies recorded while `recording` is on are kept.
 */
export class Poller {
  recording = false;
  readonly latencies: number[] = [];
  readonly failures: string[] = [];
  private running = true;
  private readonly done: Promise<void>;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly url: string, private readonly everyMs: number) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const t0 = performance.now();
      const recording = this.recording;
      try {
        const r = await httpGet(this.url, this.agent);
        if (recording) {
          if (r.status === 200) this.latencies.push(r.ms);
          else this.failures.push(`${r.status} ${r.body.slice(0, 120)}`);
        }
      } catch (e) {
        if (recording) this.failures.push((e as Error).message);
      }
      const wait = this.everyMs - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    this.agent.destroy();
  }
}

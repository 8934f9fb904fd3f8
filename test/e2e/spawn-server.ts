/**
 * End-to-end helpers: the built server spawned the way a user runs it
 * (`node dist/src/cli/main.js serve`), on a free port, with a fresh data directory; the CLI run
 * against the same data; and small HTTP clients (node:http for requests, net.Socket for bytes).
 *
 * Every started server is stopped with SIGTERM by stop() (which checks the exit code is 0 and
 * removes the data directory); a process 'exit' hook SIGKILLs any left over, so a failing test
 * never leaves a server behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist/test/e2e/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');

/** The api_key of the seed's "Example of Full URL With the api_key Token". */
export const SEED_API_KEY = '0ccc2159-2697-3dcd-a211-588e9ccbed71';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
// The safety net: whatever a test left running or on disk goes when its process exits.
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The environment of a spawned server or CLI: nothing inherited that would change what it does. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GG_') || ['PORT', 'HOST', 'DATABASE_URL', 'REDIS_URL', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** A fresh temp directory, removed at the latest when the test process exits. */
export function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-e2e-'));
  tempDirs.add(dir);
  return dir;
}

export interface ServerOptions {
  /** extra environment (GG_BODY_LIMIT, GG_FEED_RATE_LIMIT, ...) */
  env?: Record<string, string>;
  /** an existing data directory (kept on stop); default: a fresh temp dir, removed on stop */
  dataDir?: string;
  /** GG_BOOTSTRAP_API_KEY; default SEED_API_KEY */
  apiKey?: string;
}

export interface RunningServer {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  dataDir: string;
  apiKey: string;
  /** the environment the server runs with (for CLI calls against the same data) */
  env: Record<string, string>;
  child: ChildProcess;
  /** stdout + stderr so far */
  output(): string;
  /** SIGTERM, wait for the exit, assert it is 0, remove the temp data dir. Idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

function waitExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Sends `signal` and waits for the exit (SIGKILL after timeoutMs). The child and its pipes are
 * unref'd, so an interval keeps the test's event loop alive until the exit is seen, also after
 * a SIGKILL (without it the test would end as "cancelled" instead of reporting the exit).
 */
export async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = STOP_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    return await waitExit(child);
  } finally {
    clearTimeout(timer);
    clearInterval(keepAlive);
  }
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? makeDataDir();
  const apiKey = opts.apiKey ?? SEED_API_KEY;
  // PORT=0 picks a free port; the server's "listening on http://HOST:PORT" log line tells which.
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', GG_DATA_DIR: dataDir, GG_BOOTSTRAP_API_KEY: apiKey, GG_LOG_LEVEL: 'info', ...opts.env };
  const child = spawn(process.execPath, ['--enable-source-maps', CLI, 'serve'], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A server a test forgot to stop must not keep the test process alive (the exit hook then
  // kills it); while a test waits on the server, its own timers and sockets keep the loop alive.
  child.unref();
  for (const pipe of [child.stdout, child.stderr]) (pipe as unknown as { unref?: () => void } | null)?.unref?.();
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > 2_000_000) out = out.slice(-1_000_000); // always drain the pipes; keep the tail
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the server did not report its port within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const onData = () => {
      const m = /listening on http:\/\/[^\s"]*?:(\d+)/.exec(out);
      if (m) done(undefined, Number(m[1]));
    };
    const onExit = (code: number | null) => done(new Error(`the server exited with ${code} before listening:\n${out}`));
    function done(err?: Error, p?: number) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(p!);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });

  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const server: RunningServer = {
    port,
    url,
    dataDir,
    apiKey,
    env,
    child,
    output: () => out,
    stop: () =>
      (stopping ??= (async () => {
        try {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`the server had already exited (code ${child.exitCode}, signal ${child.signalCode}):\n${out.slice(-4000)}`);
          }
          const { code, signal } = await signalAndWait(child, 'SIGTERM');
          if (code !== 0) throw new Error(`the server exited with code ${code} (signal ${signal}) on SIGTERM:\n${out.slice(-4000)}`);
        } finally {
          if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
        }
      })()),
  };

  // ready when /healthz answers 200
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const r = await request(server, 'GET', '/healthz');
      if (r.status === 200) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`/healthz did not answer 200 within ${START_TIMEOUT_MS} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/cli/main.js ...args` with the given environment (e.g. a server's env). */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--enable-source-maps', CLI, ...args], { cwd: ROOT, env: cleanEnv(env), timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a CLI command with --json and parses its one JSON object; fails loudly otherwise. */
export async function cliJson(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const r = await runCli([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`gridgrove ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`gridgrove ${args.join(' ')} --json printed ${lines.length} lines:\n${r.stdout}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** the body parsed as JSON (throws if it is not JSON) */
  json(): any;
}

/** `pathAndQuery` with `api_key=KEY` appended as a query parameter (the key URI-encoded). */
export function withKey(pathAndQuery: string, key: string): string {
  return `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;
}

/** One HTTP request on its own connection. `body`: a string/Buffer sent as is, anything else as JSON. */
export function request(
  server: { port: number },
  method: string,
  pathAndQuery: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let payload: Buffer | undefined;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) {
      if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) payload = Buffer.from(opts.body as string);
      else {
        payload = Buffer.from(JSON.stringify(opts.body));
        headers['Content-Type'] ??= 'application/json';
      }
      headers['Content-Length'] = String(payload.length);
    }
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: pathAndQuery, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface RawResponse {
  /** every byte of the response head and body */
  raw: string;
  statusLine: string;
  /** header lines as sent, in order */
  headerLines: string[];
  /** first value of a header, by case-insensitive name */
  header(name: string): string | undefined;
  body: string;
}

/**
 * Reads one response off a socket: the head up to CRLFCRLF, then exactly Content-Length bytes.
 * Resolves with what it has when the socket ends. Fails on Transfer-Encoding: chunked (never allowed).
 */
export function readResponse(sock: net.Socket, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no complete response within ${timeoutMs} ms; got ${JSON.stringify(buf.toString('latin1'))}`)), timeoutMs);
    function parse(): RawResponse | undefined {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const head = buf.subarray(0, end).toString('latin1');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      if (statusLine.startsWith('HTTP/1.1 100 ')) {
        buf = buf.subarray(end + 4); // an interim 100 Continue: skip it
        return parse();
      }
      const header = (name: string) => headerLines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.replace(/^[^:]*:\s*/, '');
      if (/chunked/i.test(header('transfer-encoding') ?? '')) throw new Error(`chunked response: ${head}`);
      const length = Number(header('content-length') ?? 'NaN');
      if (!Number.isFinite(length)) throw new Error(`a response without Content-Length: ${head}`);
      if (buf.length < end + 4 + length) return undefined;
      const body = buf.subarray(end + 4, end + 4 + length);
      const raw = buf.subarray(0, end + 4 + length).toString('utf8');
      buf = buf.subarray(end + 4 + length);
      return { raw, statusLine, headerLines, header, body: body.toString('utf8') };
    }
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        const r = parse();
        if (r) finish(undefined, r);
      } catch (e) {
        finish(e as Error);
      }
    };
    const onEnd = () => finish(new Error(`the connection closed before a complete response; got ${JSON.stringify(buf.toString('latin1'))}`));
    const onError = (e: Error) => finish(e);
    function finish(err?: Error, r?: RawResponse) {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('end', onEnd);
      sock.off('error', onError);
      if (err) reject(err);
      else resolve(r!);
    }
    sock.on('data', onData);
    sock.once('end', onEnd);
    sock.once('error', onError);
  });
}

/** A connected raw socket to the server. */
export function connect(server: { port: number }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => resolve(sock));
    sock.once('error', reject);
  });
}

/** Sends raw request bytes on a fresh connection and reads one response. */
export async function rawRequest(server: { port: number }, bytes: string | Buffer): Promise<RawResponse> {
  const sock = await connect(server);
  try {
    const pending = readResponse(sock);
    sock.write(bytes);
    return await pending;
  } finally {
    sock.destroy();
  }
}

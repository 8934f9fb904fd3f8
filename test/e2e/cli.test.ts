/**
 * The operations CLI (contract §4) against the same data as a running server, configuration
 * errors at start (contract §2), and a clean exit on SIGTERM.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cliJson, connect, makeDataDir, readResponse, request, runCli, signalAndWait, startServer, withKey, type RunningServer } from './spawn-server.js';

let server: RunningServer;
let acme: { org_id: string; api_key: string; client_id: string; client_secret: string };

before(async () => {
  server = await startServer();
  // a component of the default organisation
  const r = await request(server, 'PUT', `/api/feed?compId=default_meter&time=1000&power=5&api_key=${server.apiKey}`);
  assert.equal(r.status, 200, r.body);
});
after(() => server?.stop());

describe('gridgrove org create', () => {
  it('prints one JSON object with org_id, api_key, client_id, client_secret', async () => {
    const out = await cliJson(['org', 'create', 'Acme', '--timezone', 'Europe/London'], server.env);
    assert.deepEqual(Object.keys(out).sort(), ['api_key', 'client_id', 'client_secret', 'org_id']);
    for (const [k, v] of Object.entries(out)) assert.ok(typeof v === 'string' && v.length >= 8, `${k}: ${JSON.stringify(v)}`);
    acme = out as typeof acme;
    assert.notEqual(acme.api_key, server.apiKey);
  });

  it("the new api_key works against the running server, in the org's time zone", async () => {
    const r = await request(server, 'PUT', `/api/feed?compId=acme_meter&time=2000&power=7&api_key=${acme.api_key}`);
    assert.equal(r.status, 200, r.body);
    const read = await request(server, 'GET', `/api/comp/acme_meter/feed?api_key=${acme.api_key}`);
    assert.equal(read.body, '[{"data":7,"time":2000}]');
    const comp = await request(server, 'GET', `/api/component/acme_meter?api_key=${acme.api_key}`);
    assert.equal(comp.status, 200, comp.body);
    assert.equal(comp.json().component.timeZoneId, 'Europe/London');
  });

  it("each tenant sees only its own components: another org's compId → 404", async () => {
    const f = async (key: string, compId: string, status: number) => {
      for (const p of [`/api/comp/${compId}/feed`, `/api/comp/${compId}/last_value`, `/api/comp/${compId}/stream/power/feed`, `/api/comp/${compId}/property?name`]) {
        const r = await request(server, 'GET', withKey(p, key));
        assert.equal(r.status, status, `${p}: ${r.body}`);
      }
    };
    await f(acme.api_key, 'default_meter', 404);
    await f(server.apiKey, 'acme_meter', 404);
    await f(acme.api_key, 'acme_meter', 200);
    await f(server.apiKey, 'default_meter', 200);
  });

  it("the same compId in two orgs is two components", async () => {
    const r = await request(server, 'PUT', `/api/feed?compId=default_meter&time=3000&power=99&api_key=${acme.api_key}`);
    assert.equal(r.status, 200, r.body);
    assert.equal((await request(server, 'GET', `/api/comp/default_meter/feed?api_key=${acme.api_key}`)).body, '[{"data":99,"time":3000}]');
    assert.equal((await request(server, 'GET', `/api/comp/default_meter/feed?api_key=${server.apiKey}`)).body, '[{"data":5,"time":1000}]');
  });

  it('the time zone is stored in its canonical spelling', async () => {
    const out = await cliJson(['org', 'create', 'Lower', '--timezone', 'europe/london'], server.env);
    // the blank component shows the org's zone (and writes nothing the backup test counts)
    const blank = await request(server, 'GET', `/api/component/new?api_key=${out.api_key}`);
    assert.equal(blank.status, 200, blank.body);
    assert.equal(blank.json().component.timeZoneId, 'Europe/London');
  });

  it('a bad time zone is refused with a message, exit code not 0', async () => {
    const r = await runCli(['org', 'create', 'Nowhere', '--timezone', 'Mars/Olympus', '--json'], server.env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /timezone/);
    assert.equal(r.stdout, '');
  });
});

describe('gridgrove apikey create', () => {
  it('--json prints {id, secret}; the key has exactly the given rights, in the given org', async () => {
    const out = await cliJson(['apikey', 'create', '--org', acme.org_id, '--rights', 'component/*/feed GET'], server.env);
    assert.deepEqual(Object.keys(out).sort(), ['id', 'secret']);
    const key = String(out.secret);
    assert.equal((await request(server, 'GET', `/api/comp/acme_meter/feed?api_key=${key}`)).status, 200);
    assert.equal((await request(server, 'PUT', `/api/feed?compId=acme_meter&power=1&api_key=${key}`)).status, 403);
    assert.equal((await request(server, 'GET', `/api/comp/acme_meter/property?name&api_key=${key}`)).status, 403);
    // not the default organisation's data
    const other = await request(server, 'GET', `/api/comp/default_meter/stream/power/feed?api_key=${key}`);
    assert.equal(other.body, '[{"data":99,"time":3000}]');
  });

  it('several --rights and --ip', async () => {
    const out = await cliJson(['apikey', 'create', '--rights', 'component/*/feed GET PUT', '--rights', 'component PUT', '--ip', '127.0.0.1,10.0.0.0/8'], server.env);
    const key = String(out.secret);
    assert.equal((await request(server, 'PUT', `/api/feed?compId=cli_new&power=1&api_key=${key}`)).status, 200);
    assert.equal((await request(server, 'GET', `/api/comp/cli_new/feed?api_key=${key}`)).status, 200);
  });

  it('bad rights or IPs are refused', async () => {
    for (const args of [['--rights', 'component/*/feed FETCH'], ['--ip', 'not-an-ip']]) {
      const r = await runCli(['apikey', 'create', ...args, '--json'], server.env);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /--rights|--ip/);
    }
  });
});

describe('gridgrove app create / migrate / backup', () => {
  it('app create --json prints {client_id, client_secret}', async () => {
    const out = await cliJson(['app', 'create', '--name', 'Grafana', '--scopes', 'asset:view site:view'], server.env);
    assert.deepEqual(Object.keys(out).sort(), ['client_id', 'client_secret']);
  });

  it('migrate --json prints one JSON object, also while the server runs', async () => {
    const out = await cliJson(['migrate'], server.env);
    assert.deepEqual(out, { migrated: true, store: 'sqlite' });
  });

  it('migrate --json on an empty data directory', async () => {
    const dir = makeDataDir();
    try {
      const out = await cliJson(['migrate'], { ...server.env, GG_DATA_DIR: dir });
      assert.deepEqual(out, { migrated: true, store: 'sqlite' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backup FILE --json writes a SQLite file that opens and holds the data', async () => {
    const dir = makeDataDir();
    const file = path.join(dir, 'backup.db');
    try {
      const out = await cliJson(['backup', file], server.env);
      assert.deepEqual(out, { backup: file });
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        // written above: default_meter and cli_new (default org), acme_meter and default_meter (Acme)
        const comps = db.prepare('select id from components order by id').all() as { id: string }[];
        assert.deepEqual(comps.map((c) => c.id), ['acme_meter', 'cli_new', 'default_meter', 'default_meter']);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gridgrove serve: a bad configuration value', () => {
  const f = (name: string, env: Record<string, string>, names: RegExp) =>
    it(`${name} stops the start with a message naming the variable`, async () => {
      const dir = makeDataDir();
      try {
        const r = await runCli(['serve'], { ...server.env, PORT: '0', GG_DATA_DIR: dir, ...env });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr + r.stdout, names);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

  f('PORT=abc', { PORT: 'abc' }, /PORT/);
  f('PORT=70000', { PORT: '70000' }, /PORT/);
  f('GG_TIMEZONE=Mars/Olympus', { GG_TIMEZONE: 'Mars/Olympus' }, /GG_TIMEZONE/);
  f('GG_LOG_LEVEL=loud', { GG_LOG_LEVEL: 'loud' }, /GG_LOG_LEVEL/);
  f('GG_FEED_RATE_LIMIT=lots', { GG_FEED_RATE_LIMIT: 'lots' }, /GG_FEED_RATE_LIMIT/);
  f('GG_BODY_LIMIT=-1', { GG_BODY_LIMIT: '-1' }, /GG_BODY_LIMIT/);
  f('DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL/);
});

describe('gridgrove serve: signals', () => {
  it('SIGTERM during a keep-alive request lets it finish, closes the connection, exits 0, and the batch is there whole after a restart', async () => {
    const dir = makeDataDir();
    const s = await startServer({ dataDir: dir });
    const body = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ compId: 'inflight', streamId: 'v', data: i, time: 1_000_000 + i })));
    const sock = await connect(s);
    try {
      // The server answers 100 Continue once it has the request head: from then on the request
      // is in flight, and the SIGTERM comes before its body. The client asks for keep-alive, as
      // devices do: the server must still close the connection after answering, or it would wait
      // out the keep-alive timeout before exiting.
      const interim = new Promise<string>((resolve) => sock.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
      sock.write(`PUT ${withKey('/api/feed', s.apiKey)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
      assert.match(await interim, /^HTTP\/1\.1 100 Continue\r\n/);
      const stopped = s.stop(); // sends SIGTERM; asserts exit code 0
      const pending = readResponse(sock, 15_000);
      sock.write(body);
      const res = await pending;
      assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
      assert.equal(res.header('connection'), 'close');
      await stopped;
    } finally {
      sock.destroy();
      await s.stop().catch(() => undefined);
    }
    const again = await startServer({ dataDir: dir });
    try {
      const first = await request(again, 'GET', withKey('/api/comp/inflight/stream/v/feed?sd=1000000&ed=1000001', again.apiKey));
      const last = await request(again, 'GET', withKey('/api/comp/inflight/stream/v/last_value', again.apiKey));
      assert.equal(first.body, '[{"data":0,"time":1000000}]');
      assert.equal(last.body, '[{"data":4999,"time":1004999}]');
    } finally {
      await again.stop();
    }
  });

  it('SIGINT → exit 0', async () => {
    const s = await startServer();
    let code: number | null = null;
    try {
      code = (await signalAndWait(s.child, 'SIGINT')).code;
    } finally {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    }
    assert.equal(code, 0);
  });
});

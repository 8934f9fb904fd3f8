/**
 * Seed 000 (the GridDuck developer guide) end to end: every curl example of the guide, run by
 * curl itself (node:http without it) against the real server, byte for byte but for the host
 * (`https://v2.api.gridduck.com` → the test server's `http://127.0.0.1:PORT`) and the guide's
 * own `---` placeholders for the credentials and the token; then the telemetry endpoints the
 * guide describes but does not print, asked for the same way. Responses are checked against the
 * guide's example results: every documented field, with its documented type, apart from the
 * deliberate differences listed in DEVIATIONS (docs/gridduck.md says why).
 *
 * Setup, what the guide presupposes: the server bootstrapped with an OAuth application
 * (GG_BOOTSTRAP_CLIENT_*); the asset "Lamp" with consumption, delivered (a CUMULATIVE register)
 * and signal_strength streams made and fed through the GroveStreams API (PUT /api/component,
 * PUT /api/feed) with samples over the last hours. No API creates sites and gateways or gives a
 * component a chosen uid, so with the server stopped the test adds the guide's site
 * "GridDuck Office" (£, 14), hub "Hub-369C" and asset metadata through the store, and gives the
 * lamp the id the guide snoozes, 7ff88487-…, in the database; then starts the server again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { CURL, curlCommands, runCurl, type CurlResult } from './curl-replay.js';
import { ASSET_LIST_CURL, ASSET_LIST_RESULT, SEED_PATH, SNOOZE_CURL, TOKEN_CURL, TOKEN_RESULT } from './gridduck-seed-examples.js';
import { makeDataDir, request, ROOT, SEED_API_KEY, startServer, withKey, type RunningServer } from './spawn-server.js';

const GUIDE_HOST = 'https://v2.api.gridduck.com';
const GUIDE_ASSET_ID = '7ff88487-27b0-4234-b48f-aff17f96770e';
const CLIENT_ID = 'gridduck-guide-app';
const CLIENT_SECRET = 'guide-secret-0123456789._~';
const ADMIN = 'office@example.com';
const HOUR = 3_600_000;

/** Deliberate differences from the guide's example results: path → the type we send, or absent. */
const DEVIATIONS: Record<string, { type: string; why: string }> = {
  refresh_token: { type: 'absent', why: 'a literal null breaks openid-client and oauth4webapi; RFC 6749 §4.4.3' },
  expires_in: { type: 'number', why: 'RFC 6749 §5.1: a number of seconds' },
  'user.id': { type: 'string', why: 'ids are string UUIDs everywhere else' },
  'links.next': { type: 'null', why: 'null on the last page (the guide links past the end)' },
};

const env = {
  GG_BOOTSTRAP_CLIENT_ID: CLIENT_ID,
  GG_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET,
  GG_BOOTSTRAP_ADMIN_EMAIL: ADMIN,
  GG_BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery staple',
  GG_TIMEZONE: 'Europe/London',
};

let server: RunningServer;
let token = '';
/** the first of three whole hours of data, ending at the last full hour before the test ran */
let base = 0;

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** The guide's example JSON: its `"---"` placeholders are strings, its bare `---` numbers. */
function documented(text: string): any {
  return JSON.parse(text.replace(/(?<!")---(?!")/g, '0'));
}

/** Every field of the documented example is in `actual` with the documented type (arrays: each element against the first). */
function assertShape(actual: unknown, doc: unknown, at = ''): void {
  const dev = DEVIATIONS[at];
  if (dev) {
    assert.equal(typeOf(actual), dev.type === 'absent' ? 'undefined' : dev.type, `${at}: ${dev.why}`);
    return;
  }
  assert.equal(typeOf(actual), typeOf(doc), `${at || 'the body'}: ${JSON.stringify(actual)} is not a ${typeOf(doc)}`);
  if (Array.isArray(doc) && Array.isArray(actual) && doc.length > 0) for (const el of actual) assertShape(el, doc[0], `${at}[]`);
  else if (typeOf(doc) === 'object') {
    for (const [k, v] of Object.entries(doc as object)) assertShape((actual as Record<string, unknown>)[k], v, at ? `${at}.${k}` : k);
  }
}

/** The guide's command with the host and the `---` credentials placeholders filled in; nothing else changes. */
function localise(args: readonly string[]): string[] {
  const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
  return args.map((a) =>
    a
      .replace(GUIDE_HOST, server.url)
      .replace(/^Authorization:Basic ---$/, `Authorization:Basic ${basic}`)
      .replace(/^Authorization:Bearer ---$/, `Authorization:Bearer ${token}`),
  );
}

async function replay(command: string): Promise<CurlResult> {
  const cmds = curlCommands(command);
  assert.equal(cmds.length, 1, command);
  return runCurl(localise(cmds[0]!));
}

/** GroveStreams-side set-up request that must succeed. */
async function gs(method: string, pathAndQuery: string, body?: unknown): Promise<void> {
  const r = await request(server, method, withKey(pathAndQuery, SEED_API_KEY), { body });
  assert.equal(r.status, 200, `${method} ${pathAndQuery}: ${r.body}`);
}

before(async () => {
  const dataDir = makeDataDir();
  server = await startServer({ dataDir, env });
  base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  const at = (min: number) => base + min * 60_000;
  await gs('PUT', '/api/component', {
    component: {
      id: 'lamp',
      name: 'Lamp',
      stream: [
        { id: 'consumption', valueType: 'DOUBLE' },
        { id: 'delivered', valueType: 'DOUBLE', meterKind: 'CUMULATIVE' },
        { id: 'signal_strength', valueType: 'LONG' },
      ],
    },
  });
  // consumption (W): 10 from before the first hour, 20 from :30, 14 from 1:30; delivered (Wh register): 300, 400, 515
  await gs('PUT', `/api/feed?compId=lamp&time=${at(-10)},${at(30)},${at(90)}&consumption=10,20,14`);
  await gs('PUT', `/api/feed?compId=lamp&time=${at(10)},${at(40)},${at(80)}&delivered=300,400,515`);
  await gs('PUT', `/api/feed?compId=lamp&time=${at(90)}&signal_strength=-74`);
  await gs('PUT', `/api/feed?compId=board&compName=Board&time=${at(0)}&consumption=120`);
  await server.stop();

  // what no API does: site, hub, asset metadata, the guide's role and asset id
  const file = path.join(dataDir, 'gridgrove.db');
  const store = createSqliteStore({ file });
  const org = (await store.orgs.first())!;
  const admin = (await store.users.findByEmail(ADMIN))!;
  await store.users.setRole(org.key, admin.key, 'admin'); // the guide's asset shows "_permission": "admin"
  const site = await store.sites.create(org.key, { name: 'GridDuck Office', timezone: 'Europe/London', currency: '£', pricePerKwh: '14', address: '' });
  const hub = await store.gateways.create(org.key, { name: 'Hub-369C', code: '369C', firmware: null, siteKey: site.key });
  const board = (await store.components.get(org.key, 'board'))!;
  const lamp = (await store.components.get(org.key, 'lamp'))!;
  await store.assets.setMeta(org.key, board.uid, { siteKey: site.key, ownerUserKey: admin.key });
  await store.assets.setMeta(org.key, lamp.uid, {
    siteKey: site.key, gatewayKey: hub.key, parentKey: board.key, ownerUserKey: admin.key, controllable: true, details: { sku: 'PLU-UK' },
  });
  await store.close();
  const db = new Database(file);
  db.prepare('UPDATE components SET uid = ? WHERE uid = ?').run(GUIDE_ASSET_ID, lamp.uid);
  db.close();

  server = await startServer({ dataDir, env });
});
after(() => server?.stop());

describe("the GridDuck guide's curl examples, replayed", () => {
  it('are the commands of the seed, verbatim (when the seed file is reachable)', (t) => {
    const file = path.join(ROOT, SEED_PATH);
    if (!fs.existsSync(file)) return t.skip(`${file} is not there; the transcription stands alone`);
    const seed = fs.readFileSync(file, 'utf8');
    for (const part of [TOKEN_CURL, ASSET_LIST_CURL, SNOOZE_CURL, TOKEN_RESULT, ASSET_LIST_RESULT]) assert.ok(seed.includes(part), part.slice(0, 80));
    assert.deepEqual(curlCommands(seed), [TOKEN_CURL, ASSET_LIST_CURL, SNOOZE_CURL].map((c) => curlCommands(c)[0]), 'every curl example of the seed');
  });

  it('POST /oauth/token (Authorization:Basic, no space) → the documented token response', async () => {
    const args = curlCommands(TOKEN_CURL)[0]!;
    assert.deepEqual(args, [
      '--request', 'POST', '--url', `${GUIDE_HOST}/oauth/token`, '--header', 'Authorization:Basic ---',
      '--data', 'grant_type=client_credentials&scope=site%3Aview+asset%3Aview+asset%3Aedit',
    ]);
    const r = await replay(TOKEN_CURL);
    assert.equal(r.via, fs.existsSync(CURL) ? 'curl' : 'node:http', 'curl itself runs the examples when it is installed');
    assert.equal(r.status, 200, r.body);
    assert.match(r.headers['content-type'] ?? '', /^application\/json/);
    assert.equal(r.headers['cache-control'], 'no-store');
    const body = JSON.parse(r.body);
    assertShape(body, documented(TOKEN_RESULT));
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'mfa_requires_setup', 'scope', 'token_type', 'user']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'site:view asset:view asset:edit');
    assert.equal(body.mfa_requires_setup, false);
    token = body.access_token;
  });

  it('GET /asset/ (Authorization:Bearer) → the documented envelope and asset', async () => {
    const r = await replay(ASSET_LIST_CURL);
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body);
    const doc = documented(ASSET_LIST_RESULT);
    assert.deepEqual(Object.keys(body), Object.keys(doc), 'the envelope, in order');
    const lamp = body.results.find((a: { id: string }) => a.id === GUIDE_ASSET_ID);
    assert.ok(lamp, `the guide's asset: ${r.body}`);
    assertShape({ ...body, results: [lamp] }, doc);
    for (const a of body.results) assert.deepEqual(Object.keys(a).slice(0, Object.keys(doc.results[0]).length), Object.keys(doc.results[0]), 'every asset has the fields, in order');
    assert.deepEqual(body.pagination, { offset: 0, limit: 25, total: 2 });
    assert.equal(r.headers['x-request-id'], body.request_id);
    // the example's values where they are ours to match
    const want = { name: 'Lamp', site_name: 'GridDuck Office', currency: '£', price_per_kwh: '14', gateway_name: 'Hub-369C', sku: 'PLU-UK', consumption: 14, delivered: 515, asset_signal_strength: -74, site_currency: '£', site_price_per_kwh: '14', _permission: 'admin', current_state: 'ON', user_state: 'ALWAYS_ON', boost_finish: 0, snooze_finish: 0, boost_finish_stamp: 0, snooze_finish_stamp: 0, read_only: false };
    for (const [k, v] of Object.entries(want)) assert.deepEqual(lamp[k], v, k);
  });

  it('PUT /asset/7ff88487-… {"snooze_finish": 60} → 204, and the asset is snoozed for a minute', async () => {
    const r = await replay(SNOOZE_CURL);
    assert.equal(r.status, 204, r.body);
    assert.equal(r.body, '');
    const a = await request(server, 'GET', `/asset/${GUIDE_ASSET_ID}`, { headers: { Authorization: `Bearer ${token}` } });
    const lamp = a.json();
    assert.equal(lamp.current_state, 'OFF');
    assert.ok(lamp.snooze_finish >= 58 && lamp.snooze_finish <= 60, String(lamp.snooze_finish));
    assert.ok(Math.abs(lamp.snooze_finish_stamp - (Date.now() / 1000 + lamp.snooze_finish)) < 2, `${lamp.snooze_finish_stamp}`);
  });
});

describe('telemetry, asked for the way the guide asks', () => {
  /** A curl command in the guide's style (`\ ` separators, Authorization:Bearer without a space). */
  const curl = (pathAndQuery: string) => `curl --request GET \\ --url '${GUIDE_HOST}${pathAndQuery}' \\ --header 'Authorization:Bearer ---'`;
  const hours = () => `start=${base / 1000}&end=${base / 1000 + 3 * 3600}&granularity=3600`;

  async function telemetry(pathAndQuery: string): Promise<any> {
    const r = await replay(curl(pathAndQuery));
    assert.equal(r.status, 200, `${pathAndQuery}: ${r.body}`);
    assert.match(r.headers['content-type'] ?? '', /^application\/json/);
    const body = JSON.parse(r.body);
    // contract §10
    assert.deepEqual(Object.keys(body), ['field', 'unit', 'granularity', 'start', 'end', 'data', 'request_id']);
    assert.equal(typeof body.field, 'string');
    assert.equal(typeof body.start, 'number');
    assert.equal(typeof body.end, 'number');
    for (const d of body.data) {
      assert.deepEqual(Object.keys(d), ['time', 'value']);
      assert.equal(typeof d.time, 'number');
      assert.ok(d.value === null || typeof d.value === 'number');
    }
    assert.equal(r.headers['x-request-id'], body.request_id);
    return body;
  }
  const times = () => [0, 1, 2].map((h) => base / 1000 + h * 3600);

  it('aggregate delivered: the register increments per hour, in Wh', async () => {
    const b = await telemetry(`/asset/${GUIDE_ASSET_ID}/data/aggregate?${hours()}&field=delivered`);
    assert.deepEqual([b.field, b.unit, b.granularity, b.start], ['delivered', 'Wh', 3600, base / 1000]);
    assert.deepEqual(b.data, [{ time: times()[0], value: 100 }, { time: times()[1], value: 115 }, { time: times()[2], value: null }]);
  });

  it('aggregate spend: kWh × 14 (the site price, £)', async () => {
    const b = await telemetry(`/asset/${GUIDE_ASSET_ID}/data/aggregate?${hours()}&field=spend`);
    assert.equal(b.unit, '£');
    assert.deepEqual(b.data.map((d: { value: number | null }) => d.value), [(100 * 14) / 1000, (115 * 14) / 1000, null]);
  });

  it('instantaneous consumption: time-weighted average and maximum per hour, in W', async () => {
    const avg = await telemetry(`/asset/${GUIDE_ASSET_ID}/data/instantaneous?${hours()}&field=consumption&format=average`);
    assert.equal(avg.unit, 'W');
    // snoozing wrote the control stream, not consumption: the last hour holds 14 W throughout
    assert.deepEqual(avg.data.map((d: { value: number | null }) => d.value), [15, 17, 14]);
    const max = await telemetry(`/asset/${GUIDE_ASSET_ID}/data/instantaneous?${hours()}&field=consumption&format=max`);
    assert.deepEqual(max.data.map((d: { value: number | null }) => d.value), [20, 14, null]);
  });

  it('site aggregate: the sum over the site (the board has no energy stream)', async () => {
    const sites = await request(server, 'GET', '/site/', { headers: { Authorization: `Bearer ${token}` } });
    const office = sites.json().results.find((s: { name: string }) => s.name === 'GridDuck Office');
    const b = await telemetry(`/site/${office.id}/data/aggregate?${hours()}`);
    assert.deepEqual([b.field, b.unit], ['delivered', 'Wh']);
    assert.deepEqual(b.data.map((d: { value: number | null }) => d.value), [100, 115, null]);
    const day = await telemetry(`/site/${office.id}/data/aggregate?start=${base / 1000}&end=${base / 1000 + 3 * 3600}&granularity=day`);
    assert.equal(day.granularity, 'day');
    // one bucket per local day the three hours touch (two if they cross midnight): 100 + 115 Wh in all
    assert.equal(day.data.reduce((sum: number, d: { value: number | null }) => sum + (d.value ?? 0), 0), 215, JSON.stringify(day.data));
  });

  it('over the cap: 400 in the GridDuck error shape naming the limit', async () => {
    const r = await replay(curl(`/asset/${GUIDE_ASSET_ID}/data/instantaneous?start=${base / 1000}&end=${base / 1000 + 49 * 3600}&granularity=3600`));
    assert.equal(r.status, 400);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body), ['error', 'message', 'request_id']);
    assert.match(body.message, /at most 48 /);
  });
});

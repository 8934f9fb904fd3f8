/**
 * Snooze and boost end to end, against the real server process: a plug feeds through the
 * GroveStreams API and reads its desired state with `rsid=desired_state`; a GridDuck client
 * (real OAuth2 token) snoozes it for a short time with the seed's `PUT /asset/{id}`
 * `{"snooze_finish": N}`; the plug reads OFF, and after N seconds reads back what user_state
 * says — with the server running, and across a restart (the end passing while it is down, and
 * an override still running when it comes back).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeDataDir, request, startServer, type RunningServer } from './spawn-server.js';

const CLIENT_ID = 'gg-e2e-snooze';
const CLIENT_SECRET = 'snooze-secret-0123456789abcdefghijklmnop';
const env = { GG_BOOTSTRAP_CLIENT_ID: CLIENT_ID, GG_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET, GG_BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com', GG_BOOTSTRAP_ADMIN_PASSWORD: 'snooze admin pw' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RunningServer;
let dataDir: string;
let token: string;

async function getToken(s: RunningServer): Promise<string> {
  const r = await request(s, 'POST', '/oauth/token', {
    body: 'grant_type=client_credentials&scope=site%3Aview+asset%3Aview+asset%3Aedit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` },
  });
  assert.equal(r.status, 200, r.body);
  return r.json().access_token as string;
}

/** The plug's feed PUT: its power, and the desired state it asks for back. */
async function plugFeeds(s: RunningServer, compId: string, watts: number): Promise<unknown> {
  const r = await request(s, 'PUT', `/api/feed?compId=${compId}&consumption=${watts}&rsid=desired_state&api_key=${s.apiKey}`);
  assert.equal(r.status, 200, r.body);
  return r.json().desired_state;
}

const gd = (s: RunningServer, method: string, path: string, body?: unknown) =>
  request(s, method, path, { headers: { Authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) });

async function assetOf(s: RunningServer, compId: string): Promise<Record<string, any>> {
  const r = await gd(s, 'GET', '/asset/?limit=1000');
  assert.equal(r.status, 200, r.body);
  const a = (r.json().results as Record<string, any>[]).find((x) => x.code === compId);
  assert.ok(a, `asset ${compId} listed`);
  return a;
}

/** A plug that exists (it fed once) and is made controllable by an edit-scoped client. */
async function controllablePlug(s: RunningServer, compId: string): Promise<string> {
  assert.equal(await plugFeeds(s, compId, 40), null, 'no desired state before anything is decided');
  const id = (await assetOf(s, compId)).id as string;
  const r = await gd(s, 'PUT', `/asset/${id}`, { controllable: true });
  assert.equal(r.status, 204, r.body);
  assert.equal(await plugFeeds(s, compId, 40), true, 'controllable: ON as user_state says');
  return id;
}

before(async () => {
  dataDir = makeDataDir();
  server = await startServer({ dataDir, env });
  token = await getToken(server);
});
after(() => server?.stop());

describe('snooze end to end', () => {
  it('PUT snooze 2 s → 204; the plug reads OFF; after 2 s it reads ON again (user_state ALWAYS_ON)', async () => {
    const id = await controllablePlug(server, 'plug1');
    const put = await gd(server, 'PUT', `/asset/${id}`, { snooze_finish: 2 });
    assert.equal(put.status, 204, put.body);
    assert.equal(put.body, '');
    const started = Date.now();
    assert.equal(await plugFeeds(server, 'plug1', 0), false);
    const a = await assetOf(server, 'plug1');
    assert.equal(a.current_state, 'OFF');
    assert.ok(a.snooze_finish === 2 || a.snooze_finish === 1, String(a.snooze_finish));
    assert.ok(Math.abs(a.snooze_finish_stamp - (started / 1000 + 2)) <= 1.5, `${a.snooze_finish_stamp} vs ${started / 1000 + 2}`);
    await sleep(2300 - (Date.now() - started));
    assert.equal(await plugFeeds(server, 'plug1', 40), true, 'the snooze is over: back to ALWAYS_ON');
    const b = await assetOf(server, 'plug1');
    assert.deepEqual([b.current_state, b.snooze_finish, b.snooze_finish_stamp], ['ON', 0, 0]);
  });

  it('boost on an ALWAYS_OFF plug: ON for 1 s, then OFF', async () => {
    const id = await controllablePlug(server, 'heater');
    assert.equal((await gd(server, 'PUT', `/asset/${id}`, { user_state: 'ALWAYS_OFF' })).status, 204);
    assert.equal(await plugFeeds(server, 'heater', 0), false);
    assert.equal((await gd(server, 'PUT', `/asset/${id}`, { boost_finish: 1 })).status, 204);
    assert.equal(await plugFeeds(server, 'heater', 2000), true);
    await sleep(1300);
    assert.equal(await plugFeeds(server, 'heater', 0), false);
    assert.equal((await assetOf(server, 'heater')).current_state, 'OFF');
  });

  it('across a restart: an end that passes while the server is down, and one still running when it is back', async () => {
    const gone = await controllablePlug(server, 'plug-down');
    const running = await controllablePlug(server, 'plug-running');
    assert.equal((await gd(server, 'PUT', `/asset/${gone}`, { snooze_finish: 1 })).status, 204);
    assert.equal((await gd(server, 'PUT', `/asset/${running}`, { snooze_finish: 5 })).status, 204);
    const started = Date.now();
    await server.stop();
    await sleep(1200 - (Date.now() - started)); // past plug-down's end while the server is down
    server = await startServer({ dataDir, env });
    token = await getToken(server);
    assert.equal(await plugFeeds(server, 'plug-down', 40), true, 'ended while down: reverted on start');
    assert.equal(await plugFeeds(server, 'plug-running', 0), false, 'still snoozed after the restart');
    await sleep(5300 - (Date.now() - started));
    assert.equal(await plugFeeds(server, 'plug-running', 40), true, 'the restarted server ended it on time');
  });
});

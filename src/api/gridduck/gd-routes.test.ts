/**
 * The GridDuck resources through the real app (inject): envelope and links, the asset object's
 * shape against the seed's example, sites and gateways, PUT edits, snooze/boost read-back with a
 * manual clock and the control stream a device reads with rsid, request ids and error shapes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONTROL_STREAM_ID } from '../../domain/gridduck-model.js';
import type { Org, User } from '../../domain/model.js';
import { AssetControl } from '../../control/asset-control.js';
import { SEED_ASSET_FIELDS } from './asset-json.js';
import { gdHarness, T0, type GdHarness } from './gd-harness.js';

let h: GdHarness;
let org: Org;
let owner: User;
let token: string;

before(async () => {
  h = await gdHarness();
  org = await h.org('Acme');
  owner = await h.user(org, 'admin');
  token = await h.token(owner);
});
after(() => h?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The seed's example asset with the types its values have there ("---" = a string id, --- = a number). */
const SEED_TYPES: Record<string, string> = {
  children: 'array', tp_site_id: 'null', firmware_target: 'null', third_party_type: 'null', max_time_off: 'null', serial_no: 'null',
  min_time_on: 'null', interruptible: 'boolean', frequency_enabled: 'boolean', frequency_off_point: 'null', frequency_on_point: 'null',
  parent_asset: 'string', clamp_size: 'null', tags: 'null', data_from: 'null', boost_finish: 'number', snooze_finish: 'number',
  lost: 'boolean', imp_kwh: 'null', current_state: 'string', created: 'string', dr_rule_id: 'null', dr_profile_id: 'null',
  user_id: 'string', overrides: 'null', id: 'string', name: 'string', site_name: 'string', currency: 'string', price_per_kwh: 'string',
  gateway_name: 'string', code: 'string', simulated: 'boolean', simulated_from: 'null', gateway_id: 'string', user_state: 'string',
  timeswitch_id: 'null', site_id: 'string', read_only: 'boolean', sku: 'string', trigger_rules: 'array', alert_rules: 'array',
  disconnected: 'boolean', gateway_disconnected: 'boolean', last_contacted: 'number', consumption: 'number', delivered: 'number',
  asset_signal_strength: 'number', site_currency: 'string', site_price_per_kwh: 'string', created_stamp: 'number', _permission: 'string',
  boost_finish_stamp: 'number', snooze_finish_stamp: 'number',
};
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('GET /asset/: the seed example', () => {
  it('answers the envelope with an asset that has every field of the seed, typed as there', async () => {
    const o = await h.org();
    const u = await h.user(o, 'admin');
    const site = await h.site(o, 'GridDuck Office');
    const gw = await h.gateway(o, 'Hub-369C', site);
    const parent = await h.asset(o, 'board');
    const lamp = await h.asset(o, 'lamp', { siteKey: site.key, gatewayKey: gw.key, ownerUserKey: u.key, controllable: true, details: { sku: 'PLU-UK' } }, {
      consumption: 14,
      delivered: 515,
      signal_strength: -74,
    });
    await h.store.assets.setMeta(o.key, lamp.uid, { parentKey: parent.key });
    await h.store.components.update(o.key, lamp.uid, { name: 'Lamp' });
    const r = await h.get('/asset/', await h.token(u));
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const body = r.json();
    assert.deepEqual(Object.keys(body), ['pagination', 'links', 'results', 'request_id']);
    assert.deepEqual(body.pagination, { offset: 0, limit: 25, total: 2 });
    assert.deepEqual(body.links, { next: null, prev: null });
    assert.match(body.request_id, UUID);
    assert.equal(r.headers['x-request-id'], body.request_id);
    const a = body.results.find((x: { code: string }) => x.code === 'lamp');
    assert.deepEqual(Object.keys(a), [...SEED_ASSET_FIELDS, 'controllable'], 'the seed fields, in its order, then controllable');
    for (const f of SEED_ASSET_FIELDS) assert.equal(typeOf(a[f]), SEED_TYPES[f], `${f}: ${JSON.stringify(a[f])}`);
    assert.equal(a.id, lamp.uid);
    assert.equal(a.name, 'Lamp');
    assert.equal(a.parent_asset, parent.uid);
    assert.deepEqual([a.site_name, a.gateway_name, a.site_id, a.gateway_id], ['GridDuck Office', 'Hub-369C', site.uid, gw.uid]);
    assert.deepEqual([a.currency, a.price_per_kwh, a.site_currency, a.site_price_per_kwh], ['£', '14', '£', '14']);
    assert.deepEqual([a.consumption, a.delivered, a.asset_signal_strength], [14, 515, -74]);
    assert.deepEqual([a.current_state, a.user_state, a.boost_finish, a.snooze_finish, a.boost_finish_stamp, a.snooze_finish_stamp], ['ON', 'ALWAYS_ON', 0, 0, 0, 0]);
    assert.deepEqual([a.last_contacted, a.disconnected, a.lost, a.gateway_disconnected], [Math.floor(h.clock.now() / 1000), false, false, false]);
    assert.deepEqual([a._permission, a.read_only, a.user_id, a.sku], ['admin', false, u.uid, 'PLU-UK']);
    assert.equal(a.created_stamp, Math.floor(lamp.created / 1000));
    assert.equal(a.created, new Date(lamp.created).toISOString());
    const board = body.results.find((x: { code: string }) => x.code === 'board');
    assert.deepEqual(board.children, [lamp.uid]);
    assert.deepEqual([board.consumption, board.delivered, board.last_contacted, board.disconnected, board.site_id], [null, null, null, true, null]);
  });

  it('pages with offset/limit; links are absolute on the request host, null at the ends, filters kept', async () => {
    const o = await h.org();
    const u = await h.user(o, 'view');
    const t = await h.token(u, ['asset:view']);
    const site = await h.site(o, 'S');
    for (let i = 0; i < 5; i++) await h.asset(o, `a${i}`, { siteKey: site.key });
    const page = async (qs: string) => {
      const r = await h.app.inject({ method: 'GET', url: `/asset${qs}`, headers: { authorization: `Bearer ${t}`, host: 'grid.example:8080' } });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const p1 = await page(`?limit=2&site_id=${site.uid}`);
    assert.deepEqual(p1.pagination, { offset: 0, limit: 2, total: 5 });
    assert.deepEqual(p1.results.map((a: { code: string }) => a.code), ['a0', 'a1']);
    assert.equal(p1.links.next, `http://grid.example:8080/asset?site_id=${site.uid}&offset=2&limit=2`);
    assert.equal(p1.links.prev, null);
    const p3 = await page(`/?offset=4&limit=2`);
    assert.deepEqual(p3.results.map((a: { code: string }) => a.code), ['a4']);
    assert.equal(p3.links.next, null);
    assert.equal(p3.links.prev, 'http://grid.example:8080/asset/?offset=2&limit=2');
    assert.equal((await page('?limit=5000')).pagination.limit, 1000, 'capped');
    assert.deepEqual((await page('?offset=50')).results, []);
  });

  it('bad paging and unknown filters', async () => {
    for (const qs of ['limit=0', 'limit=-1', 'limit=x', 'offset=-3', 'offset=1.5']) {
      const r = await h.get(`/asset/?${qs}`, token);
      assert.equal(r.statusCode, 400, qs);
      assert.deepEqual(Object.keys(r.json()), ['error', 'message', 'request_id']);
      assert.equal(r.json().error, 'bad_request');
      assert.equal(r.headers['x-request-id'], r.json().request_id);
    }
    // an asset on a site and gateway, so each unknown filter on its own has something to exclude
    const site = await h.site(org, 'Filtered');
    const gw = await h.gateway(org, 'Hub-filtered', site);
    await h.asset(org, 'filtered', { siteKey: site.key, gatewayKey: gw.key });
    for (const [qs, total] of [['', 'some'], [`site_id=${site.uid}`, 1], [`gateway_id=${gw.uid}`, 1], ['site_id=nope', 0], ['gateway_id=nope', 0]] as const) {
      const r = await h.get(`/asset/?${qs}`, token);
      assert.equal(r.statusCode, 200, qs);
      if (total === 'some') assert.ok(r.json().pagination.total >= 1, qs);
      else assert.equal(r.json().pagination.total, total, qs);
    }
  });
});

describe('GET /asset/{id}', () => {
  it('with and without trailing slash; unknown and other orgs’ ids are 404 in GridDuck shape', async () => {
    const c = await h.asset(org, 'plug-get', {}, { consumption: 3 });
    for (const url of [`/asset/${c.uid}`, `/asset/${c.uid}/`]) {
      const r = await h.get(url, token);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().id, c.uid);
      assert.equal(r.json().request_id, r.headers['x-request-id']);
    }
    const other = await h.org();
    const theirs = await h.asset(other, 'theirs');
    for (const id of [theirs.uid, 'no-such-asset']) {
      const r = await h.get(`/asset/${id}`, token);
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().error, 'not_found');
      assert.match(r.json().request_id, UUID);
    }
  });

  it('an unknown path at the root is a GridDuck 404 (not a 401); X-Forwarded-* do not change links', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/assets/' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(Object.keys(r.json()), ['error', 'message', 'request_id']);
    assert.equal(r.json().request_id, r.headers['x-request-id']);
    const o = await h.org();
    const t = await h.token(await h.user(o, 'view'), ['asset:view']);
    await h.asset(o, 'x1');
    await h.asset(o, 'x2');
    const l = await h.app.inject({ method: 'GET', url: '/asset/?limit=1', headers: { authorization: `Bearer ${t}`, host: 'real.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    assert.equal(l.json().links.next, 'http://real.example/asset/?offset=1&limit=1');
  });

  it('no token: 401 with a Bearer challenge and a request id', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/asset/' });
    assert.equal(r.statusCode, 401);
    assert.match(String(r.headers['www-authenticate']), /^Bearer realm=/);
    assert.equal(r.json().request_id, r.headers['x-request-id']);
  });
});

describe('sites and gateways', () => {
  it('GET /site/ and /site/{id}; PUT /site/{id} changes fields → 204', async () => {
    const o = await h.org();
    const u = await h.user(o, 'edit');
    const t = await h.token(u);
    const s = await h.site(o, 'Office', { address: '1 Road' });
    const a = await h.asset(o, 'on-site', { siteKey: s.key });
    const list = (await h.get('/site/', t)).json();
    assert.deepEqual(list.pagination, { offset: 0, limit: 25, total: 1 });
    assert.deepEqual(list.results[0], {
      id: s.uid, name: 'Office', timezone: 'Europe/London', currency: '£', price_per_kwh: '14', address: '1 Road',
      asset_ids: [a.uid], created: new Date(s.created).toISOString(), created_stamp: Math.floor(s.created / 1000), _permission: 'edit',
    });
    const r = await h.put(`/site/${s.uid}/`, t, { name: 'HQ', price_per_kwh: 15.5, currency: null, timezone: 'Europe/Paris' });
    assert.equal(r.statusCode, 204, r.body);
    assert.equal(r.body, '');
    const got = (await h.get(`/site/${s.uid}`, t)).json();
    assert.deepEqual([got.name, got.price_per_kwh, got.currency, got.timezone], ['HQ', '15.5', null, 'Europe/Paris']);
    for (const [body, msg] of [
      [{ timezone: 'Mars/Base' }, /timezone/],
      [{ name: '' }, /name/],
      [{ id: 'x' }, /read-only/],
      [{ colour: 'red' }, /no field 'colour'/],
      [{ price_per_kwh: '-1' }, /price_per_kwh/],
      [{}, /no field to change/],
      [[1], /JSON object/],
    ] as const) {
      const bad = await h.put(`/site/${s.uid}`, t, body);
      assert.equal(bad.statusCode, 400, JSON.stringify(body));
      assert.match(bad.json().message, msg);
    }
  });

  it('GET /gateway/ (site_id filter) and /gateway/{id} with contact from its assets', async () => {
    const o = await h.org();
    const t = await h.token(await h.user(o, 'view'), ['gateway:view']);
    const s1 = await h.site(o, 'One');
    const s2 = await h.site(o, 'Two');
    const g1 = await h.gateway(o, 'Hub-1', s1);
    const g2 = await h.gateway(o, 'Hub-2', s2);
    await h.asset(o, 'dev', { gatewayKey: g1.key }, { consumption: 1 });
    const all = (await h.get('/gateway/', t)).json();
    assert.deepEqual(all.results.map((g: { id: string }) => g.id), [g1.uid, g2.uid]);
    assert.deepEqual(all.results[0], {
      id: g1.uid, name: 'Hub-1', code: 'code-Hub-1', firmware: null, site_id: s1.uid, site_name: 'One', disconnected: false,
      last_contacted: Math.floor(h.clock.now() / 1000), created: new Date(g1.created).toISOString(), created_stamp: Math.floor(g1.created / 1000), _permission: 'view',
    });
    assert.equal(all.results[1].disconnected, true);
    const filtered = (await h.get(`/gateway?site_id=${s2.uid}`, t)).json();
    assert.deepEqual(filtered.results.map((g: { id: string }) => g.id), [g2.uid]);
    assert.equal((await h.get(`/gateway/${g2.uid}/`, t)).json().name, 'Hub-2');
    assert.equal((await h.get(`/gateway/${g2.uid}`, token)).statusCode, 404, "another org's gateway");
  });
});

describe('PUT /asset/{id}: fields', () => {
  it('changes name, site, gateway, price, user_state and descriptive fields → 204, read back', async () => {
    const o = await h.org();
    const t = await h.token(await h.user(o, 'edit'));
    const s = await h.site(o, 'S', { pricePerKwh: '20' });
    const g = await h.gateway(o, 'G', s);
    const c = await h.asset(o, 'meter');
    const r = await h.put(`/asset/${c.uid}`, t, {
      name: 'Main meter', site_id: s.uid, gateway_id: g.uid, currency: '€', user_state: 'ALWAYS_OFF', sku: 'CLAMP', tags: ['main'],
      clamp_size: 100, interruptible: true, frequency_enabled: true, frequency_off_point: 49.8, frequency_on_point: 50.1, min_time_on: 600,
    });
    assert.equal(r.statusCode, 204, r.body);
    const a = (await h.get(`/asset/${c.uid}`, t)).json();
    assert.deepEqual(
      [a.name, a.code, a.site_id, a.gateway_id, a.currency, a.price_per_kwh, a.user_state, a.current_state, a.sku, a.tags, a.clamp_size],
      ['Main meter', 'meter', s.uid, g.uid, '€', '20', 'ALWAYS_OFF', 'OFF', 'CLAMP', ['main'], 100],
    );
    assert.deepEqual([a.interruptible, a.frequency_enabled, a.frequency_off_point, a.frequency_on_point, a.min_time_on], [true, true, 49.8, 50.1, 600]);
    assert.equal((await h.put(`/asset/${c.uid}`, t, { price_per_kwh: '9.5', site_id: null })).statusCode, 204);
    const b = (await h.get(`/asset/${c.uid}`, t)).json();
    assert.deepEqual([b.price_per_kwh, b.site_id, b.site_price_per_kwh], ['9.5', null, null]);
  });

  it('rejects bad bodies with 400 naming the field', async () => {
    const c = await h.asset(org, 'bad-put', { controllable: true });
    const cases: [unknown, RegExp][] = [
      [{ snooze_finish: -1 }, /snooze_finish/],
      [{ snooze_finish: 1.5 }, /snooze_finish/],
      [{ snooze_finish: '60' }, /snooze_finish/],
      [{ boost_finish: 10 ** 9 }, /boost_finish/],
      [{ snooze_finish: 10, boost_finish: 10 }, /snooze and boost at once/],
      [{ current_state: 'OFF' }, /read-only/],
      [{ consumption: 1 }, /read-only/],
      [{ nonsense: 1 }, /no field 'nonsense'/],
      [{ user_state: 'SOMETIMES' }, /user_state/],
      [{ controllable: 'yes' }, /controllable/],
      [{ tags: 'x' }, /tags/],
      [{ site_id: 'unknown' }, /site_id/],
      [{ gateway_id: 'unknown' }, /gateway_id/],
      [{ parent_asset: c.uid }, /parent/],
      [{ name: '  ' }, /name/],
      [{}, /no field/],
      [null, /JSON object/],
    ];
    for (const [body, msg] of cases) {
      const r = await h.put(`/asset/${c.uid}`, token, body);
      assert.equal(r.statusCode, 400, `${JSON.stringify(body)} → ${r.body}`);
      assert.equal(r.json().error, 'bad_request');
      assert.match(r.json().message, msg, JSON.stringify(body));
    }
    const broken = await h.app.inject({ method: 'PUT', url: `/asset/${c.uid}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"snooze_finish":' });
    assert.equal(broken.statusCode, 400, broken.body);
    assert.equal(broken.json().error, 'bad_request');
  });

  it('another org’s site cannot be used as a reference', async () => {
    const c = await h.asset(org, 'ref-check');
    const other = await h.org();
    const theirs = await h.site(other, 'Theirs');
    const r = await h.put(`/asset/${c.uid}`, token, { site_id: theirs.uid });
    assert.equal(r.statusCode, 400);
  });
});

describe('snooze and boost', () => {
  const asset = async (id: string) => (await h.get(`/asset/${id}`, token)).json();
  const control = async (compId: string) => (await h.store.components.get(org.key, compId))?.streams.find((s) => s.id === CONTROL_STREAM_ID)?.lastValue;
  /** what a device reads with rsid on its next feed PUT */
  const rsid = async (compId: string, apiKey: string) => {
    const r = await h.app.inject({ method: 'PUT', url: `/api/feed?compId=${compId}&consumption=5&rsid=${CONTROL_STREAM_ID}&api_key=${apiKey}` });
    assert.equal(r.statusCode, 200, r.body);
    return r.json()[CONTROL_STREAM_ID];
  };
  let apiKey = '';
  before(async () => {
    const { createApiKey, FULL_RIGHTS } = await import('../../auth/credentials.js');
    apiKey = (await createApiKey(h.store, org.key, { name: 'device', rights: FULL_RIGHTS, ipRanges: [] })).secret;
  });

  it('snooze: 204, OFF with seconds left and the end stamp; the device reads OFF; expiry reverts to user_state', async () => {
    h.clock.set(T0 + 10_000);
    const c = await h.asset(org, 'plug', { controllable: true }, { consumption: 40 });
    const r = await h.put(`/asset/${c.uid}`, token, { snooze_finish: 60 });
    assert.equal(r.statusCode, 204, r.body);
    assert.equal(r.body, '');
    const end = Math.ceil((T0 + 10_000 + 60_000) / 1000);
    let a = await asset(c.uid);
    assert.deepEqual([a.current_state, a.snooze_finish, a.snooze_finish_stamp, a.boost_finish, a.boost_finish_stamp], ['OFF', 60, end, 0, 0]);
    assert.equal(await rsid('plug', apiKey), false);
    h.clock.advance(20_500);
    a = await asset(c.uid);
    assert.deepEqual([a.current_state, a.snooze_finish, a.snooze_finish_stamp], ['OFF', 40, end]);
    h.clock.advance(40_000);
    a = await asset(c.uid);
    assert.deepEqual([a.current_state, a.snooze_finish, a.snooze_finish_stamp], ['ON', 0, 0], 'read back from the clock at once');
    // the control stream reverts when the scheduler passes (here by hand: the clock is manual)
    await new AssetControl(h.store, h.ingest, h.clock).runDue();
    assert.equal(await rsid('plug', apiKey), true);
    assert.equal((await h.store.assets.get(org.key, c.uid))?.meta.snoozeUntil, null, 'the passed end is cleared');
  });

  it('boost cancels snooze and the other way round; 0 cancels; on expiry back to ALWAYS_OFF', async () => {
    const c = await h.asset(org, 'heater', { controllable: true, userState: 'ALWAYS_OFF' }, { consumption: 0 });
    assert.equal((await h.put(`/asset/${c.uid}`, token, { snooze_finish: 300 })).statusCode, 204);
    assert.equal((await h.put(`/asset/${c.uid}`, token, { boost_finish: 120 })).statusCode, 204);
    let a = await asset(c.uid);
    assert.deepEqual([a.current_state, a.boost_finish, a.snooze_finish, a.snooze_finish_stamp], ['ON', 120, 0, 0]);
    assert.equal(await control('heater'), true);
    assert.equal((await h.put(`/asset/${c.uid}`, token, { snooze_finish: 0 })).statusCode, 204, 'cancelling the other is a no-op');
    assert.equal((await asset(c.uid)).current_state, 'ON');
    assert.equal((await h.put(`/asset/${c.uid}`, token, { boost_finish: 0 })).statusCode, 204);
    a = await asset(c.uid);
    assert.deepEqual([a.current_state, a.boost_finish, a.boost_finish_stamp], ['OFF', 0, 0]);
    assert.equal(await control('heater'), false, 'cancelled: the device goes back to ALWAYS_OFF at once');
    assert.equal((await h.put(`/asset/${c.uid}`, token, { boost_finish: 5 })).statusCode, 204);
    h.clock.advance(5000);
    assert.equal((await asset(c.uid)).current_state, 'OFF');
    await new AssetControl(h.store, h.ingest, h.clock).runDue();
    assert.equal(await control('heater'), false);
  });

  it('user_state changes reach the device when no override is in force; a non-controllable asset cannot be snoozed', async () => {
    const c = await h.asset(org, 'lamp2', { controllable: true }, { consumption: 1 });
    assert.equal((await h.put(`/asset/${c.uid}`, token, { user_state: 'ALWAYS_OFF' })).statusCode, 204);
    assert.equal(await control('lamp2'), false);
    const m = await h.asset(org, 'clamp', {}, { consumption: 1 });
    const r = await h.put(`/asset/${m.uid}`, token, { snooze_finish: 60 });
    assert.equal(r.statusCode, 400);
    assert.match(r.json().message, /not controllable/);
    assert.equal(await control('clamp'), undefined, 'no control stream on a meter');
    assert.equal((await h.put(`/asset/${m.uid}`, token, { controllable: true, boost_finish: 30 })).statusCode, 204, 'made controllable in the same PUT');
    assert.equal(await control('clamp'), true);
    assert.equal((await h.put(`/asset/${m.uid}`, token, { controllable: false })).statusCode, 204);
    const a = await asset(m.uid);
    assert.deepEqual([a.controllable, a.boost_finish, a.current_state], [false, 0, 'ON'], 'no override kept on a non-controllable asset');
  });
});

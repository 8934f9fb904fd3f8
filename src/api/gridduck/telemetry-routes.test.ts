/**
 * GridDuck telemetry through the real app (inject) with a manual clock: bucket values against
 * hand-computed numbers for each meter kind, spend, instantaneous average/max/min, the DST day
 * of 25 hours in Europe/London, site sums, the caps (400 naming the limit), bad parameters,
 * 404s and scope 403s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AssetMeta } from '../../domain/gridduck-model.js';
import { DEFAULT_STREAM_ROLLUP, type Component, type Org, type User } from '../../domain/model.js';
import { gdHarness, type GdHarness } from './gd-harness.js';

let h: GdHarness;
let org: Org;
let admin: User;
let token: string;

/** After every sample below, so that nothing is cut short at "now". */
const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
const s = (iso: string) => Date.parse(iso) / 1000;
const ms = (iso: string) => Date.parse(iso);

before(async () => {
  h = await gdHarness();
  h.clock.set(NOW);
  org = await h.org('Telemetry');
  admin = await h.user(org, 'admin');
  token = await h.token(admin);
});
after(() => h?.close());

type Meter = 'gauge' | 'delta' | 'cumulative';

/** A component (= asset) with DOUBLE random streams of the given meter kinds, in `zone`. */
async function meterAsset(o: Org, compId: string, streams: Record<string, Meter>, meta: Partial<AssetMeta> = {}, zone = 'Europe/London'): Promise<Component> {
  const defs = Object.entries(streams).map(([id, meter]) => ({
    id, name: id, description: '', valueType: 'DOUBLE' as const, streamType: 'rdm_stream' as const, unitId: null, autoTyped: false,
    rollup: { ...DEFAULT_STREAM_ROLLUP, meter },
  }));
  const c = await h.store.components.create(o.key, { id: compId, name: compId, description: '', timezone: zone, folderPath: '', templateId: '' }, defs);
  if (Object.keys(meta).length > 0) await h.store.assets.setMeta(o.key, c.uid, meta);
  return c;
}

/** Writes samples through the feed path (so rollup states are maintained as in production). */
async function feed(o: Org, compId: string, streamId: string, samples: [string, number][]): Promise<void> {
  await h.ingest.write(o, [{ compId, stream: { id: streamId }, samples: samples.map(([iso, value]) => ({ time: ms(iso), value })) }], {}, { component: () => true, stream: () => true });
}

async function getJson(url: string, tok = token): Promise<any> {
  const r = await h.get(url, tok);
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json();
}

const values = (body: { data: { value: number | null }[] }) => body.data.map((d) => d.value);
const times = (body: { data: { time: number }[] }) => body.data.map((d) => d.time);

describe('GET /asset/{id}/data/aggregate', () => {
  let reg: Component;
  before(async () => {
    // a kWh-style register in Wh, with a reset in the second hour
    reg = await meterAsset(org, 'register', { delivered: 'cumulative' }, { pricePerKwh: '14', currency: '£' });
    await feed(org, 'register', 'delivered', [
      ['2026-01-15T10:10:00Z', 100], // the first reading ever: no increment
      ['2026-01-15T10:40:00Z', 130], // +30
      ['2026-01-15T11:20:00Z', 150], // +20 (measured from the previous hour's last reading)
      ['2026-01-15T11:50:00Z', 20], //  reset: +20
      ['2026-01-15T12:30:00Z', 50], //  +30
    ]);
  });

  it('cumulative meter: per-hour energy from the increments, resets counted, in the documented shape', async () => {
    const r = await h.get(`/asset/${reg.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T14:00:00Z')}&granularity=3600&field=delivered`, token);
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const body = r.json();
    assert.deepEqual(Object.keys(body), ['field', 'unit', 'granularity', 'start', 'end', 'data', 'request_id']);
    assert.deepEqual([body.field, body.unit, body.granularity, body.start, body.end], ['delivered', 'Wh', 3600, s('2026-01-15T10:00:00Z'), s('2026-01-15T14:00:00Z')]);
    assert.equal(r.headers['x-request-id'], body.request_id);
    assert.deepEqual(body.data, [
      { time: s('2026-01-15T10:00:00Z'), value: 30 },
      { time: s('2026-01-15T11:00:00Z'), value: 40 },
      { time: s('2026-01-15T12:00:00Z'), value: 30 },
      { time: s('2026-01-15T13:00:00Z'), value: null }, // no reading: no data, not zero
    ]);
  });

  it('field defaults to delivered; 7200 s buckets (no org cycle) combine from the hours; a partial first bucket starts before start', async () => {
    const body = await getJson(`/asset/${reg.uid}/data/aggregate?start=${s('2026-01-15T10:30:00Z')}&end=${s('2026-01-15T14:00:00Z')}&granularity=7200`);
    assert.equal(body.field, 'delivered');
    assert.deepEqual(times(body), [s('2026-01-15T10:00:00Z'), s('2026-01-15T12:00:00Z')]);
    assert.deepEqual(values(body), [70, 30]);
  });

  it('spend = kWh × price_per_kwh in the asset currency (the asset own price, else the site one)', async () => {
    const body = await getJson(`/asset/${reg.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T13:00:00Z')}&granularity=3600&field=spend`);
    assert.deepEqual([body.field, body.unit], ['spend', '£']);
    assert.deepEqual(values(body), [(30 * 14) / 1000, (40 * 14) / 1000, (30 * 14) / 1000]);

    const site = await h.site(org, 'Cafe', { currency: '€', pricePerKwh: '30.5' });
    const plug = await meterAsset(org, 'cafe-plug', { delivered: 'delta' }, { siteKey: site.key });
    await feed(org, 'cafe-plug', 'delivered', [['2026-01-15T10:05:00Z', 200], ['2026-01-15T10:35:00Z', 300]]);
    const b2 = await getJson(`/asset/${plug.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T11:00:00Z')}&granularity=3600&field=spend`);
    assert.deepEqual([b2.unit, values(b2)], ['€', [(500 * 30.5) / 1000]]);

    const unpriced = await meterAsset(org, 'unpriced', { delivered: 'delta' });
    const r = await h.get(`/asset/${unpriced.uid}/data/aggregate?start=0&end=3600&granularity=3600&field=spend`, token);
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error, 'bad_request');
    assert.match(r.json().message, /price_per_kwh/);
  });

  it('delta and gauge streams are summed; an asset without a delivered stream answers nulls', async () => {
    for (const [id, meter] of [['delta-m', 'delta'], ['gauge-m', 'gauge']] as const) {
      const c = await meterAsset(org, id, { delivered: meter });
      await feed(org, id, 'delivered', [['2026-01-15T10:00:00Z', 5], ['2026-01-15T10:59:59Z', 7], ['2026-01-15T11:00:00Z', 11]]);
      const body = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T12:00:00Z')}&granularity=3600`);
      assert.deepEqual(values(body), [12, 11], meter);
    }
    const bare = await meterAsset(org, 'bare', { consumption: 'gauge' });
    const body = await getJson(`/asset/${bare.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T12:00:00Z')}&granularity=3600`);
    assert.deepEqual(values(body), [null, null]);
  });

  it('granularity 900 (the fifteen-minute cycle, from raw samples), day, week and month', async () => {
    const c = await meterAsset(org, 'q', { delivered: 'delta' });
    await feed(org, 'q', 'delivered', [
      ['2026-01-15T10:01:00Z', 1], ['2026-01-15T10:14:00Z', 2], ['2026-01-15T10:16:00Z', 4], ['2026-01-15T10:59:00Z', 8],
      ['2026-01-16T09:00:00Z', 16], ['2026-01-31T23:59:59Z', 32], ['2026-02-01T00:00:00Z', 64],
    ]);
    const q = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T11:00:00Z')}&granularity=900`);
    assert.deepEqual(values(q), [3, 4, null, 8]);
    assert.equal(q.granularity, 900);

    const d = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-01-17T00:00:00Z')}&granularity=day`);
    assert.deepEqual([d.granularity, values(d)], ['day', [15, 16]]);
    const d2 = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-01-17T00:00:00Z')}&granularity=86400`);
    assert.deepEqual([d2.granularity, values(d2)], [86400, [15, 16]]);

    // weeks start on Monday: 2026-01-12 and 2026-01-26 are Mondays
    const w = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-02-02T00:00:00Z')}&granularity=week`);
    assert.deepEqual(times(w), [s('2026-01-12T00:00:00Z'), s('2026-01-19T00:00:00Z'), s('2026-01-26T00:00:00Z')]);
    assert.deepEqual(values(w), [31, null, 96]);
    const w2 = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-02-02T00:00:00Z')}&granularity=604800`);
    assert.deepEqual(values(w2), [31, null, 96]);

    const m = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-01-01T00:00:00Z')}&end=${s('2026-03-01T00:00:00Z')}&granularity=month`);
    assert.deepEqual([m.granularity, times(m), values(m)], ['month', [s('2026-01-01T00:00:00Z'), s('2026-02-01T00:00:00Z')], [63, 64]]);
  });

  it('day buckets follow the asset zone: Europe/London 2026-10-25 is a 25-hour day', async () => {
    const c = await meterAsset(org, 'dst', { delivered: 'delta', consumption: 'gauge' });
    const hourly: [string, number][] = [];
    for (let t = ms('2026-10-23T23:30:00Z'); t <= ms('2026-10-26T23:30:00Z'); t += 3_600_000) hourly.push([new Date(t).toISOString(), 1]);
    await feed(org, 'dst', 'delivered', hourly);
    const body = await getJson(`/asset/${c.uid}/data/aggregate?start=${s('2026-10-24T00:00:00Z')}&end=${s('2026-10-27T00:00:00Z')}&granularity=86400`);
    // local midnights: BST (UTC+1) on the 24th and 25th, GMT from the 26th
    assert.deepEqual(times(body), [s('2026-10-23T23:00:00Z'), s('2026-10-24T23:00:00Z'), s('2026-10-26T00:00:00Z')]);
    assert.deepEqual(values(body), [24, 25, 24]);

    // the same day of a UTC asset is 24 hours
    const utc = await meterAsset(org, 'dst-utc', { delivered: 'delta' }, {}, 'UTC');
    await feed(org, 'dst-utc', 'delivered', hourly);
    const u = await getJson(`/asset/${utc.uid}/data/aggregate?start=${s('2026-10-24T00:00:00Z')}&end=${s('2026-10-27T00:00:00Z')}&granularity=day`);
    assert.deepEqual([times(u), values(u)], [[s('2026-10-24T00:00:00Z'), s('2026-10-25T00:00:00Z'), s('2026-10-26T00:00:00Z')], [24, 24, 24]]);
  });

  it('at most 1,000 buckets: exactly 1,000 answers, 1,001 is a 400 naming the limit', async () => {
    const start = s('2026-01-01T00:00:00Z');
    const ok = await getJson(`/asset/${reg.uid}/data/aggregate?start=${start}&end=${start + 1000 * 3600}&granularity=3600`);
    assert.equal(ok.data.length, 1000);
    assert.deepEqual(values(ok).filter((v: number | null) => v !== null), [30, 40, 30]);
    const r = await h.get(`/asset/${reg.uid}/data/aggregate?start=${start}&end=${start + 1000 * 3600 + 1}&granularity=3600`, token);
    assert.equal(r.statusCode, 400);
    assert.deepEqual(Object.keys(r.json()), ['error', 'message', 'request_id']);
    assert.equal(r.json().error, 'bad_request');
    assert.match(r.json().message, /at most 1000 /);
    // 1,000 hours that are not on the hour touch 1,001 hourly buckets
    const r2 = await h.get(`/asset/${reg.uid}/data/aggregate?start=${start + 1800}&end=${start + 1800 + 1000 * 3600}&granularity=3600`, token);
    assert.equal(r2.statusCode, 400);
    assert.match(r2.json().message, /^too many buckets: .* at most 1000 /);
    // one-second buckets over years stop at the cap without enumerating them all
    const r3 = await h.get(`/asset/${reg.uid}/data/aggregate?start=0&end=99999999999&granularity=1`, token);
    assert.equal(r3.statusCode, 400);
    assert.match(r3.json().message, /^too many buckets: .* at most 1000 /);
  });
});

describe('GET /asset/{id}/data/instantaneous', () => {
  let plug: Component;
  before(async () => {
    plug = await meterAsset(org, 'plug', { consumption: 'gauge', temperature: 'gauge', label: 'gauge' });
    await feed(org, 'plug', 'consumption', [
      ['2026-01-15T09:50:00Z', 100], // the carry into 10:00
      ['2026-01-15T10:15:00Z', 200],
      ['2026-01-15T10:45:00Z', 50],
      ['2026-01-15T11:30:00Z', 80],
    ]);
    await feed(org, 'plug', 'temperature', [['2026-01-15T10:00:00Z', 20.5], ['2026-01-15T10:30:00Z', 21.5]]);
  });

  const url = (q: string) => `/asset/${plug.uid}/data/instantaneous?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T12:00:00Z')}&granularity=3600&${q}`;

  it('average is the time-weighted sample-and-hold mean; max and min of the samples; W by default', async () => {
    const avg = await getJson(url('field=consumption&format=average'));
    assert.deepEqual(Object.keys(avg), ['field', 'unit', 'granularity', 'start', 'end', 'data', 'request_id']);
    assert.deepEqual([avg.field, avg.unit], ['consumption', 'W']);
    // 10:00–11:00: 100 W for 15 min, 200 W for 30, 50 W for 15; 11:00–12:00: 50 W for 30, 80 W for 30
    assert.deepEqual(values(avg), [(100 * 15 + 200 * 30 + 50 * 15) / 60, (50 * 30 + 80 * 30) / 60]);
    assert.deepEqual(values(await getJson(url('format=max'))), [200, 80], 'field defaults to consumption');
    assert.deepEqual(values(await getJson(url('field=consumption&format=min'))), [50, 80]);
    assert.deepEqual(values(await getJson(url('field=consumption'))), [137.5, 65], 'format defaults to average');
    const t = await getJson(url('field=temperature&format=average'));
    assert.deepEqual([t.unit, values(t)], ['°C', [21, 21.5]]);
    const lab = await getJson(url('field=label&format=max'));
    assert.deepEqual([lab.unit, values(lab)], [null, [null, null]], 'any numeric stream; its unit when it has one');
  });

  it('a well-known field the asset lacks answers nulls; an unknown or non-numeric field is a 400', async () => {
    assert.deepEqual(values(await getJson(url('field=voltage'))), [null, null]);
    const bad = await h.get(url('field=nope'), token);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /unknown field 'nope'.*consumption, temperature, label/);
    await h.ingest.write(org, [{ compId: 'plug', stream: { id: 'note' }, samples: [{ time: ms('2026-01-15T10:00:00Z'), value: 'hello' }] }], {}, { component: () => true, stream: () => true });
    const str = await h.get(url('field=note'), token);
    assert.equal(str.statusCode, 400);
    assert.match(str.json().message, /STRING/);
    assert.equal((await h.get(url('field=desired_state'), token)).statusCode, 400);
    assert.equal((await h.get(url('format=median'), token)).statusCode, 400);
  });

  it('at most 48 buckets: 48 answer, 49 are a 400 naming the limit', async () => {
    const start = s('2026-01-15T00:00:00Z');
    assert.equal((await getJson(`/asset/${plug.uid}/data/instantaneous?start=${start}&end=${start + 48 * 1800}&granularity=1800`)).data.length, 48);
    const r = await h.get(`/asset/${plug.uid}/data/instantaneous?start=${start}&end=${start + 49 * 1800}&granularity=1800`, token);
    assert.equal(r.statusCode, 400);
    assert.match(r.json().message, /at most 48 /);
  });

  it('daily maxima across the DST change', async () => {
    const c = await meterAsset(org, 'dst-i', { consumption: 'gauge' });
    await feed(org, 'dst-i', 'consumption', [['2026-10-24T22:30:00Z', 5], ['2026-10-24T23:30:00Z', 7], ['2026-10-25T23:30:00Z', 9], ['2026-10-26T00:30:00Z', 3]]);
    const body = await getJson(`/asset/${c.uid}/data/instantaneous?start=${s('2026-10-24T00:00:00Z')}&end=${s('2026-10-27T00:00:00Z')}&granularity=day&format=max`);
    assert.deepEqual(times(body), [s('2026-10-23T23:00:00Z'), s('2026-10-24T23:00:00Z'), s('2026-10-26T00:00:00Z')]);
    assert.deepEqual(values(body), [5, 9, 3]);
  });
});

describe('GET /site/{id}/data/aggregate', () => {
  it('sums the assets of the site (each asset price for spend); assets in another zone use the site days', async () => {
    const o = await h.org('Sites');
    const u = await h.user(o, 'admin');
    const tok = await h.token(u);
    const site = await h.site(o, 'Office', { timezone: 'Europe/London', pricePerKwh: '10', currency: '£' });
    await meterAsset(o, 'a', { delivered: 'delta' }, { siteKey: site.key });
    const b = await meterAsset(o, 'b', { delivered: 'cumulative' }, { siteKey: site.key, pricePerKwh: '20' }, 'America/New_York');
    await meterAsset(o, 'c', { consumption: 'gauge' }, { siteKey: site.key }); // no energy data
    await meterAsset(o, 'elsewhere', { delivered: 'delta' }); // not on the site
    await feed(o, 'a', 'delivered', [['2026-01-15T10:10:00Z', 100], ['2026-01-16T10:10:00Z', 300]]);
    await feed(o, 'b', 'delivered', [['2026-01-14T23:00:00Z', 1000], ['2026-01-15T10:00:00Z', 1500], ['2026-01-16T02:00:00Z', 1600]]);
    await feed(o, 'elsewhere', 'delivered', [['2026-01-15T10:10:00Z', 99999]]);
    const q = `start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-01-17T00:00:00Z')}&granularity=day`;

    const d = await getJson(`/site/${site.uid}/data/aggregate?${q}`, tok);
    assert.deepEqual(Object.keys(d), ['field', 'unit', 'granularity', 'start', 'end', 'data', 'request_id']);
    assert.deepEqual(times(d), [s('2026-01-15T00:00:00Z'), s('2026-01-16T00:00:00Z')], 'London days, though b is in New York');
    assert.deepEqual([d.unit, values(d)], ['Wh', [100 + 500, 300 + 100]]);

    const sp = await getJson(`/site/${site.uid}/data/aggregate?${q}&field=spend`, tok);
    assert.equal(sp.unit, '£');
    assert.deepEqual(values(sp), [(100 * 10) / 1000 + (500 * 20) / 1000, (300 * 10) / 1000 + (100 * 20) / 1000]);

    // b priced in another currency: spend cannot be summed
    await h.store.assets.setMeta(o.key, b.uid, { currency: '$' });
    const mixed = await h.get(`/site/${site.uid}/data/aggregate?${q}&field=spend`, tok);
    assert.equal(mixed.statusCode, 400);
    assert.match(mixed.json().message, /different currencies/);

    const empty = await h.site(o, 'Empty');
    assert.deepEqual(values(await getJson(`/site/${empty.uid}/data/aggregate?${q}`, tok)), [null, null]);
  });
});

describe('access and bad input', () => {
  let c: Component;
  before(async () => {
    c = await meterAsset(org, 'acc', { delivered: 'delta' });
  });
  const q = 'start=1767225600&end=1767312000&granularity=3600';

  it('another org, an unknown id, or a site hidden from the user: 404 in GridDuck shape', async () => {
    const other = await h.org('Other');
    const otherUser = await h.user(other, 'owner');
    const otherTok = await h.token(otherUser);
    for (const path of ['aggregate', 'instantaneous']) {
      const r = await h.get(`/asset/${c.uid}/data/${path}?${q}`, otherTok);
      assert.equal(r.statusCode, 404, r.body);
      assert.deepEqual(Object.keys(r.json()), ['error', 'message', 'request_id']);
      assert.equal(r.json().error, 'not_found');
      assert.equal((await h.get(`/asset/00000000-0000-0000-0000-000000000000/data/${path}?${q}`, token)).statusCode, 404);
    }
    const site = await h.site(org, 'Hidden');
    const onSite = await meterAsset(org, 'hidden-asset', { delivered: 'delta' }, { siteKey: site.key });
    const viewer = await h.user(org, 'view', [[site, 'none']]);
    const vt = await h.token(viewer, ['site:view', 'asset:view']);
    assert.equal((await h.get(`/asset/${onSite.uid}/data/aggregate?${q}`, vt)).statusCode, 404);
    assert.equal((await h.get(`/site/${site.uid}/data/aggregate?${q}`, vt)).statusCode, 404);
    assert.equal((await h.get(`/site/${site.uid}/data/aggregate?${q}`, otherTok)).statusCode, 404);
    assert.equal((await h.get(`/asset/${c.uid}/data/aggregate?${q}`, vt)).statusCode, 200, 'an asset on no site is visible to an org viewer');
  });

  it('asset telemetry needs asset:view, site telemetry site:view: else 403 insufficient_scope', async () => {
    const siteOnly = await h.token(admin, ['site:view']);
    const assetOnly = await h.token(admin, ['asset:view']);
    const site = await h.site(org, 'Scoped');
    for (const path of ['aggregate', 'instantaneous']) {
      const r = await h.get(`/asset/${c.uid}/data/${path}?${q}`, siteOnly);
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().error, 'insufficient_scope');
      assert.match(String(r.headers['www-authenticate']), /scope="asset:view"/);
    }
    const r = await h.get(`/site/${site.uid}/data/aggregate?${q}`, assetOnly);
    assert.equal(r.statusCode, 403);
    assert.match(String(r.headers['www-authenticate']), /scope="site:view"/);
    assert.equal((await h.get(`/asset/${c.uid}/data/aggregate?${q}`, assetOnly)).statusCode, 200);
    assert.equal((await h.get(`/site/${site.uid}/data/aggregate?${q}`, siteOnly)).statusCode, 200);
    assert.equal((await h.get(`/asset/${c.uid}/data/aggregate?${q}`, await h.token(admin, ['asset:edit']))).statusCode, 200, 'edit implies view');
    const none = await h.app.inject({ method: 'GET', url: `/asset/${c.uid}/data/aggregate?${q}` });
    assert.equal(none.statusCode, 401);
  });

  it('bad parameters are 400s in GridDuck shape naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['end=1767312000&granularity=3600', /start is required/],
      ['start=1767225600&granularity=3600', /end is required/],
      ['start=1767225600&end=1767312000', /granularity is required/],
      ['start=abc&end=1767312000&granularity=3600', /start must be whole Unix seconds/],
      ['start=-5&end=1767312000&granularity=3600', /start must be whole Unix seconds/],
      ['start=1767225600.5&end=1767312000&granularity=3600', /start must be whole Unix seconds/],
      ['start=1767225600000&end=1767312000000&granularity=3600', /milliseconds/],
      ['start=1767312000&end=1767312000&granularity=3600', /end .* must be later than start/],
      ['start=1767312000&end=1767225600&granularity=3600', /must be later/],
      ['start=1767225600&end=1767312000&granularity=0', /granularity must be/],
      ['start=1767225600&end=1767312000&granularity=hourly', /granularity must be/],
      ['start=1767225600&end=1767312000&granularity=1.5', /granularity must be/],
      ['start=1767225600&end=1767312000&granularity=99999999', /granularity must be/],
      ['start=1767225600&end=1767312000&granularity=3600&field=consumption', /field must be one of delivered, spend/],
    ];
    for (const [query, re] of cases) {
      const r = await h.get(`/asset/${c.uid}/data/aggregate?${query}`, token);
      assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
      const body = r.json();
      assert.deepEqual(Object.keys(body), ['error', 'message', 'request_id'], query);
      assert.equal(body.error, 'bad_request');
      assert.match(body.message, re, query);
    }
    const site = await h.site(org, 'Bad input');
    assert.equal((await h.get(`/site/${site.uid}/data/aggregate?start=1&end=0&granularity=60`, token)).statusCode, 400);
    assert.equal((await h.get(`/site/${site.uid}/data/aggregate?${q}&field=temperature`, token)).statusCode, 400);
  });
});

describe('interval streams answer only granularities their base cycle tiles', () => {
  let o: Org;
  let tok: string;
  let quarter: Component;
  const day = `start=${s('2026-01-15T00:00:00Z')}&end=${s('2026-01-16T00:00:00Z')}`;
  before(async () => {
    o = await h.org('Intervals');
    tok = await h.token(await h.user(o, 'admin'));
    const def = {
      id: 'delivered', name: 'delivered', description: '', valueType: 'DOUBLE' as const, streamType: 'intvl_stream' as const, unitId: null, autoTyped: false,
      rollup: { ...DEFAULT_STREAM_ROLLUP, meter: 'delta' as const, baseCycleId: 'fifteenminute' },
    };
    quarter = await h.store.components.create(o.key, { id: 'q', name: 'q', description: '', timezone: 'Europe/London', folderPath: '', templateId: '' }, [def]);
    await feed(o, 'q', 'delivered', [['2026-01-15T10:00:00Z', 1], ['2026-01-15T10:15:00Z', 2], ['2026-01-15T10:30:00Z', 4]]);
  });

  it('15-minute intervals answer 900, 3600 and day buckets', async () => {
    const hourly = await getJson(`/asset/${quarter.uid}/data/aggregate?${day}&granularity=3600`, tok);
    assert.equal(values(hourly)[10], 7);
    assert.deepEqual(values(await getJson(`/asset/${quarter.uid}/data/aggregate?${day}&granularity=day`, tok)), [7]);
    assert.equal(values(await getJson(`/asset/${quarter.uid}/data/aggregate?${day}&granularity=900`, tok)).filter((v) => v !== null).length, 3);
  });

  it('finer or misaligned buckets are a 400 in GridDuck shape naming the granularity and the base cycle', async () => {
    for (const g of [60, 1200]) {
      for (const path of [`/asset/${quarter.uid}/data/aggregate`, `/asset/${quarter.uid}/data/instantaneous`]) {
        const r = await h.get(`${path}?start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T10:40:00Z')}&granularity=${g}&field=delivered`, tok);
        assert.equal(r.statusCode, 400, r.body);
        assert.deepEqual(Object.keys(r.json()), ['error', 'message', 'request_id']);
        assert.match(r.json().message, new RegExp(`^cycle 'granularity ${g}' is not tiled by the stream's base cycle 'fifteenminute': 'delivered' is an intvl_stream`));
      }
    }
  });

  it("a site is a 400 when any of its assets' streams cannot answer; random streams answer any granularity", async () => {
    const site = await h.site(o, 'Mixed', { timezone: 'Europe/London' });
    const rnd = await meterAsset(o, 'rnd', { delivered: 'delta' }, { siteKey: site.key });
    await feed(o, 'rnd', 'delivered', [['2026-01-15T10:01:00Z', 5]]);
    const q = `start=${s('2026-01-15T10:00:00Z')}&end=${s('2026-01-15T10:05:00Z')}&granularity=60`;
    assert.deepEqual(values(await getJson(`/site/${site.uid}/data/aggregate?${q}`, tok)), [null, 5, null, null, null]);
    await h.store.assets.setMeta(o.key, quarter.uid, { siteKey: site.key });
    const r = await h.get(`/site/${site.uid}/data/aggregate?${q}`, tok);
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json().message, /granularity 60' is not tiled by the stream's base cycle 'fifteenminute'/);
    assert.equal(values(await getJson(`/asset/${rnd.uid}/data/aggregate?${q}`, tok))[1], 5);
  });
});

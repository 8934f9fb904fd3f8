import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, T0, type Harness } from './advanced/harness.js';
import { TTL_MS as VOCAB_TTL_MS } from '../../ingest/vocabulary-cache.js';

const H = 3_600_000;
const M15 = 900_000;
// Four hours of samples every 15 minutes ending well before the harness clock (T0): each
// hour's sample-and-hold average is the mean of its four values.
const START = T0 - 10 * H;
const TIMES = Array.from({ length: 16 }, (_, i) => START + i * M15);
const VALUES = TIMES.map((_, i) => (i % 4) + 1 + Math.floor(i / 4) * 0.5); // exact in binary: any summation order agrees
const avgOfHour = (h: number) => (VALUES[4 * h]! + VALUES[4 * h + 1]! + VALUES[4 * h + 2]! + VALUES[4 * h + 3]!) / 4;

/** at least the vocabulary cache's lifetime (ingest/vocabulary-cache.ts): a read after this much time loads it anew */

let h: Harness;
before(async () => {
  h = await harness();
  const r = await h.req('PUT', '/api/feed', [{ compId: 'c', streamId: 's', data: VALUES, time: TIMES }]);
  assert.equal(r.status, 200, r.text);
});
after(async () => h.close());

const feed = (cycle: string, qs = '') => h.req('GET', `/api/comp/c/stream/s/cycle/${cycle}/stat/avg/feed?sd=${START}&ed=${START + 4 * H}${qs}`);

describe('cycle stat feed', () => {
  it('answers the same bytes JSON.stringify gives for the samples, latest first, in the wire key order', async () => {
    const r = await feed('hour');
    assert.equal(r.status, 200, r.text);
    const want = [3, 2, 1, 0].map((k) => ({ data: avgOfHour(k), time: START + (k + 1) * H }));
    assert.equal(r.text, JSON.stringify(want));
    const all = await feed('hour', '&retCompId&retStreamId&retIntvlSd&retFData&retUnit');
    assert.equal(all.text, JSON.stringify([3, 2, 1, 0].map((k) => ({ compId: 'c', streamId: 's', data: avgOfHour(k), time: START + (k + 1) * H, fData: String(avgOfHour(k)), unit: '', sdTime: START + k * H }))));
  });

  it('takes a cycle by id or uid, and answers 404 for an unknown one', async () => {
    const hour = (await h.store.cycles.get(h.orgA, 'hour'))!;
    assert.equal((await feed(hour.uid)).text, (await feed('hour')).text);
    const nope = await feed('nope');
    assert.equal(nope.status, 404);
    assert.deepEqual(nope.body, { success: false, message: "unknown cycle 'nope'" });
  });

  it('sees a cycle another process made since the org vocabulary was cached', async () => {
    assert.equal((await feed('fromstore')).status, 404); // the org's vocabulary is cached from here on
    // made by another process: store only, nothing told the cache
    await h.store.cycles.put(h.orgA, { id: 'fromstore', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00', timezone: 'UTC' });
    const two = await feed('fromstore');
    assert.equal(two.status, 200, two.text);
    assert.deepEqual(two.body.map((x: { time: number }) => x.time), [START + 4 * H, START + 2 * H]);
  });

  it('a cycle deleted through the API is unknown at once, though the cached vocabulary held it', async () => {
    const put = await h.req('PUT', '/api/cycle', { cycle: { id: 'twohour', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 2, timezoneId: 'UTC' } });
    assert.equal(put.status, 200, put.text);
    h.clock.advance(VOCAB_TTL_MS); // whatever the PUT did, the next read loads the org's vocabulary anew, this cycle in it
    const two = await feed('twohour');
    assert.equal(two.status, 200, two.text);
    assert.deepEqual(two.body.map((x: { time: number }) => x.time), [START + 4 * H, START + 2 * H]);
    assert.equal((await h.req('DELETE', '/api/cycle/twohour')).status, 200);
    const gone = await feed('twohour'); // within the cache's TTL: only the route's forget can make this 404
    assert.equal(gone.status, 404, gone.text);
  });

  it('a cycle changed through the API gives the new intervals at once', async () => {
    const put = await h.req('PUT', '/api/cycle', { cycle: { id: 'span', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 2, timezoneId: 'UTC' } });
    assert.equal(put.status, 200, put.text);
    h.clock.advance(VOCAB_TTL_MS);
    const two = await feed('span'); // cached with two-hour intervals
    assert.deepEqual(two.body.map((x: { time: number }) => x.time), [START + 4 * H, START + 2 * H]);
    const post = await h.req('POST', '/api/cycle', { cycle: { id: 'span', numSizeTypesPerIntvl: 1 } }); // unused: its interval may change
    assert.equal(post.status, 200, post.text);
    const one = await feed('span');
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.map((x: { time: number }) => x.time), [4, 3, 2, 1].map((k) => START + k * H));
    assert.deepEqual(one.body.map((x: { data: number }) => x.data), [3, 2, 1, 0].map(avgOfHour));
  });
});

describe('cumulative meter through the API', () => {
  it("a register that dips and recovers sums to its real consumption (the testers' repro)", async () => {
    const put = await h.req('PUT', '/api/component', { component: { id: 'jit', name: 'jit', stream: [{ id: 'kwh', valueType: 'DOUBLE', meterKind: 'CUMULATIVE' }] } });
    assert.equal(put.status, 200, put.text);
    const feed = await h.req('PUT', '/api/feed?compId=jit&kwh=50000,50000.5,50000.4,50001&time=1710028800000%2C1710029700000%2C1710030600000%2C1710031500000');
    assert.equal(feed.status, 200, feed.text);
    const sum = await h.req('GET', '/api/comp/jit/stream/kwh/cycle/hour/stat/sum/last_value');
    assert.equal(sum.text, '[{"data":1,"time":1710032400000}]');
    const min = await h.req('GET', '/api/comp/jit/stream/kwh/cycle/fifteenminute/stat/min/feed');
    assert.deepEqual(min.body.map((x: { data: number | null }) => x.data), [50001 - 50000.4, 50000.4 - 50000.5, 0.5, null]);
  });
});

describe('a stat feed whose ed is far in the future', () => {
  const FAR = 99_999_999_999_999;
  const D = 24 * H;
  const times = (r: { body: { time: number }[] }) => r.body.map((x) => x.time);

  before(async () => {
    // fut: x with samples in the past, p a point stream stamped five days ahead of the clock
    const put = await h.req('PUT', '/api/component', { component: { id: 'fut', stream: [{ id: 'x', valueType: 'DOUBLE' }, { id: 'p', valueType: 'DOUBLE', streamType: 'point_stream' }] } });
    assert.equal(put.status, 200, put.text);
    // ivf: an hourly interval stream whose latest interval, two days ahead, is stored at its end
    const iv = await h.req('PUT', '/api/component', { component: { id: 'ivf', stream: [{ id: 'k', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'hour' }] } });
    assert.equal(iv.status, 200, iv.text);
    const feed = await h.req('PUT', '/api/feed', [
      { compId: 'fut', streamId: 'x', data: [1, 2], time: [T0 - 3 * H, T0 - 2 * H] },
      { compId: 'fut', streamId: 'p', data: 9, time: T0 + 5 * D + 30 * 60_000 },
      { compId: 'ivf', streamId: 'k', data: [4, 6], time: [T0 - H, T0 + 2 * D + 10 * 60_000] },
    ]);
    assert.equal(feed.status, 200, feed.text);
  });

  it('reads up to the running interval, so the data shows', async () => {
    const r = await h.req('GET', `/api/comp/c/stream/s/cycle/hour/stat/sum/feed?sd=0&ed=${FAR}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.length, 1000);
    assert.equal(r.body[0].time, T0 + H, "the latest interval is the running one (the harness's clock is on the hour)");
    assert.deepEqual(r.body.filter((x: { data: number | null }) => x.data !== null).map((x: { time: number }) => x.time), [4, 3, 2, 1].map((k) => START + k * H));
  });

  it('an ed up to the end of the running interval is kept', async () => {
    const r = await h.req('GET', `/api/comp/c/stream/s/cycle/hour/stat/sum/feed?sd=${T0 - 2 * H}&ed=${T0 + H}`);
    assert.deepEqual(times(r), [T0 + H, T0, T0 - H]);
  });

  it('data stamped ahead of the clock is read up to its interval: a point stream', async () => {
    const r = await h.req('GET', `/api/comp/fut/stream/p/cycle/hour/stat/last/feed?sd=${T0}&ed=${FAR}`);
    assert.equal(r.body[0].time, T0 + 5 * D + H);
    assert.equal(r.body[0].data, 9);
    assert.equal(r.body.length, 5 * 24 + 1);
  });

  it("an interval stream's latest interval, not the one after its end time", async () => {
    const r = await h.req('GET', `/api/comp/ivf/stream/k/cycle/hour/stat/last/last_value?sd=0&ed=${FAR}&retIntvlSd`);
    assert.equal(r.text, `[{"data":6,"time":${T0 + 2 * D + H},"sdTime":${T0 + 2 * D}}]`);
    const days = await h.req('GET', `/api/comp/ivf/stream/k/cycle/day/stat/sum/feed?sd=${T0}&ed=${FAR}`);
    assert.deepEqual(days.body.map((x: { data: number | null }) => x.data), [6, null, 4], 'the day of the future interval, a day of gaps, and today');
  });

  it("a component's streams all end at the latest of its streams", async () => {
    // days in Europe/London (the org's zone): the one holding T0 ends at T0 + 12 h
    const r = await h.req('GET', `/api/comp/fut/cycle/day/stat/sum/feed?sd=${T0}&ed=${FAR}&retStreamId`);
    assert.deepEqual(r.body.map((x: { streamId: string; time: number }) => [x.streamId, x.time - T0]), [
      ...[5, 4, 3, 2, 1, 0].map((k) => ['x', k * D + 12 * H]),
      ...[5, 4, 3, 2, 1, 0].map((k) => ['p', k * D + 12 * H]),
    ]);
    // one stream alone ends at the running interval
    const x = await h.req('GET', `/api/comp/fut/stream/x/cycle/day/stat/sum/feed?sd=${T0}&ed=${FAR}`);
    assert.deepEqual(x.body.map((s: { data: number | null; time: number }) => [s.data, s.time - T0]), [[3, 12 * H]]);
  });
});

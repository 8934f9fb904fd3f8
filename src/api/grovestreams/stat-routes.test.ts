import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, T0, type Harness } from './advanced/harness.js';

const H = 3_600_000;
const M15 = 900_000;
// Four hours of samples every 15 minutes ending well before the harness clock (T0): each
// hour's sample-and-hold average is the mean of its four values.
const START = T0 - 10 * H;
const TIMES = Array.from({ length: 16 }, (_, i) => START + i * M15);
const VALUES = TIMES.map((_, i) => (i % 4) + 1 + Math.floor(i / 4) * 0.5); // exact in binary: any summation order agrees
const avgOfHour = (h: number) => (VALUES[4 * h]! + VALUES[4 * h + 1]! + VALUES[4 * h + 2]! + VALUES[4 * h + 3]!) / 4;

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

  it('sees a cycle made or deleted since the org vocabulary was cached', async () => {
    assert.equal((await feed('twohour')).status, 404);
    // made by another process: store only, nothing told the cache
    await h.store.cycles.put(h.orgA, { id: 'twohour', name: '2 hours', sizeType: 'HOUR', count: 2, reference: '2000-01-01T00:00:00', timezone: 'UTC' });
    const two = await feed('twohour');
    assert.equal(two.status, 200, two.text);
    assert.deepEqual(two.body.map((x: { time: number }) => x.time), [START + 4 * H, START + 2 * H]);
    // deleted through the API, which forgets the cached vocabulary
    assert.equal((await h.req('DELETE', '/api/cycle/twohour')).status, 200);
    assert.equal((await feed('twohour')).status, 404);
  });
});

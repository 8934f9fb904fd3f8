/**
 * Cycle statistics of interval streams (stats/stat-cycle-error.ts): only cycles the base cycle
 * tiles in the component's zone answer; any other is a 400 naming the cycle and the base cycle,
 * for one stream and for a component with such a stream, with or without sd/ed. Random streams
 * answer every cycle.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, type Harness } from './advanced/harness.js';

const M15 = 900_000;
const T = Date.UTC(2024, 0, 15, 0, 0); // before the harness clock

let h: Harness;
before(async () => {
  h = await harness();
  const ok = (r: { status: number; text: string }) => assert.equal(r.status, 200, r.text);
  ok(await h.req('PUT', '/api/cycle', { cycle: { id: 'twentymin', intvlSizeType: 'MINUTE', numSizeTypesPerIntvl: 20 } }));
  ok(await h.req('PUT', '/api/component', {
    component: { id: 'r1', name: 'r1', stream: [{ id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }, { id: 'w', valueType: 'DOUBLE' }] },
  }));
  // r2: the same streams, the random one first (a limit of 1 is used up before the interval stream)
  ok(await h.req('PUT', '/api/component', {
    component: { id: 'r2', name: 'r2', stream: [{ id: 'w', valueType: 'DOUBLE' }, { id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }] },
  }));
  for (const compId of ['r1', 'r2']) {
    ok(await h.req('PUT', '/api/feed', [{ compId, streamId: 'e', data: [1, 2], time: [T, T + M15] }, { compId, streamId: 'w', data: [3, 4], time: [T, T + M15] }]));
  }
});
after(async () => h.close());

const stat = (path: string, cycle: string, qs = '') => h.req('GET', `/api/comp/r1${path}/cycle/${cycle}/stat/milliseccount/feed${qs}`);
const range = `?sd=${T}&ed=${T + 2 * M15}`;

describe('cycle statistics of an interval stream', () => {
  it('a cycle its base cycle tiles answers whole intervals', async () => {
    const r = await stat('/stream/e', 'hour', range);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, [{ data: 2 * M15, time: T + 3_600_000 }]);
    assert.equal((await stat('/stream/e', 'fifteenminute', range)).body.length, 2);
  });

  it('a shorter or misaligned cycle is a 400 naming both cycles, with or without sd/ed', async () => {
    const cases: [string, RegExp][] = [
      ['minute', /^cycle 'minute' is not tiled by the stream's base cycle 'fifteenminute': 'e' is an intvl_stream, whose statistics are made of whole base intervals \(cycle 'fifteenminute' \(15 MINUTE\) is longer than 'minute' \(1 MINUTE\)\)$/],
      ['twentymin', /^cycle 'twentymin' is not tiled by the stream's base cycle 'fifteenminute': .*1200000 ms is not a multiple of 900000 ms/],
    ];
    for (const [cycle, message] of cases) {
      for (const qs of [range, '', '?limit=1']) {
        for (const endpoint of ['feed', 'last_value']) {
          const r = await h.req('GET', `/api/comp/r1/stream/e/cycle/${cycle}/stat/milliseccount/${endpoint}${qs}`);
          assert.equal(r.status, 400, `${cycle} ${endpoint}${qs}: ${r.text}`);
          assert.deepEqual(Object.keys(r.body), ['success', 'message']);
          assert.match(r.body.message, message);
        }
      }
    }
  });

  it("a component's statistics are a 400 when any of its interval streams cannot answer, whatever the limit", async () => {
    for (const comp of ['r1', 'r2']) {
      for (const qs of [range, '?limit=1']) {
        const r = await h.req('GET', `/api/comp/${comp}/cycle/minute/stat/milliseccount/feed${qs}`);
        assert.equal(r.status, 400, `${comp}${qs}: ${r.text}`);
        assert.match(r.body.message, /^cycle 'minute' is not tiled by the stream's base cycle 'fifteenminute': 'e'/);
      }
    }
    assert.equal((await stat('', 'hour', range)).status, 200);
  });

  it('a random stream answers any cycle, exactly from its samples', async () => {
    const r = await stat('/stream/w', 'twentymin', range);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.map((x: { data: number }) => x.data), [1_200_000, 1_200_000]);
  });
});

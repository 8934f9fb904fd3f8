import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, T0, type Harness } from './advanced/harness.js';

const H = 3_600_000;

let h: Harness;
before(async () => {
  h = await harness();
  const r = await h.req('PUT', `/api/feed?compId=c&temp=1,2,3&time=${T0 - 3 * H},${T0 - 2 * H},${T0 - H}`);
  assert.equal(r.status, 200, r.text);
});
after(async () => h.close());

/** Every read route: raw and statistic, of one stream and of the component. */
const ROUTES = ['/api/comp/c/stream/temp/feed', '/api/comp/c/feed', '/api/comp/c/stream/temp/last_value', '/api/comp/c/last_value', '/api/comp/c/stream/temp/cycle/hour/stat/sum/feed', '/api/comp/c/cycle/hour/stat/sum/last_value'];

describe('read ranges and parameters', () => {
  for (const path of ROUTES) {
    it(`${path}: sd after ed is a 400`, async () => {
      const r = await h.req('GET', `${path}?sd=${T0}&ed=${T0 - H}`);
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.body, { success: false, message: `sd must not be after ed, got sd ${T0} and ed ${T0 - H}` });
    });

    it(`${path}: sd = ed is an empty range`, async () => {
      const r = await h.req('GET', `${path}?sd=${T0 - 2 * H}&ed=${T0 - 2 * H}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.text, '[]');
    });

    for (const [name, value] of [['sd', T0 - 3 * H], ['ed', T0], ['limit', 2]] as const) {
      it(`${path}: a repeated ${name} is a 400 that says so`, async () => {
        const r = await h.req('GET', `${path}?${name}=${value}&${name}=${value}`);
        assert.equal(r.status, 400, r.text);
        assert.deepEqual(r.body, { success: false, message: `${name} appears 2 times; give it once` });
      });
    }
  }

  it('a repeated flag is still a flag', async () => {
    const r = await h.req('GET', '/api/comp/c/stream/temp/last_value?retStreamId&retStreamId');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, `[{"streamId":"temp","data":3,"time":${T0 - H}}]`);
  });
});

describe('retIntvlSd on raw reads', () => {
  // New York falls back on Sunday 2023-11-05: that day is 25 hours long.
  const ny = (local: string) => Date.parse(local);
  const DAY3 = { sd: ny('2023-11-03T00:00:00-04:00'), ed: ny('2023-11-04T00:00:00-04:00') };
  const DAY4 = { sd: DAY3.ed, ed: ny('2023-11-05T00:00:00-04:00') };
  const DAY5 = { sd: DAY4.ed, ed: ny('2023-11-06T00:00:00-05:00') }; // 25 hours
  const HOUR = { sd: ny('2023-11-05T01:00:00-05:00'), ed: ny('2023-11-05T02:00:00-05:00') }; // the repeated 01:00, second time
  const RANDOM_T = ny('2023-11-05T07:00:00-05:00');

  before(async () => {
    const put = await h.req('PUT', '/api/component', {
      component: {
        id: 'iv', timeZoneId: 'America/New_York',
        stream: [
          { id: 'd', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'day' },
          { id: 'h', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'hour' },
          { id: 'r', valueType: 'DOUBLE' },
          { id: 'p', valueType: 'DOUBLE', streamType: 'point_stream' },
        ],
      },
    });
    assert.equal(put.status, 200, put.text);
    // d: day 3, then day 5; day 4 between them is stored as a gap
    const feed = await h.req('PUT', '/api/feed', [
      { compId: 'iv', streamId: 'd', data: [3, 5], time: [DAY3.sd + 12 * H, DAY5.sd + 12 * H] },
      { compId: 'iv', streamId: 'h', data: 2, time: HOUR.sd + 1 },
      { compId: 'iv', streamId: 'r', data: 7, time: RANDOM_T },
      { compId: 'iv', streamId: 'p', data: 8, time: RANDOM_T },
    ]);
    assert.equal(feed.status, 200, feed.text);
  });

  it("an interval stream's feed gives each interval's start, gaps included, as the last key", async () => {
    const r = await h.req('GET', '/api/comp/iv/stream/d/feed?retIntvlSd');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, JSON.stringify([{ data: 5, time: DAY5.ed, sdTime: DAY5.sd }, { data: null, time: DAY4.ed, sdTime: DAY4.sd }, { data: 3, time: DAY3.ed, sdTime: DAY3.sd }]));
    assert.equal(DAY5.ed - DAY5.sd, 25 * H, 'a calendar day: not time − 24 h');
  });

  it('last_value gives it, from the stream row and from a range read', async () => {
    assert.equal((await h.req('GET', '/api/comp/iv/stream/d/last_value?retIntvlSd')).text, `[{"data":5,"time":${DAY5.ed},"sdTime":${DAY5.sd}}]`);
    // sd/ed select by sample time, an interval's end: ed = day 5's end leaves day 5 out
    assert.equal((await h.req('GET', `/api/comp/iv/stream/d/last_value?retIntvlSd&sd=${DAY3.sd}&ed=${DAY5.ed}`)).text, `[{"data":null,"time":${DAY4.ed},"sdTime":${DAY4.sd}}]`);
    assert.equal((await h.req('GET', '/api/comp/iv/stream/h/last_value?retIntvlSd')).text, `[{"data":2,"time":${HOUR.ed},"sdTime":${HOUR.sd}}]`);
  });

  it('component reads give it to interval streams only, after every other key', async () => {
    const all = '&retCompId&retStreamId&retFData&retUnit';
    const last = await h.req('GET', `/api/comp/iv/last_value?retIntvlSd${all}`);
    assert.equal(last.status, 200, last.text);
    assert.equal(last.text, JSON.stringify([
      { compId: 'iv', streamId: 'd', data: 5, time: DAY5.ed, fData: '5', unit: '', sdTime: DAY5.sd },
      { compId: 'iv', streamId: 'h', data: 2, time: HOUR.ed, fData: '2', unit: '', sdTime: HOUR.sd },
      { compId: 'iv', streamId: 'r', data: 7, time: RANDOM_T, fData: '7', unit: '' },
      { compId: 'iv', streamId: 'p', data: 8, time: RANDOM_T, fData: '8', unit: '' },
    ]));
    const feed = await h.req('GET', '/api/comp/iv/feed?retIntvlSd&retStreamId');
    assert.deepEqual(feed.body.map((x: Record<string, unknown>) => [x.streamId, x.sdTime]), [['d', DAY5.sd], ['d', DAY4.sd], ['d', DAY3.sd], ['h', HOUR.sd], ['r', undefined], ['p', undefined]]);
  });

  it('without retIntvlSd there is no sdTime', async () => {
    assert.equal((await h.req('GET', '/api/comp/iv/stream/d/last_value')).text, `[{"data":5,"time":${DAY5.ed}}]`);
  });
});

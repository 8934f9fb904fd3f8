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

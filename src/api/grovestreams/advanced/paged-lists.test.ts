/**
 * Every list route of the advanced API pages the same way (common.ts sendList): `start` and
 * `limit` pick a page, `totalCount` counts the whole list, bad values are the same 400.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
  const put = async (url: string, body: object) => {
    const r = await h.req('PUT', url, body);
    assert.equal(r.status, 200, `${url}: ${r.text}`);
  };
  for (const i of [1, 2, 3]) {
    await put('/api/component', { component: { id: `c${i}`, folderPath: `/Components/f${i}` } });
    await put('/api/delete_profile', { delete_profile: { id: `dp${i}`, deleteRangeType: 'DAY', numRangeTypes: i } });
    await put('/api/unit', { unit: { id: `u${i}` } });
    await put('/api/component_template', { component_template: { id: `t${i}` } });
  }
  await put('/api/rollup_calendar', { rollup_calendar: { id: 'third', cycles: ['day', 'month'] } });
});
after(async () => h.close());

/** The list route and the key its items are under. */
const LISTS = [
  ['/api/component', 'component'],
  ['/api/cycle', 'cycle'],
  ['/api/rollup_calendar', 'rollup_calendar'],
  ['/api/delete_profile', 'delete_profile'],
  ['/api/unit', 'unit'],
  ['/api/component_template', 'component_template'],
  ['/api/cr/comp', 'cr_node'],
] as const;

const ids = (items: { id: string }[]) => items.map((x) => x.id);

describe('paged lists', () => {
  test('start and limit pick a page; totalCount is the whole list', async () => {
    for (const [url, key] of LISTS) {
      const all = await h.req('GET', url);
      assert.equal(all.status, 200, `${url}: ${all.text}`);
      const total = all.body.totalCount;
      assert.equal(all.body[key].length, total, `${url}: the default page holds them all`);
      assert.ok(total >= 3, `${url} has ${total}`);
      const first = await h.req('GET', `${url}?start=0&limit=2`);
      assert.deepEqual(ids(first.body[key]), ids(all.body[key]).slice(0, 2), url);
      assert.equal(first.body.totalCount, total, url);
      const next = await h.req('GET', `${url}?start=2&limit=2`);
      assert.deepEqual(ids(next.body[key]), ids(all.body[key]).slice(2, 4), url);
      const past = await h.req('GET', `${url}?start=${total}`);
      assert.deepEqual([past.body[key], past.body.totalCount], [[], total], url);
    }
  });

  test('bad start or limit is the same 400 everywhere', async () => {
    for (const [url] of LISTS) {
      for (const [q, message] of [
        ['limit=0', "limit must be a whole number of at least 1, got '0'"],
        ['limit=x', "limit must be a whole number of at least 1, got 'x'"],
        ['start=-1', "start must be a whole number of at least 0, got '-1'"],
      ]) {
        const r = await h.req('GET', `${url}?${q}`);
        assert.equal(r.status, 400, `${url}?${q}: ${r.text}`);
        assert.deepEqual(r.body, { success: false, message }, `${url}?${q}`);
      }
    }
  });
});

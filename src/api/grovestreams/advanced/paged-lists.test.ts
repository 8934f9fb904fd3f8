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

  test('without a limit, components come 100 at a time and every other list whole; a repeated start or limit is a 400', async () => {
    for (let i = 0; i < 120; i++) await h.store.units.put(h.orgA, { id: `many${i}`, name: `many${i}`, symbol: '', numberFormat: '', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE' });
    const units = await h.req('GET', '/api/unit');
    assert.equal(units.body.unit.length, units.body.totalCount);
    assert.ok(units.body.totalCount > 120);
    for (let i = 0; i < 100; i++) await h.store.components.create(h.orgA, { id: `page${i}`, name: `p${i}`, description: '', timezone: 'UTC', folderPath: '', templateId: '' }, []);
    const comps = await h.req('GET', '/api/component');
    assert.deepEqual([comps.body.component.length, comps.body.totalCount > 100], [100, true]);
    for (const q of ['start=0&start=1', 'limit=1&limit=2']) {
      const r = await h.req('GET', `/api/unit?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.body.message, /appears 2 times; give it once/);
    }
  });
});

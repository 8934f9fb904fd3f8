/**
 * The reserved id 'new' (domain/reserved-id.ts): every resource with a GET …/new blank refuses
 * it for new objects and renames, and no route takes the path segment 'new' for an object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const bodies: [resource: string, label: string, body: object][] = [
  ['cycle', 'cycle', { intvlSizeType: 'SECOND', numSizeTypesPerIntvl: 30 }],
  ['rollup_calendar', 'rollup calendar', { cycles: ['hour', 'day'] }],
  ['delete_profile', 'delete profile', { deleteRangeType: 'DAY', numRangeTypes: 3 }],
  ['unit', 'unit', { symbol: 'W' }],
  ['component_template', 'component template', { stream: [] }],
  ['component', 'component', {}],
];

describe("the id 'new'", () => {
  test('cannot be given to a new object of any resource that has a /new blank', async () => {
    for (const [resource, label, body] of bodies) {
      const r = await h.req('PUT', `/api/${resource}`, { [resource]: { id: 'new', ...body } });
      assert.equal(r.status, 400, `${resource}: ${r.text}`);
      assert.deepEqual(r.body, { success: false, message: `${resource}.id 'new' is reserved: /api/${resource}/new is a blank ${label} to fill in; choose another id` });
      const blank = await h.req('GET', `/api/${resource}/new`);
      assert.equal(blank.body[resource].id, '', `${resource}: GET …/new is still the blank`);
      const list = await h.req('GET', `/api/${resource}`);
      assert.ok(!list.body[resource].some((x: { id: string }) => x.id === 'new'), resource);
    }
    // units and templates are inserted by POST too
    for (const resource of ['unit', 'component_template']) assert.equal((await h.req('POST', `/api/${resource}`, { [resource]: { id: 'new' } })).status, 400, resource);
  });

  test('a component can neither be renamed to it nor made with it by a feed', async () => {
    assert.equal((await h.req('PUT', '/api/component', { component: { id: 'c1' } })).status, 200);
    const renamed = await h.req('POST', '/api/component', { component: { id: 'c1', name: 'still c1' } });
    assert.equal(renamed.status, 200, renamed.text);
    const r = await h.req('POST', '/api/component', { component: { uid: renamed.body.component.uid, id: 'new' } });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, /^component\.id 'new' is reserved/);
    assert.equal((await h.req('GET', '/api/component/c1')).status, 200);

    const f = await h.req('PUT', `/api/feed?compId=new&temp=1&time=${T0}`);
    assert.equal(f.status, 400, f.text);
    assert.equal(f.body.message, "cannot create component: compId 'new' is reserved: /api/component/new is a blank component to fill in; choose another id");
    assert.equal(await h.store.components.get(h.orgA, 'new'), undefined);
  });

  test("objects stored with it before stay usable by uid; 'new' in a path never reaches them", async () => {
    const cycle = await h.store.cycles.put(h.orgA, { id: 'new', name: 'old', sizeType: 'MINUTE', count: 7, reference: '2000-01-01T00:00:00' });
    const del = await h.req('DELETE', '/api/cycle/new');
    assert.equal(del.status, 400, del.text);
    assert.equal(del.body.message, "'new' names no cycle: /api/cycle/new is a blank one; address a cycle by its uid or id");
    assert.equal((await h.req('GET', '/api/cycle/new')).body.cycle.uid, '', 'the blank');
    assert.equal((await h.req('GET', `/api/cycle/${cycle.uid}`)).body.cycle.id, 'new');
    assert.equal((await h.req('POST', '/api/cycle', { cycle: { uid: cycle.uid, name: 'renamed' } })).status, 200, 'updating it is no create');
    assert.equal((await h.req('DELETE', `/api/cycle/${cycle.uid}`)).status, 200);

    // a unit or template stored with it may still be replaced by id (clients re-send their units at every start)
    await h.store.units.put(h.orgA, { id: 'new', name: 'old', symbol: '', numberFormat: '', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE' });
    const u = await h.req('PUT', '/api/unit', { unit: { id: 'new', symbol: 'kW' } });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.unit.symbol, 'kW');

    // a component: feeds still reach it by compId; the advanced API by uid only
    const c = await h.store.components.create(h.orgA, { id: 'new', name: 'new', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, []);
    assert.equal((await h.req('PUT', `/api/feed?compId=new&temp=1&time=${T0}`)).status, 200);
    for (const [method, url] of [['DELETE', '/api/component/new'], ['GET', '/api/component/new/stream']] as const) {
      const r = await h.req(method, url);
      assert.equal(r.status, 400, `${method} ${url}: ${r.text}`);
      assert.match(r.body.message, /^'new' names no component/);
    }
    assert.deepEqual((await h.req('GET', `/api/component/${c.uid}/stream`)).body.stream.map((s: { id: string }) => s.id), ['temp']);
    assert.equal((await h.req('DELETE', `/api/component/${c.uid}`)).status, 200);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const stream = (id: string, extra: object = {}) => ({ id, valueType: 'DOUBLE', streamType: 'rdm_stream', ...extra });
const putComponent = (component: object, key?: string) => h.req('PUT', '/api/component', { component }, key);

describe('templates and units drive feeds', () => {
  test('a feed naming a template creates the component with its streams, bound by position', async () => {
    const t = await h.req('PUT', '/api/component_template', {
      component_template: { id: 'T', name: 'Thermo', description: 'a thermostat', stream: [stream('temp', { valueType: 'float' }), stream('hum', { valueType: 'INTEGER', streamType: 'point_stream' })] },
    });
    assert.equal(t.status, 200, t.text);
    assert.equal(t.body.success, true);
    assert.equal(t.body.message, '');
    assert.deepEqual(t.body.component_template.stream.map((s: { id: string; valueType: string }) => [s.id, s.valueType]), [['temp', 'DOUBLE'], ['hum', 'LONG']]);

    const f = await h.req('PUT', '/api/feed?compTmplId=T&compId=c1&data=1&data=2');
    assert.equal(f.status, 200, f.text);
    const c = await h.req('GET', '/api/component/c1');
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.component.templateId, 'T');
    assert.equal(c.body.component.description, 'a thermostat');
    assert.equal(c.body.component.timeZoneId, 'Europe/London');
    assert.deepEqual(c.body.component.stream.map((s: { id: string; streamType: string; lastValueTime: number }) => [s.id, s.streamType, s.lastValueTime]), [
      ['temp', 'rdm_stream', T0],
      ['hum', 'point_stream', T0],
    ]);
    const last = await h.req('GET', '/api/comp/c1/last_value?retStreamId');
    assert.deepEqual(last.body, [{ streamId: 'temp', data: 1, time: T0 }, { streamId: 'hum', data: 2, time: T0 }]);
    // by uid too, and the template by uid
    assert.equal((await h.req('GET', `/api/component/${c.body.component.uid}/stream`)).body.stream.length, 2);
    assert.equal((await h.req('GET', `/api/component_template/${t.body.component_template.uid}`)).body.component_template.id, 'T');
  });

  test('a unit with numberFormat 0.0 formats fData as "2.3 mph"', async () => {
    const u = await h.req('PUT', '/api/unit', { unit: { id: 'mph', uid: '', name: 'Miles per hour', symbol: 'mph', numberFormat: '0.0', symbolLocation: 'AFTER', booleanStyle: 'ON_OFF' } });
    assert.equal(u.status, 200, u.text);
    assert.match(u.body.unit.uid, /^[0-9a-f-]{36}$/);
    const c = await putComponent({ id: 'car', uid: '', name: 'Car', stream: [stream('s', { unit: { uid: u.body.unit.uid } })] });
    assert.equal(c.status, 200, c.text);
    assert.deepEqual(c.body.component.stream[0].unit, { id: 'mph', uid: u.body.unit.uid });
    assert.equal((await h.req('PUT', '/api/feed?compId=car&s=2.34')).status, 200);
    const last = await h.req('GET', '/api/comp/car/stream/s/last_value?retFData&retUnit');
    assert.deepEqual(last.body, [{ data: 2.34, time: T0, fData: '2.3 mph', unit: 'mph' }]);
    const list = await h.req('GET', '/api/unit');
    assert.equal(list.body.totalCount, 1);
    // PUT again by id replaces it and keeps its uid
    const again = await h.req('PUT', '/api/unit', { unit: { id: 'mph', symbol: 'MPH', numberFormat: '0.00' } });
    assert.equal(again.body.unit.uid, u.body.unit.uid);
    assert.equal((await h.req('GET', '/api/comp/car/stream/s/last_value?retFData')).body[0].fData, '2.34 MPH');
  });
});

describe('components', () => {
  test('PUT creates, answers the component, and a duplicate id is a conflict', async () => {
    const r = await putComponent({ id: 'meter', uid: '', name: 'Meter', timeZoneId: 'America/New_York', folderPath: 'Components/site 1', stream: [stream('kwh'), { id: 'state', valueType: 'string' }] });
    assert.equal(r.status, 200, r.text);
    const c = r.body.component;
    assert.deepEqual(Object.keys(r.body), ['message', 'component', 'success']);
    assert.equal(c.timeZoneId, 'America/New_York');
    assert.equal(c.folderPath, '/Components/site 1');
    assert.equal(c.creationDate, T0);
    assert.deepEqual(c.stream.map((s: { id: string; valueType: string; streamType: string; unit: null }) => [s.id, s.valueType, s.streamType, s.unit]), [
      ['kwh', 'DOUBLE', 'rdm_stream', null],
      ['state', 'STRING', 'rdm_stream', null],
    ]);
    assert.equal((await putComponent({ id: 'meter', name: 'Again' })).status, 409);
    const blank = await h.req('GET', '/api/component/new');
    assert.equal(blank.body.component.uid, '');
    assert.equal(blank.body.component.timeZoneId, 'Europe/London');
  });

  test('GET component pages with totalCount', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await putComponent({ id: `p${i}` })).status, 200);
    const all = await h.req('GET', '/api/component?start=0&limit=1000');
    const total = all.body.totalCount;
    assert.equal(all.body.component.length, total);
    const page = await h.req('GET', '/api/component?start=1&limit=2');
    assert.equal(page.status, 200);
    assert.equal(page.body.totalCount, total);
    assert.deepEqual(page.body.component.map((c: { id: string }) => c.id), all.body.component.slice(1, 3).map((c: { id: string }) => c.id));
    assert.equal((await h.req('GET', `/api/component?start=${total}&limit=10`)).body.component.length, 0);
    assert.equal((await h.req('GET', '/api/component?limit=0')).status, 400);
    assert.equal((await h.req('GET', '/api/component?start=-1')).status, 400);
  });

  test('POST adds a stream, keeps the others and their samples; leaving one out deletes it', async () => {
    assert.equal((await putComponent({ id: 'pump', stream: [stream('flow')] })).status, 200);
    assert.equal((await h.req('PUT', '/api/feed?compId=pump&flow=3.5')).status, 200);
    const cur = (await h.req('GET', '/api/component/pump')).body.component;
    cur.stream.push({ uid: '', id: 'rpm', name: 'Speed', valueType: 'long' });
    cur.name = 'Pump 1';
    const up = await h.req('POST', '/api/component', { component: cur });
    assert.equal(up.status, 200, up.text);
    assert.equal(up.body.component.name, 'Pump 1');
    assert.deepEqual(up.body.component.stream.map((s: { id: string; name: string }) => [s.id, s.name]), [['flow', 'flow'], ['rpm', 'Speed']]);
    assert.equal(up.body.component.stream[0].uid, cur.stream[0].uid);
    // the feed path sees the new stream at once (component cache forgotten)
    h.clock.advance(1000);
    assert.equal((await h.req('PUT', '/api/feed?compId=pump&data=4&data=1200')).status, 200);
    assert.deepEqual((await h.req('GET', '/api/comp/pump/feed')).body.map((s: { data: number }) => s.data), [4, 3.5, 1200]);
    // no stream list: streams untouched
    assert.equal((await h.req('POST', '/api/component', { component: { id: 'pump', description: 'd' } })).body.component.stream.length, 2);
    // a stream list without 'flow' deletes it
    const del = await h.req('POST', '/api/component', { component: { uid: cur.uid, stream: [{ id: 'rpm' }] } });
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.body.component.stream.map((s: { id: string; valueType: string }) => [s.id, s.valueType]), [['rpm', 'LONG']]);
    assert.equal((await h.req('GET', '/api/comp/pump/stream/flow/feed')).status, 404);
  });

  test('POST that would change a stream id or the type of a stream with samples is refused', async () => {
    const cur = (await h.req('GET', '/api/component/pump')).body.component;
    assert.equal((await h.req('POST', '/api/component', { component: { uid: cur.uid, stream: [{ uid: cur.stream[0].uid, id: 'other' }] } })).status, 400);
    const r = await h.req('POST', '/api/component', { component: { uid: cur.uid, stream: [{ id: 'rpm', valueType: 'STRING' }] } });
    assert.equal(r.status, 409, r.text);
    assert.match(r.body.message, /rpm/);
    assert.equal((await h.req('POST', '/api/component', { component: { uid: cur.uid, stream: [{ id: 'rpm', valueType: 'DOUBLE' }] } })).status, 200);
    assert.equal((await h.req('POST', '/api/component', { component: { id: 'nope' } })).status, 404);
  });

  test('DELETE by uid or id removes the component with its streams', async () => {
    const a = (await putComponent({ id: 'gone1', stream: [stream('x')] })).body.component;
    await putComponent({ id: 'gone2' });
    assert.equal((await h.req('PUT', '/api/feed?compId=gone1&x=1')).status, 200);
    const r = await h.req('DELETE', `/api/component/${a.uid}`);
    assert.deepEqual(r.body, { message: '', success: true });
    assert.equal((await h.req('GET', `/api/component/${a.uid}`)).status, 404);
    assert.equal((await h.req('GET', '/api/comp/gone1/feed')).status, 404);
    assert.equal((await h.req('DELETE', '/api/component/gone2')).status, 200);
    assert.equal((await h.req('DELETE', '/api/component/gone2')).status, 404);
    // the feed path does not resurrect the old streams from a cache
    assert.equal((await h.req('PUT', '/api/feed?compId=gone1&y=1')).status, 200);
    assert.deepEqual((await h.req('GET', '/api/component/gone1')).body.component.stream.map((s: { id: string }) => s.id), ['y']);
  });
});

describe('tenancy and rights', () => {
  test("another organisation's key gets 404 for the uid, and its own lists are empty", async () => {
    const c = (await h.req('GET', '/api/component/c1')).body.component;
    const t = (await h.req('GET', '/api/component_template/T')).body.component_template;
    const u = (await h.req('GET', '/api/unit/mph')).body.unit;
    for (const [m, url] of [['GET', `/api/component/${c.uid}`], ['GET', `/api/component/${c.uid}/stream`], ['DELETE', `/api/component/${c.uid}`], ['GET', '/api/component/c1'],
      ['GET', `/api/component_template/${t.uid}`], ['DELETE', `/api/component_template/${t.uid}`], ['GET', `/api/unit/${u.uid}`], ['DELETE', `/api/unit/${u.uid}`]] as const) {
      const r = await h.req(m, url, undefined, h.keyB);
      assert.equal(r.status, 404, `${m} ${url}: ${r.text}`);
      assert.equal(r.body.success, false);
    }
    assert.equal((await h.req('POST', '/api/component', { component: { uid: c.uid, name: 'stolen' } }, h.keyB)).status, 404);
    // B cannot refer to A's unit either, nor does its uid collide
    assert.equal((await h.req('PUT', '/api/component', { component: { id: 'b1', stream: [stream('s', { unit: { uid: u.uid } })] } }, h.keyB)).status, 400);
    const own = await h.req('PUT', '/api/unit', { unit: { id: 'mph', uid: u.uid, symbol: 'mph' } }, h.keyB);
    assert.equal(own.status, 200, own.text);
    assert.notEqual(own.body.unit.uid, u.uid);
    assert.equal((await h.req('GET', '/api/component', undefined, h.keyB)).body.totalCount, 0);
    assert.equal((await h.req('GET', '/api/component/c1')).body.component.name, 'c1');
  });

  test('a key with only component/*/feed GET gets 403 on writes', async () => {
    const key = await h.keyWith([{ resource: 'component/*/feed', actions: ['GET'] }]);
    const r = await putComponent({ id: 'x1' }, key);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.success, false);
    assert.equal((await h.req('GET', '/api/component/c1', undefined, key)).status, 403);
    assert.equal((await h.req('PUT', '/api/unit', { unit: { id: 'u' } }, key)).status, 403);
    assert.equal((await h.req('GET', '/api/comp/c1/last_value', undefined, key)).status, 200);
    assert.equal((await h.req('PUT', '/api/component', { component: 'bad' }, null)).status, 401);
  });

  test('removing streams by POST needs the DELETE right', async () => {
    const key = await h.keyWith([{ resource: 'component', actions: ['GET', 'POST'] }]);
    const r = await h.req('POST', '/api/component', { component: { id: 'c1', stream: [{ id: 'temp' }] } }, key);
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.message, /hum/);
    assert.equal((await h.req('POST', '/api/component', { component: { id: 'c1', stream: [{ id: 'temp' }, { id: 'hum' }, stream('new')] } }, key)).status, 200);
  });
});

describe('bad input', () => {
  const cases: [string, string, unknown, RegExp][] = [
    ['PUT', '/api/component', undefined, /"component"/],
    ['PUT', '/api/component', { component: { name: 'x' } }, /component\.id is required/],
    ['PUT', '/api/component', { component: { id: 5 } }, /component\.id must be text/],
    ['PUT', '/api/component', { component: { id: 'b', timeZoneId: 'Mars/Base' } }, /component\.timeZoneId/],
    ['PUT', '/api/component', { component: { id: 'b', folderPath: '/Elsewhere' } }, /component\.folderPath.*\/Components/],
    ['PUT', '/api/component', { component: { id: 'b', templateId: 'nope' } }, /component\.templateId/],
    ['PUT', '/api/component', { component: { id: 'b', stream: {} } }, /component\.stream must be a list/],
    ['PUT', '/api/component', { component: { id: 'b', stream: [{ id: 's', valueType: 'COMPLEX' }] } }, /component\.stream\[0\]\.valueType 'COMPLEX'/],
    ['PUT', '/api/component', { component: { id: 'b', stream: [{ id: 's' }] } }, /component\.stream\[0\]\.valueType is required/],
    ['PUT', '/api/component', { component: { id: 'b', stream: [stream('s', { streamType: 'wave' })] } }, /component\.stream\[0\]\.streamType 'wave'/],
    ['PUT', '/api/component', { component: { id: 'b', stream: [stream('s'), stream('s')] } }, /component\.stream\[1\]\.id 's' appears more than once/],
    ['PUT', '/api/component', { component: { id: 'b', stream: [stream('s', { unit: { id: 'furlong' } })] } }, /component\.stream\[0\]\.unit: unknown unit 'furlong'/],
    ['PUT', '/api/component', { component: { id: 'b', name: ' ' } }, /component\.name cannot be empty/],
    ['PUT', '/api/component', { component: { id: 'x'.repeat(513) } }, /component\.id is longer than 512/],
    ['PUT', '/api/unit', { unit: { id: 'u', numberFormat: '0.0%' } }, /unit\.numberFormat/],
    ['PUT', '/api/unit', { unit: { id: 'u', symbolLocation: 'LEFT' } }, /unit\.symbolLocation 'LEFT'/],
    ['PUT', '/api/unit', { unit: { id: 'u', booleanStyle: 'UP_DOWN' } }, /unit\.booleanStyle/],
    ['PUT', '/api/unit', { unit: { name: 'u' } }, /unit\.id is required/],
    ['PUT', '/api/component_template', { component_template: { id: 'T2', stream: [{ id: 'a', valueType: 'DOUBLE', streamType: 'x' }] } }, /component_template\.stream\[0\]\.streamType/],
    ['PUT', '/api/component_template', '{"component_template":', /cannot parse the JSON body/],
    ['GET', '/api/component/c1/stream/new?type=wave', undefined, /type 'wave'/],
    ['PUT', '/api/component_folder', undefined, /text .* or path is required/],
    ['PUT', '/api/component_folder?text=a/b', undefined, /cannot contain '\/'/],
  ];
  for (const [method, url, body, message] of cases) {
    test(`${method} ${url} ${JSON.stringify(body) ?? ''}`.slice(0, 120), async () => {
      const r = await h.req(method, url, body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.success, false);
      assert.match(r.body.message, message);
    });
  }
});

describe('templates, units and folders', () => {
  test('templates are replaced by id and deleted by uid or id', async () => {
    const t = (await h.req('PUT', '/api/component_template', { component_template: { id: 'T3', stream: [stream('a')] } })).body.component_template;
    const r = await h.req('POST', '/api/component_template', { component_template: { id: 'T3', name: 'Three', stream: [stream('a'), stream('b', { unit: 'mph' })] } });
    assert.equal(r.body.component_template.uid, t.uid);
    assert.equal(r.body.component_template.stream[1].unit.id, 'mph');
    const list = await h.req('GET', '/api/component_template');
    assert.equal(list.body.totalCount, list.body.component_template.length);
    assert.equal((await h.req('POST', '/api/component_template', { component_template: { uid: t.uid, id: 'T4' } })).status, 400);
    assert.equal((await h.req('DELETE', '/api/component_template/T3')).status, 200);
    assert.equal((await h.req('GET', `/api/component_template/${t.uid}`)).status, 404);
  });

  test('deleting a unit leaves its streams without a unit', async () => {
    const u = (await h.req('PUT', '/api/unit', { unit: { id: 'degC', symbol: '°C' } })).body.unit;
    await putComponent({ id: 'room', stream: [stream('t', { unit: { id: 'degC' } })] });
    assert.equal((await h.req('DELETE', `/api/unit/${u.uid}`)).status, 200);
    assert.equal((await h.req('GET', `/api/unit/${u.uid}`)).status, 404);
    assert.equal((await h.req('GET', '/api/component/room')).body.component.stream[0].unit, null);
  });

  test('folders are created, listed with counts, and duplicates are conflicts', async () => {
    const a = await h.req('PUT', '/api/component_folder?text=north');
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.cr_node.fullPath, '/Components/north');
    const b = await h.req('PUT', `/api/component_folder?text=meters&parentFolderUid=${a.body.cr_node.uid}`);
    assert.equal(b.body.cr_node.fullPath, '/Components/north/meters');
    assert.equal(b.body.cr_node.parentUid, a.body.cr_node.uid);
    assert.equal((await h.req('PUT', '/api/component_folder', { path: '/Components/south/deep' })).status, 200);
    assert.equal((await h.req('PUT', '/api/component_folder?text=north')).status, 409);
    assert.equal((await h.req('PUT', '/api/component_folder?text=x&parentFolderPath=/Components/none')).status, 404);
    await putComponent({ id: 'in-north', folderPath: '/Components/north' });
    const kids = await h.req('GET', '/api/cr/comp?byFolderPath=Components/north&childCounts=true');
    assert.equal(kids.status, 200, kids.text);
    assert.deepEqual(kids.body.cr_node.map((n: { text: string }) => n.text), ['meters']);
    const all = await h.req('GET', '/api/cr/comp?childCounts');
    const north = all.body.cr_node.find((n: { fullPath: string }) => n.fullPath === '/Components/north');
    assert.deepEqual([north.folderCount, north.itemCount], [1, 1]);
    assert.ok(all.body.cr_node.some((n: { fullPath: string }) => n.fullPath === '/Components/site 1'));
    assert.equal((await h.req('GET', `/api/cr/comp/${north.uid}`)).body.cr_node.itemCount, 1);
    assert.equal((await h.req('GET', `/api/cr/comp/${north.uid}`, undefined, h.keyB)).status, 404);
  });

  test('the routes are in the OpenAPI document under their tag', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const p of ['/api/component', '/api/component/{uid}', '/api/component_template', '/api/unit', '/api/cr/comp', '/api/component_folder']) {
      const ops = doc.paths[p];
      assert.ok(ops, p);
      assert.ok(Object.values(ops).every((o) => o.tags?.includes('GroveStreams advanced')), p);
    }
  });
});

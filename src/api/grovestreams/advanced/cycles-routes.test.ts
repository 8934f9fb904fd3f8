import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_STREAM_ROLLUP } from '../../../domain/model.js';
import { defaultCycles } from '../../../rollup/cycle.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const cycle = (c: object) => ({ cycle: c });

describe('GET cycle', () => {
  test('lists the default cycles with GroveStreams fields and totalCount', async () => {
    const r = await h.req('GET', '/api/cycle');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), ['message', 'cycle', 'totalCount', 'success']);
    assert.equal(r.body.totalCount, defaultCycles().length);
    assert.deepEqual(r.body.cycle.map((c: { id: string }) => c.id), defaultCycles().map((c) => c.id));
    const week = r.body.cycle.find((c: { id: string }) => c.id === 'week');
    assert.match(week.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...week, uid: undefined }, {
      uid: undefined, id: 'week', name: '1 Week', intvlSizeType: 'WEEK', numSizeTypesPerIntvl: 1, referenceDate: '2000-01-03T00:00:00', timezoneId: '',
    });
    const one = await h.req('GET', `/api/cycle/${week.uid}`);
    assert.deepEqual(one.body, { message: '', cycle: week, success: true });
    assert.deepEqual((await h.req('GET', '/api/cycle/week')).body.cycle, week);
    assert.equal((await h.req('GET', '/api/cycle/nope')).status, 404);
  });

  test('cycle/new is a blank one-hour cycle', async () => {
    const r = await h.req('GET', '/api/cycle/new');
    assert.deepEqual(r.body.cycle, { uid: '', id: '', name: '', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 1, referenceDate: '2000-01-01T00:00:00', timezoneId: '' });
  });
});

describe('PUT and POST cycle', () => {
  test('PUT creates; a taken id or uid is a conflict', async () => {
    const r = await h.req('PUT', '/api/cycle', cycle({ uid: '', id: 'shift', name: 'Shifts', intvlSizeType: 'hour', numSizeTypesPerIntvl: '8', referenceDate: '2000-01-01T06:00:00', timezoneId: 'Europe/Paris' }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual({ ...r.body.cycle, uid: undefined }, {
      uid: undefined, id: 'shift', name: 'Shifts', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 8, referenceDate: '2000-01-01T06:00:00', timezoneId: 'Europe/Paris',
    });
    const dup = await h.req('PUT', '/api/cycle', cycle({ id: 'shift', intvlSizeType: 'DAY' }));
    assert.equal(dup.status, 409, dup.text);
    assert.match(dup.body.message, /POST updates/);
    assert.equal((await h.req('PUT', '/api/cycle', cycle({ uid: r.body.cycle.uid, id: 'other', intvlSizeType: 'DAY' }))).status, 409);
    // defaults: count 1, reference 2000-01-01 midnight, name = id, the component's zone
    const d = await h.req('PUT', '/api/cycle', cycle({ id: 'q', intvlSizeType: 'MONTH', numSizeTypesPerIntvl: 3 }));
    assert.deepEqual({ ...d.body.cycle, uid: undefined }, { uid: undefined, id: 'q', name: 'q', intvlSizeType: 'MONTH', numSizeTypesPerIntvl: 3, referenceDate: '2000-01-01T00:00:00', timezoneId: '' });
    assert.equal((await h.req('GET', '/api/cycle')).body.totalCount, defaultCycles().length + 2);
  });

  test('POST updates by uid or id; fields left out stay; the id cannot change', async () => {
    const cur = (await h.req('GET', '/api/cycle/shift')).body.cycle;
    const r = await h.req('POST', '/api/cycle', cycle({ uid: cur.uid, numSizeTypesPerIntvl: 12 }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.cycle, { ...cur, numSizeTypesPerIntvl: 12 });
    const tz = await h.req('POST', '/api/cycle', cycle({ id: 'shift', timezoneId: '' }));
    assert.deepEqual(tz.body.cycle, { ...cur, numSizeTypesPerIntvl: 12, timezoneId: '' });
    const moved = await h.req('POST', '/api/cycle', cycle({ uid: cur.uid, id: 'shift2' }));
    assert.equal(moved.status, 400, moved.text);
    assert.match(moved.body.message, /cannot change the id/);
    assert.equal((await h.req('POST', '/api/cycle', cycle({ id: 'nope', intvlSizeType: 'DAY' }))).status, 404);
    assert.equal((await h.req('POST', '/api/cycle', cycle({ uid: '00000000-0000-0000-0000-000000000000' }))).status, 404);
  });

  test("a cycle in use keeps its interval (409) but can be renamed", async () => {
    const hour = (await h.req('GET', '/api/cycle/hour')).body.cycle;
    const r = await h.req('POST', '/api/cycle', cycle({ uid: hour.uid, numSizeTypesPerIntvl: 2 }));
    assert.equal(r.status, 409, r.text);
    assert.match(r.body.message, /cannot change the interval .* of cycle 'hour': in use by rollup calendars 'default', 'weekly'/);
    assert.equal((await h.req('POST', '/api/cycle', cycle({ uid: hour.uid, referenceDate: '2000-01-01T00:30:00' }))).status, 409);
    const renamed = await h.req('POST', '/api/cycle', cycle({ uid: hour.uid, name: 'Hours' }));
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(renamed.body.cycle, { ...hour, name: 'Hours' });
    // the same definition sent in full is not a change
    assert.equal((await h.req('POST', '/api/cycle', cycle({ ...hour, name: '1 Hour' }))).status, 200);
  });

  test('DELETE refuses a cycle a calendar or a stream uses, then deletes it', async () => {
    const r = await h.req('DELETE', '/api/cycle/day');
    assert.equal(r.status, 409, r.text);
    assert.match(r.body.message, /delete cycle 'day'.*'default', 'weekly'/);
    await h.store.components.create(h.orgA, { id: 'm', name: 'm', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, [
      { id: 'kwh', name: 'kwh', description: '', valueType: 'DOUBLE', streamType: 'intvl_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'q' } },
    ]);
    const used = await h.req('DELETE', '/api/cycle/q');
    assert.equal(used.status, 409, used.text);
    assert.match(used.body.message, /1 stream \(m\/kwh\) as base cycle/);
    assert.equal((await h.req('POST', '/api/cycle', cycle({ id: 'q', numSizeTypesPerIntvl: 6 }))).status, 409);
    const shift = (await h.req('GET', '/api/cycle/shift')).body.cycle;
    assert.deepEqual((await h.req('DELETE', `/api/cycle/${shift.uid}`)).body, { message: '', success: true });
    assert.equal((await h.req('GET', `/api/cycle/${shift.uid}`)).status, 404);
    assert.equal((await h.req('DELETE', `/api/cycle/${shift.uid}`)).status, 404);
  });
});

describe('tenancy, rights and bad input', () => {
  test("another org's uid is unknown (404) and its own list starts with the defaults", async () => {
    const hour = (await h.req('GET', '/api/cycle/hour')).body.cycle;
    for (const [m, url] of [['GET', `/api/cycle/${hour.uid}`], ['DELETE', `/api/cycle/${hour.uid}`]] as const) {
      const r = await h.req(m, url, undefined, h.keyB);
      assert.equal(r.status, 404, `${m} ${url}: ${r.text}`);
      assert.equal(r.body.success, false);
    }
    assert.equal((await h.req('POST', '/api/cycle', cycle({ uid: hour.uid, name: 'stolen' }), h.keyB)).status, 404);
    const own = await h.req('GET', '/api/cycle', undefined, h.keyB);
    assert.equal(own.body.totalCount, defaultCycles().length);
    assert.ok(own.body.cycle.every((c: { uid: string }) => c.uid !== hour.uid));
    assert.equal((await h.req('GET', '/api/cycle/hour')).body.cycle.name, '1 Hour');
  });

  test('rights: cycle for lists and inserts, cycle/<id> for one', async () => {
    const reader = await h.keyWith([{ resource: 'cycle', actions: ['GET'] }]);
    assert.equal((await h.req('GET', '/api/cycle', undefined, reader)).status, 200);
    assert.equal((await h.req('PUT', '/api/cycle', cycle({ id: 'x', intvlSizeType: 'DAY' }), reader)).status, 403);
    const one = await h.keyWith([{ resource: 'cycle/hour', actions: ['GET', 'POST'] }]);
    assert.equal((await h.req('GET', '/api/cycle/hour', undefined, one)).status, 200);
    assert.equal((await h.req('GET', '/api/cycle/day', undefined, one)).status, 403);
    assert.equal((await h.req('GET', '/api/cycle', undefined, one)).status, 403);
    assert.equal((await h.req('POST', '/api/cycle', cycle({ id: 'hour', name: 'H' }), one)).status, 200);
    assert.equal((await h.req('DELETE', '/api/cycle/hour', undefined, one)).status, 403);
    assert.equal((await h.req('GET', '/api/cycle', undefined, null)).status, 401);
  });

  const cases: [string, unknown, RegExp][] = [
    ['PUT', undefined, /"cycle"/],
    ['PUT', cycle({ intvlSizeType: 'DAY' }), /cycle\.id is required/],
    ['PUT', cycle({ id: 'b' }), /cycle\.intvlSizeType is required/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'FORTNIGHT' }), /cycle\.intvlSizeType 'FORTNIGHT' is not one of/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'CUSTOM' }), /CUSTOM cycles are not supported/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', numSizeTypesPerIntvl: 0 }), /count must be a whole number from 1/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', numSizeTypesPerIntvl: 1.5 }), /cycle\.numSizeTypesPerIntvl must be a whole number/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', numSizeTypesPerIntvl: 'two' }), /cycle\.numSizeTypesPerIntvl must be a whole number/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', referenceDate: 1700000000000 }), /cycle\.referenceDate must be text/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', referenceDate: '2011-04-08 01:00' }), /reference '2011-04-08 01:00' is not a local datetime/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', referenceDate: '2011-02-30T00:00:00' }), /not a valid date/],
    ['PUT', cycle({ id: 'b', intvlSizeType: 'DAY', timezoneId: 'Mars/Base' }), /unknown time zone 'Mars\/Base'/],
    ['POST', cycle({ name: 'x' }), /cycle\.id \(or uid\) is required/],
    ['POST', cycle({ id: 'day', intvlSizeType: 'CUSTOM' }), /CUSTOM/],
  ];
  for (const [method, body, message] of cases) {
    test(`${method} /api/cycle ${JSON.stringify(body) ?? ''}`.slice(0, 120), async () => {
      const r = await h.req(method, '/api/cycle', body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.success, false);
      assert.match(r.body.message, message);
    });
  }

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const p of ['/api/cycle', '/api/cycle/new', '/api/cycle/{uid}', '/api/rollup_calendar', '/api/rollup_calendar/{uid}', '/api/delete_profile', '/api/delete_profile/{uid}']) {
      assert.ok(doc.paths[p], p);
      assert.ok(Object.values(doc.paths[p]!).every((o) => o.tags?.includes('GroveStreams advanced')), p);
    }
    assert.deepEqual(Object.keys(doc.paths['/api/cycle']!).sort(), ['get', 'post', 'put']);
  });
});

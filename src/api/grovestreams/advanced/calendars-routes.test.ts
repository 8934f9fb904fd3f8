import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_STREAM_ROLLUP } from '../../../domain/model.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const calendar = (c: object) => ({ rollup_calendar: c });
const ids = (cal: { cycles: { id: string }[] }) => cal.cycles.map((c) => c.id);
const uidOf = async (cycleId: string) => (await h.req('GET', `/api/cycle/${cycleId}`)).body.cycle.uid as string;

describe('GET rollup_calendar', () => {
  test('lists the default calendars with their cycles by uid and id', async () => {
    const r = await h.req('GET', '/api/rollup_calendar');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), ['message', 'rollup_calendar', 'totalCount', 'success']);
    assert.equal(r.body.totalCount, 2);
    const [def, weekly] = r.body.rollup_calendar;
    assert.equal(def.id, 'default');
    assert.deepEqual(ids(def), ['second', 'minute', 'fiveminute', 'fifteenminute', 'hour', 'day', 'month', 'year']);
    assert.deepEqual(ids(weekly), ['second', 'minute', 'fiveminute', 'fifteenminute', 'hour', 'day', 'week']);
    assert.deepEqual(def.cycles[4], { uid: await uidOf('hour'), id: 'hour', name: '1 Hour' });
    assert.deepEqual((await h.req('GET', `/api/rollup_calendar/${def.uid}`)).body, { message: '', rollup_calendar: def, success: true });
    assert.deepEqual((await h.req('GET', '/api/rollup_calendar/weekly')).body.rollup_calendar, weekly);
    assert.equal((await h.req('GET', '/api/rollup_calendar/nope')).status, 404);
    assert.deepEqual((await h.req('GET', '/api/rollup_calendar/new')).body.rollup_calendar, { uid: '', id: '', name: '', cycles: [] });
  });
});

describe('PUT and POST rollup_calendar', () => {
  test('PUT takes cycles by uid, id or text in any order and keeps them smallest first', async () => {
    const r = await h.req('PUT', '/api/rollup_calendar', calendar({ uid: '', id: 'energy', name: 'Energy', cycles: [{ id: 'month' }, { uid: await uidOf('fifteenminute') }, 'day', { uid: '', id: 'year' }] }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.rollup_calendar.name, 'Energy');
    assert.deepEqual(ids(r.body.rollup_calendar), ['fifteenminute', 'day', 'month', 'year']);
    // GroveStreams' own key `cycle` works too
    const alias = await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'hd', cycle: [{ id: 'day' }, { id: 'hour' }] }));
    assert.equal(alias.status, 200, alias.text);
    assert.deepEqual(ids(alias.body.rollup_calendar), ['hour', 'day']);
    assert.equal(alias.body.rollup_calendar.name, 'hd');
    const dup = await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'energy', cycles: ['day'] }));
    assert.equal(dup.status, 409, dup.text);
  });

  test('a calendar whose cycles do not tile is refused with the reason (400)', async () => {
    const r = await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'bad', cycles: ['day', 'week', 'month'] }));
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, /cycle 'week' \(1 WEEK\) does not tile its parent 'month' \(1 MONTH\): weeks do not fit evenly/);
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 'm7', intvlSizeType: 'MINUTE', numSizeTypesPerIntvl: 7 } })).status, 200);
    const m7 = await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'bad', cycles: ['m7', 'hour'] }));
    assert.equal(m7.status, 400, m7.text);
    assert.match(m7.body.message, /3600000 ms is not a multiple of 420000 ms/);
    assert.equal((await h.req('GET', '/api/rollup_calendar/bad')).status, 404);
  });

  test('POST updates by uid or id; cycles left out stay; the id cannot change', async () => {
    const cur = (await h.req('GET', '/api/rollup_calendar/energy')).body.rollup_calendar;
    const renamed = await h.req('POST', '/api/rollup_calendar', calendar({ uid: cur.uid, name: 'Energy (kWh)' }));
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(renamed.body.rollup_calendar, { ...cur, name: 'Energy (kWh)' });
    const fewer = await h.req('POST', '/api/rollup_calendar', calendar({ id: 'energy', cycles: ['hour', 'day'] }));
    assert.deepEqual(ids(fewer.body.rollup_calendar), ['hour', 'day']);
    assert.equal(fewer.body.rollup_calendar.uid, cur.uid);
    assert.equal((await h.req('POST', '/api/rollup_calendar', calendar({ id: 'energy', cycles: ['hour', 'week', 'month'] }))).status, 400);
    assert.equal((await h.req('POST', '/api/rollup_calendar', calendar({ uid: cur.uid, id: 'power' }))).status, 400);
    assert.equal((await h.req('POST', '/api/rollup_calendar', calendar({ id: 'nope', cycles: ['day'] }))).status, 404);
    // its cycles are now pinned: m7 (unused) can change, hour cannot
    assert.equal((await h.req('POST', '/api/cycle', { cycle: { id: 'm7', numSizeTypesPerIntvl: 10 } })).status, 200);
    assert.equal((await h.req('POST', '/api/cycle', { cycle: { id: 'hour', timezoneId: 'UTC' } })).status, 409);
  });

  test("DELETE refuses 'default' and calendars streams name, then deletes", async () => {
    const def = await h.req('DELETE', '/api/rollup_calendar/default');
    assert.equal(def.status, 409, def.text);
    assert.match(def.body.message, /'default': every stream that names no calendar rolls up with it/);
    await h.store.components.create(h.orgA, { id: 'm', name: 'm', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, [
      { id: 's', name: 's', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, calendarId: 'hd' } },
    ]);
    const used = await h.req('DELETE', '/api/rollup_calendar/hd');
    assert.equal(used.status, 409, used.text);
    assert.match(used.body.message, /rollup calendar 'hd': in use by 1 stream \(m\/s\)/);
    const energy = (await h.req('GET', '/api/rollup_calendar/energy')).body.rollup_calendar;
    assert.deepEqual((await h.req('DELETE', `/api/rollup_calendar/${energy.uid}`)).body, { message: '', success: true });
    assert.equal((await h.req('DELETE', `/api/rollup_calendar/${energy.uid}`)).status, 404);
    assert.equal((await h.req('DELETE', '/api/cycle/m7')).status, 200);
  });
});

describe('changing the cycles of a calendar in use', () => {
  const comp = (id: string, streams: object[]) =>
    h.store.components.create(h.orgA, { id, name: id, description: '', timezone: 'UTC', folderPath: '', templateId: '' }, streams as never);
  const stream = (id: string, rollup: object, streamType = 'rdm_stream') => ({ id, name: id, description: '', valueType: 'DOUBLE', streamType, unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, ...rollup } });

  test("recomputes its streams' rollups for the new cycles", async () => {
    assert.equal((await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'hours', cycles: ['hour'] }))).status, 200);
    const c = await comp('kw', [stream('p', { calendarId: 'hours' })]);
    const feed = Array.from({ length: 6 }, (_, i) => ({ compId: 'kw', streamId: 'p', data: i, time: Date.UTC(2024, 0, 1, i) }));
    assert.equal((await h.req('PUT', '/api/feed', feed)).status, 200);
    const key = c.streams[0]!.key;
    const states = async (cycleId: string) => (await h.store.rollups.range(key, (await h.store.cycles.get(h.orgA, cycleId))!, 0, Number.MAX_SAFE_INTEGER)).length;
    assert.deepEqual([await states('hour'), await states('day')], [6, 0]);
    const r = await h.req('POST', '/api/rollup_calendar', calendar({ id: 'hours', cycles: ['hour', 'day'] }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([await states('hour'), await states('day')], [6, 1]);
  });

  test('is refused (409) when an interval stream\'s base cycle would no longer tile it', async () => {
    assert.equal((await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'wk', cycles: ['day', 'week'] }))).status, 200);
    await comp('w', [stream('e', { calendarId: 'wk', baseCycleId: 'week' }, 'intvl_stream')]);
    const r = await h.req('POST', '/api/rollup_calendar', calendar({ id: 'wk', cycles: ['day', 'month'] }));
    assert.equal(r.status, 409, r.text);
    assert.match(r.body.message, /cycles of rollup calendar 'wk': the base cycle 'week' of stream w\/e would not fit it/);
    assert.deepEqual(ids((await h.req('GET', '/api/rollup_calendar/wk')).body.rollup_calendar), ['day', 'week']);
    // a rename is no change of cycles
    assert.equal((await h.req('POST', '/api/rollup_calendar', calendar({ id: 'wk', name: 'Weeks' }))).status, 200);
  });
});

describe('tenancy, rights and bad input', () => {
  test("another org's calendars and cycles are unknown", async () => {
    const def = (await h.req('GET', '/api/rollup_calendar/default')).body.rollup_calendar;
    assert.equal((await h.req('GET', `/api/rollup_calendar/${def.uid}`, undefined, h.keyB)).status, 404);
    assert.equal((await h.req('DELETE', `/api/rollup_calendar/${def.uid}`, undefined, h.keyB)).status, 404);
    assert.equal((await h.req('POST', '/api/rollup_calendar', calendar({ uid: def.uid, name: 'x' }), h.keyB)).status, 404);
    const r = await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'x', cycles: [{ uid: await uidOf('hour') }] }), h.keyB);
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, /rollup_calendar\.cycles\[0\]: unknown cycle/);
    assert.equal((await h.req('GET', '/api/rollup_calendar', undefined, h.keyB)).body.totalCount, 2);
  });

  test('rights: rollup_calendar, rollup_calendar/<id>', async () => {
    const key = await h.keyWith([{ resource: 'rollup_calendar/weekly', actions: ['GET'] }]);
    assert.equal((await h.req('GET', '/api/rollup_calendar/weekly', undefined, key)).status, 200);
    assert.equal((await h.req('GET', '/api/rollup_calendar/default', undefined, key)).status, 403);
    assert.equal((await h.req('PUT', '/api/rollup_calendar', calendar({ id: 'y', cycles: ['day'] }), key)).status, 403);
  });

  const cases: [string, unknown, RegExp][] = [
    ['PUT', undefined, /"rollup_calendar"/],
    ['PUT', calendar({ cycles: ['day'] }), /rollup_calendar\.id is required/],
    ['PUT', calendar({ id: 'b' }), /rollup_calendar\.cycles is required/],
    ['PUT', calendar({ id: 'b', cycles: 'day' }), /rollup_calendar\.cycles must be a list/],
    ['PUT', calendar({ id: 'b', cycles: [] }), /at least one cycle/],
    ['PUT', calendar({ id: 'b', cycles: [5] }), /rollup_calendar\.cycles\[0\] must be/],
    ['PUT', calendar({ id: 'b', cycles: [{}] }), /rollup_calendar\.cycles\[0\] needs a uid or an id/],
    ['PUT', calendar({ id: 'b', cycles: ['day', { id: 'nope' }] }), /rollup_calendar\.cycles\[1\]: unknown cycle 'nope'/],
    ['PUT', calendar({ id: 'b', cycles: ['day', 'day'] }), /listed twice/],
    ['PUT', calendar({ id: 'b', cycles: ['fifteenminute', 'hour', 'fiveminute', 'week', 'month'] }), /does not tile/],
  ];
  for (const [method, body, message] of cases) {
    test(`${method} /api/rollup_calendar ${JSON.stringify(body) ?? ''}`.slice(0, 120), async () => {
      const r = await h.req(method, '/api/rollup_calendar', body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.success, false);
      assert.match(r.body.message, message);
    });
  }
});

/**
 * Stream kinds and rollup settings through the advanced API (docs/grovestreams.md): set on
 * component PUT/POST and templates, printed back, and inherited by streams that feeds create
 * from a template (compTmplId, dtId/dsId).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const putComponent = (component: object) => h.req('PUT', '/api/component', { component });
const ROLLUP_FIELDS = ['baseCycle', 'rollupCalendar', 'rollupMethod', 'delete_profile', 'meterKind', 'randomAvg', 'gapFill', 'timeAlignment'];
const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

describe('stream kinds and rollup settings', () => {
  test('an intvl_stream on base cycle minute and the default calendar is created and read back', async () => {
    const minute = (await h.store.cycles.get(h.orgA, 'minute'))!; // every org starts with it
    const r = await putComponent({
      id: 'meter1',
      stream: [
        { id: 'kwh', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: { uid: minute.uid }, rollupCalendar: { id: 'default' }, meterKind: 'CUMULATIVE', gapFill: { type: 'PREVIOUS' }, rollupMethod: 'SUM' },
        { id: 'temp', valueType: 'DOUBLE' },
      ],
    });
    assert.equal(r.status, 200, r.text);
    const got = (await h.req('GET', '/api/component/meter1')).body.component;
    assert.deepEqual(got, r.body.component, 'PUT answers what GET reads');
    const [kwh, temp] = got.stream;
    assert.equal(kwh.streamType, 'intvl_stream');
    assert.deepEqual(pick(kwh, ROLLUP_FIELDS), {
      baseCycle: { id: 'minute', uid: minute.uid },
      rollupCalendar: { id: 'default', uid: kwh.rollupCalendar.uid },
      rollupMethod: 'SUM',
      delete_profile: null,
      meterKind: 'CUMULATIVE',
      randomAvg: 'HOLD',
      gapFill: { type: 'PREVIOUS' },
      timeAlignment: 'CONTAINING',
    });
    assert.match(kwh.rollupCalendar.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual([temp.streamType, temp.baseCycle, temp.meterKind], ['rdm_stream', null, 'GAUGE']);
    // the store has the settings (the rollup engine reads them from there)
    const stored = (await h.store.components.get(h.orgA, 'meter1'))!.streams;
    assert.deepEqual(stored[0]!.rollup, { baseCycleId: 'minute', calendarId: null, meter: 'cumulative', randomAvg: 'hold', gapFill: { kind: 'previous' }, align: 'containing', deleteProfileId: null, rollupMethod: 'sum' });
    assert.equal(stored[1]!.rollup, undefined);
    // and /stream lists the same streams
    assert.deepEqual((await h.req('GET', '/api/component/meter1/stream')).body.stream, got.stream);
  });

  test('a bad or missing baseCycle, or one that does not tile the calendar, is a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ streamType: 'intvl_stream', baseCycle: { id: 'fortnight' } }, /^component\.stream\[0\]\.baseCycle: unknown cycle 'fortnight'/],
      [{ streamType: 'intvl_stream' }, /^component\.stream\[0\]\.baseCycle is required for an intvl_stream/],
      [{ streamType: 'intvl_stream', baseCycle: 'week' }, /^component\.stream\[0\]\.baseCycle 'week' does not fit rollup calendar 'default': cycle 'week' \(1 WEEK\) does not tile its parent 'month'/],
      [{ rollupCalendar: { uid: 'nope' } }, /^component\.stream\[0\]\.rollupCalendar: unknown rollup calendar 'nope'/],
      [{ delete_profile: { id: 'nope' } }, /^component\.stream\[0\]\.delete_profile: unknown delete profile 'nope'/],
      [{ meterKind: 'spiky' }, /^component\.stream\[0\]\.meterKind 'spiky'/],
      [{ gapFill: { type: 'CONSTANT', value: 'x' } }, /^component\.stream\[0\]\.gapFill\.value does not fit valueType DOUBLE/],
      [{ streamType: 'intvl_stream', baseCycle: 'fifteenminute', meterKind: 'CUMULATIVE', gapFill: { type: 'CONSTANT', value: 0 } }, /^component\.stream\[0\]\.gapFill CONSTANT cannot be used with meterKind CUMULATIVE/],
      [{ streamType: 'intvl_stream', baseCycle: 'fifteenminute', meterKind: 'DELTA', gapFill: { type: 'PREVIOUS' } }, /^component\.stream\[0\]\.gapFill PREVIOUS cannot be used with meterKind DELTA/],
      [{ streamType: 'intvl_stream', baseCycle: 'fifteenminute', meterKind: 'DELTA', gapFill: { type: 'CONSTANT', value: 2 } }, /^component\.stream\[0\]\.gapFill CONSTANT with meterKind DELTA must be 0/],
    ];
    for (const [extra, message] of cases) {
      const r = await putComponent({ id: 'bad', stream: [{ id: 's', valueType: 'DOUBLE', ...extra }] });
      assert.equal(r.status, 400, `${JSON.stringify(extra)}: ${r.text}`);
      assert.deepEqual(Object.keys(r.body), ['success', 'message']);
      assert.match(r.body.message, message);
    }
    assert.equal((await h.req('GET', '/api/component/bad')).status, 404, 'nothing was created');
    // the weekly calendar has week: the same base cycle works there
    const ok = await putComponent({ id: 'weekly', stream: [{ id: 's', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'week', rollupCalendar: 'weekly' }] });
    assert.equal(ok.status, 200, ok.text);
  });

  test('POST changes kind, base cycle and meter; a component POSTed back unchanged keeps its settings', async () => {
    const cur = (await h.req('GET', '/api/component/meter1')).body.component;
    const same = await h.req('POST', '/api/component', { component: cur });
    assert.equal(same.status, 200, same.text);
    assert.deepEqual(same.body.component, cur);
    const before = (await h.store.components.get(h.orgA, 'meter1'))!.streams;
    const r = await h.req('POST', '/api/component', {
      component: { uid: cur.uid, stream: [{ id: 'kwh', baseCycle: 'fifteenminute', meterKind: 'gauge' }, { id: 'temp', streamType: 'point_stream', randomAvg: 'MEAN' }] },
    });
    assert.equal(r.status, 200, r.text);
    const [kwh, temp] = r.body.component.stream;
    assert.deepEqual([kwh.baseCycle.id, kwh.meterKind, kwh.gapFill, kwh.rollupMethod], ['fifteenminute', 'GAUGE', { type: 'PREVIOUS' }, 'SUM'], 'fields left out are kept');
    assert.deepEqual([temp.streamType, temp.randomAvg], ['point_stream', 'MEAN']);
    assert.equal(kwh.uid, cur.stream[0].uid);
    const after = (await h.store.components.get(h.orgA, 'meter1'))!.streams;
    assert.deepEqual(after.map((s) => s.key), before.map((s) => s.key), 'changed in place');
    // making it an intvl_stream needs a base cycle
    const noBase = await h.req('POST', '/api/component', { component: { uid: cur.uid, stream: [{ id: 'kwh' }, { id: 'temp', streamType: 'intvl_stream' }] } });
    assert.equal(noBase.status, 400, noBase.text);
    assert.match(noBase.body.message, /component\.stream\[1\]\.baseCycle is required/);
  });

  test('GET stream/new gives a blank of each kind with the fields a stored stream has', async () => {
    const stored = (await h.req('GET', '/api/component/meter1')).body.component.stream[0];
    for (const type of ['rdm_stream', 'intvl_stream', 'point_stream']) {
      const r = await h.req('GET', `/api/component/meter1/stream/new?type=${type}`);
      assert.equal(r.status, 200, r.text);
      const blank = r.body.stream;
      assert.deepEqual(Object.keys(blank).sort(), Object.keys(stored).filter((k) => k !== 'lastValueTime').sort());
      assert.deepEqual(pick(blank, ['streamType', 'baseCycle', 'meterKind', 'gapFill', 'timeAlignment', 'rollupMethod']), {
        streamType: type, baseCycle: null, meterKind: 'GAUGE', gapFill: { type: 'NONE' }, timeAlignment: 'CONTAINING', rollupMethod: 'AVG',
      });
      assert.equal(blank.rollupCalendar.id, 'default');
    }
  });
});

describe('templates carry stream kinds and rollup settings into feeds', () => {
  test('a feed with compTmplId creates the template’s interval stream with its settings', async () => {
    const t = await h.req('PUT', '/api/component_template', {
      component_template: {
        id: 'em',
        stream: [
          { id: 'kwh', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute', meterKind: 'CUMULATIVE', timeAlignment: 'ENDING' },
          { id: 'state', valueType: 'STRING' },
        ],
      },
    });
    assert.equal(t.status, 200, t.text);
    const tk = t.body.component_template.stream[0];
    assert.deepEqual([tk.streamType, tk.baseCycle.id, tk.meterKind, tk.timeAlignment], ['intvl_stream', 'fifteenminute', 'CUMULATIVE', 'ENDING']);
    assert.deepEqual((await h.req('GET', '/api/component_template/em')).body.component_template, t.body.component_template);
    const bad = await h.req('PUT', '/api/component_template', { component_template: { id: 'em2', stream: [{ id: 'k', valueType: 'DOUBLE', streamType: 'intvl_stream' }] } });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.message, /^component_template\.stream\[0\]\.baseCycle is required/);

    const f = await h.req('PUT', `/api/feed?compTmplId=em&compId=em-1&kwh=12.5&state=ok&time=${T0}`);
    assert.equal(f.status, 200, f.text);
    const c = (await h.req('GET', '/api/component/em-1')).body.component;
    assert.deepEqual(c.stream.map((s: { id: string; streamType: string }) => [s.id, s.streamType]), [['kwh', 'intvl_stream'], ['state', 'rdm_stream']]);
    assert.deepEqual(pick(c.stream[0], ROLLUP_FIELDS), pick(tk, ROLLUP_FIELDS));
  });

  test('a stream created with dtId/dsId takes the template stream’s kind and settings', async () => {
    const f = await h.req('PUT', `/api/feed?compId=em-1&dtId=em&dsId=kwh&kwh2=3&time=${T0}`);
    assert.equal(f.status, 200, f.text);
    const c = (await h.req('GET', '/api/component/em-1')).body.component;
    const made = c.stream.find((s: { id: string }) => s.id === 'kwh2');
    assert.ok(made, JSON.stringify(c.stream.map((s: { id: string }) => s.id)));
    assert.deepEqual([made.streamType, made.baseCycle.id, made.meterKind, made.timeAlignment], ['intvl_stream', 'fifteenminute', 'CUMULATIVE', 'ENDING']);
  });
});

describe('a stream that holds samples keeps its kind and base cycle', () => {
  const T = Date.UTC(2024, 0, 15, 9, 0);
  const post = (stream: object) => h.req('POST', '/api/component', { component: { id: 'cv', stream: [stream] } });
  const intvlcount = async () => (await h.req('GET', `/api/comp/cv/stream/m/cycle/hour/stat/intvlcount/feed?sd=${T}&ed=${T + 3_600_000}`)).body;

  test('POST that changes them is a 409 and changes nothing; meter and calendar may change', async () => {
    const made = await putComponent({ id: 'cv', stream: [{ id: 'm', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'minute' }] });
    assert.equal(made.status, 200, made.text);
    assert.equal((await h.req('PUT', '/api/feed', [{ compId: 'cv', streamId: 'm', data: [1, 2, 3, 4], time: [T, T + 60_000, T + 120_000, T + 180_000] }])).status, 200);
    const before = (await h.req('GET', '/api/component/cv')).body.component;
    const cases: [object, RegExp][] = [
      [{ id: 'm', baseCycle: 'fifteenminute' }, /^component\.stream\[0\]\.baseCycle: stream 'm' holds samples: its baseCycle cannot change from 'minute' to 'fifteenminute'/],
      [{ id: 'm', streamType: 'rdm_stream' }, /^component\.stream\[0\]\.streamType: stream 'm' holds samples: its streamType cannot change from intvl_stream to rdm_stream/],
      [{ id: 'm', streamType: 'point_stream' }, /streamType cannot change from intvl_stream to point_stream/],
    ];
    for (const [stream, message] of cases) {
      const r = await post(stream);
      assert.equal(r.status, 409, r.text);
      assert.deepEqual(Object.keys(r.body), ['success', 'message']);
      assert.match(r.body.message, message);
    }
    assert.deepEqual((await h.req('GET', '/api/component/cv')).body.component, before);
    assert.deepEqual(await intvlcount(), [{ data: 4, time: T + 3_600_000 }]);
    const meter = await post({ id: 'm', meterKind: 'DELTA', rollupCalendar: 'weekly' });
    assert.equal(meter.status, 200, meter.text);
    assert.deepEqual([meter.body.component.stream[0].meterKind, meter.body.component.stream[0].rollupCalendar.id], ['DELTA', 'weekly']);
    assert.deepEqual(await intvlcount(), [{ data: 4, time: T + 3_600_000 }], 'rebuilt for the new calendar, same samples');
  });

  test('a random stream with samples cannot become an interval stream; an interval stream of gaps only counts as holding samples', async () => {
    assert.equal((await putComponent({ id: 'rv', stream: [{ id: 'r', valueType: 'DOUBLE' }, { id: 'g', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'minute' }] })).status, 200);
    assert.equal((await h.req('PUT', '/api/feed', [{ compId: 'rv', streamId: 'r', data: [1], time: [T + 7_000] }, { compId: 'rv', streamId: 'g', data: [null, null], time: [T, T + 60_000] }])).status, 200);
    const r = await h.req('POST', '/api/component', { component: { id: 'rv', stream: [{ id: 'r', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }, { id: 'g' }] } });
    assert.equal(r.status, 409, r.text);
    assert.match(r.body.message, /stream 'r' holds samples: its streamType cannot change from rdm_stream to intvl_stream/);
    const g = await h.req('POST', '/api/component', { component: { id: 'rv', stream: [{ id: 'r' }, { id: 'g', baseCycle: 'hour' }] } });
    assert.equal(g.status, 409, g.text);
    assert.match(g.body.message, /^component\.stream\[1\]\.baseCycle: stream 'g' holds samples/);
  });
});

describe('gap fills that would invent energy', () => {
  test('are refused in templates and when a later POST changes the meter kind alone', async () => {
    const t = await h.req('PUT', '/api/component_template', {
      component_template: { id: 'fills', stream: [{ id: 'd', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute', meterKind: 'DELTA', gapFill: { type: 'PREVIOUS' } }] },
    });
    assert.equal(t.status, 400, t.text);
    assert.match(t.body.message, /^component_template\.stream\[0\]\.gapFill PREVIOUS cannot be used with meterKind DELTA/);
    assert.equal((await h.req('GET', '/api/component_template/fills')).status, 404);

    const ok = await putComponent({ id: 'fillc', stream: [{ id: 'kwh', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute', gapFill: { type: 'CONSTANT', value: 0 } }] });
    assert.equal(ok.status, 200, ok.text);
    const r = await h.req('POST', '/api/component', { component: { id: 'fillc', stream: [{ id: 'kwh', meterKind: 'CUMULATIVE' }] } });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, /^component\.stream\[0\]\.gapFill CONSTANT cannot be used with meterKind CUMULATIVE: a filled interval would be a register reading of 0/);
    assert.equal((await h.req('GET', '/api/component/fillc')).body.component.stream[0].meterKind, 'GAUGE');
    const both = await h.req('POST', '/api/component', { component: { id: 'fillc', stream: [{ id: 'kwh', meterKind: 'CUMULATIVE', gapFill: { type: 'PREVIOUS' } }] } });
    assert.equal(both.status, 200, both.text);
  });
});

describe('gapFill CONSTANT values out of range', () => {
  test('1e400 (Infinity to JSON.parse) and a LONG beyond 64 bits are 400s that say so', async () => {
    const body = (valueType: string, value: string) =>
      `{"component":{"id":"big","stream":[{"id":"s","valueType":"${valueType}","streamType":"intvl_stream","baseCycle":"fifteenminute","gapFill":{"type":"CONSTANT","value":${value}}}]}}`;
    const cases: [string, string, RegExp][] = [
      ['DOUBLE', '1e400', /^component\.stream\[0\]\.gapFill\.value does not fit valueType DOUBLE: the number is beyond the range of a double/],
      ['LONG', '1e20', /^component\.stream\[0\]\.gapFill\.value does not fit valueType LONG: '100000000000000000000' is beyond the 64-bit range of a LONG/],
      ['LONG', '"1e400"', /valueType LONG: '1e400' is beyond the range of a double/],
      ['DOUBLE', 'null', /^component\.stream\[0\]\.gapFill\.value is null: type CONSTANT needs a value/],
    ];
    for (const [valueType, value, message] of cases) {
      const r = await h.req('PUT', '/api/component', body(valueType, value));
      assert.equal(r.status, 400, `${value}: ${r.text}`);
      assert.match(r.body.message, message);
    }
    assert.equal((await h.req('GET', '/api/component/big')).status, 404);
    assert.equal((await h.req('PUT', '/api/component', body('LONG', '-9223372036854775808'))).status, 200);
  });
});

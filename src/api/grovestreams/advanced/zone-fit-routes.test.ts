/**
 * An interval stream's base cycle must tile every longer cycle of its calendar in the zone of
 * each (rollup/base-cycle-fit.ts), checked wherever that can become false: the stream's
 * definition, templates made into components (component PUT, feeds with compTmplId or
 * dtId/dsId), a component's zone, a calendar's cycles. Every refusal writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness(); // org A's zone: Europe/London
  const ok = (r: { status: number; text: string }) => assert.equal(r.status, 200, r.text);
  ok(await h.req('PUT', '/api/cycle', { cycle: { id: 'tw0', name: '2h', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 2 } }));
  ok(await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'c2', name: 'c2', cycles: ['hour', 'tw0', 'day', 'month'] } }));
  ok(await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'hours', name: 'hours', cycles: ['hour', 'tw0'] } }));
});
after(async () => h.close());

const twoHourly = (extra: object = {}) => ({ id: 'v', name: 'v', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'tw0', rollupCalendar: 'c2', ...extra });
const LONDON_MISFIT = /cycle 'tw0' \(2 HOUR\) does not tile 'day' \(1 DAY\) in Europe\/London: e\.g\. the 'day' interval from \d{4}-03-\d\dT00:00:00Z to \d{4}-03-\d\dT23:00:00Z is not made of whole 'tw0' intervals \(Europe\/London's UTC offset changes from \+00:00 to \+01:00/;

function refused(r: { status: number; body: any; text: string }, status: number, message: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(Object.keys(r.body), ['success', 'message']);
  assert.match(r.body.message, message);
}

describe('a base cycle must tile its calendar in the zone', () => {
  test("component PUT: a 2-hour base under London days is a 400 naming the cycle, the day and the DST change; in UTC it is fine", async () => {
    const r = await h.req('PUT', '/api/component', { component: { id: 'i2h', timeZoneId: 'Europe/London', stream: [twoHourly()] } });
    refused(r, 400, /^component\.stream\[0\]\.baseCycle 'tw0' does not fit rollup calendar 'c2': /);
    assert.match(r.body.message, LONDON_MISFIT);
    assert.equal((await h.req('GET', '/api/component/i2h')).status, 404, 'nothing was created');
    const utc = await h.req('PUT', '/api/component', { component: { id: 'i2h', timeZoneId: 'UTC', stream: [twoHourly()] } });
    assert.equal(utc.status, 200, utc.text);
    // a calendar with no cycle longer than a fixed one does not care about the zone
    const hours = await h.req('PUT', '/api/component', { component: { id: 'h2', stream: [twoHourly({ rollupCalendar: 'hours' })] } });
    assert.equal(hours.status, 200, hours.text);
  });

  test('hours do not tile days in Australia/Lord_Howe (30-minute DST); 15 minutes do', async () => {
    const hourly = await h.req('PUT', '/api/component', {
      component: { id: 'lh', timeZoneId: 'Australia/Lord_Howe', stream: [{ id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'hour' }] },
    });
    refused(hourly, 400, /baseCycle 'hour' does not fit rollup calendar 'default': cycle 'hour' \(1 HOUR\) does not tile 'day' \(1 DAY\) in Australia\/Lord_Howe/);
    const quarter = await h.req('PUT', '/api/component', {
      component: { id: 'lh', timeZoneId: 'Australia/Lord_Howe', stream: [{ id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }] },
    });
    assert.equal(quarter.status, 200, quarter.text);
  });

  test('random streams are not held to it (their statistics are exact from raw samples)', async () => {
    const r = await h.req('PUT', '/api/component', { component: { id: 'rnd', timeZoneId: 'Europe/London', stream: [twoHourly({ streamType: 'rdm_stream' })] } });
    assert.equal(r.status, 200, r.text);
  });

  test("a component's new zone: 409 when a stored interval stream would stop tiling; 400 for a stream list sent with it", async () => {
    const before = (await h.req('GET', '/api/component/i2h')).body.component;
    const moved = await h.req('POST', '/api/component', { component: { id: 'i2h', timeZoneId: 'Europe/London' } });
    refused(moved, 409, /^cannot change the time zone of component 'i2h' to Europe\/London: stream 'v' cannot be in time zone Europe\/London: its base cycle 'tw0' does not fit rollup calendar 'c2': .*; change the stream first$/);
    assert.match(moved.body.message, LONDON_MISFIT);
    const withStreams = await h.req('POST', '/api/component', { component: { ...before, timeZoneId: 'Europe/London' } });
    refused(withStreams, 400, /^component\.stream\[0\]\.baseCycle 'tw0' does not fit rollup calendar 'c2': .*in Europe\/London/);
    assert.deepEqual((await h.req('GET', '/api/component/i2h')).body.component, before, 'nothing changed');
    // another zone whose offsets are whole hours apart all year is fine
    const tokyo = await h.req('POST', '/api/component', { component: { id: 'i2h', timeZoneId: 'Asia/Tokyo' } });
    assert.equal(tokyo.status, 200, tokyo.text);
  });

  test('a calendar change is refused (409) when a stream would stop tiling it in its zone', async () => {
    const r = await h.req('POST', '/api/rollup_calendar', { rollup_calendar: { id: 'hours', cycles: ['hour', 'tw0', 'day'] } });
    refused(r, 409, /^cannot change the cycles of rollup calendar 'hours': the base cycle 'tw0' of stream h2\/v would not fit it \(cycle 'tw0' \(2 HOUR\) does not tile 'day' \(1 DAY\) in Europe\/London/);
    const cycles = (await h.req('GET', '/api/rollup_calendar/hours')).body.rollup_calendar.cycles.map((c: { id: string }) => c.id);
    assert.deepEqual(cycles, ['hour', 'tw0']);
  });
});

describe('templates meet their zone when they are made into components', () => {
  before(async () => {
    // zone-less cycles are checked against the component's zone later, so this template is fine
    const t = await h.req('PUT', '/api/component_template', { component_template: { id: 't2h', stream: [twoHourly()] } });
    assert.equal(t.status, 200, t.text);
  });

  test('a template whose cycles have a zone of their own is checked when it is saved', async () => {
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 'tw0ldn', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 2, timezoneId: 'Europe/London' } })).status, 200);
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 'dayldn', intvlSizeType: 'DAY', timezoneId: 'Europe/London' } })).status, 200);
    assert.equal((await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'ldn', cycles: ['tw0ldn', 'dayldn'] } })).status, 200);
    const r = await h.req('PUT', '/api/component_template', { component_template: { id: 'tldn', stream: [twoHourly({ baseCycle: 'tw0ldn', rollupCalendar: 'ldn' })] } });
    refused(r, 400, /^component_template\.stream\[0\]\.baseCycle 'tw0ldn' does not fit rollup calendar 'ldn': cycle 'tw0ldn' \(2 HOUR\) does not tile 'dayldn' \(1 DAY\) in Europe\/London/);
  });

  test('component PUT with templateId: 400 in a zone the template does not suit', async () => {
    const r = await h.req('PUT', '/api/component', { component: { id: 'fromt', templateId: 't2h', timeZoneId: 'Europe/London' } });
    refused(r, 400, /^component\.templateId: template 't2h' does not suit the component: stream 'v' cannot be in time zone Europe\/London: its base cycle 'tw0' does not fit rollup calendar 'c2'/);
    assert.equal((await h.req('GET', '/api/component/fromt')).status, 404);
    const utc = await h.req('PUT', '/api/component', { component: { id: 'fromt', templateId: 't2h', timeZoneId: 'UTC' } });
    assert.equal(utc.status, 200, utc.text);
    assert.equal(utc.body.component.stream[0].baseCycle.id, 'tw0');
  });

  test('a feed with compTmplId cannot create a component in the org zone (London) from it; nothing is written', async () => {
    const r = await h.req('PUT', '/api/feed?compTmplId=t2h&compId=auto&v=1&other=2&time=1767225600000');
    refused(r, 400, /^cannot create component 'auto' from template 't2h': stream 'v' cannot be in time zone Europe\/London/);
    assert.equal((await h.req('GET', '/api/component/auto')).status, 404);
  });

  test('a stream created with dtId/dsId meets its component’s zone', async () => {
    assert.equal((await h.req('PUT', '/api/component', { component: { id: 'ldnc', timeZoneId: 'Europe/London' } })).status, 200);
    const r = await h.req('PUT', '/api/feed?compId=ldnc&dtId=t2h&dsId=v&v2=1&time=1767225600000');
    refused(r, 400, /^cannot create stream 'v2' of component 'ldnc' from stream 'v' of component template 't2h': stream 'v2' cannot be in time zone Europe\/London/);
    assert.deepEqual((await h.req('GET', '/api/component/ldnc')).body.component.stream, []);
    const utc = await h.req('PUT', '/api/feed?compId=fromt&dtId=t2h&dsId=v&v2=1&time=1767225600000');
    assert.equal(utc.status, 200, utc.text);
  });
});

describe('misfits count only where they are: a definition from now on (Asia/Singapore was +07:30 until 1982)', () => {
  const hourly = { id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'hour' };

  test('an hourly interval stream in Asia/Singapore is accepted (component PUT), but not while the clock says 1980', async () => {
    const r = await h.req('PUT', '/api/component', { component: { id: 'sg', timeZoneId: 'Asia/Singapore', stream: [hourly] } });
    assert.equal(r.status, 200, r.text);
    h.clock.set(Date.UTC(1980, 0, 1));
    try {
      const then = await h.req('PUT', '/api/component', { component: { id: 'sg1980', timeZoneId: 'Asia/Singapore', stream: [hourly] } });
      refused(then, 400, /baseCycle 'hour' does not fit rollup calendar 'default': cycle 'hour' \(1 HOUR\) does not tile 'day' \(1 DAY\) in Asia\/Singapore: e\.g\. the 'day' interval from 1979-12-31T16:30:00Z to 1980-01-01T16:30:00Z .*from \+07:30 to \+08:00 at 1981-12-31T16:00:00Z/);
    } finally {
      h.clock.set(T0);
    }
  });

  test("a component's zone may become Asia/Singapore, and a template's hourly stream meets it", async () => {
    assert.equal((await h.req('PUT', '/api/component', { component: { id: 'sgz', timeZoneId: 'UTC', stream: [hourly] } })).status, 200);
    const moved = await h.req('POST', '/api/component', { component: { id: 'sgz', timeZoneId: 'Asia/Singapore' } });
    assert.equal(moved.status, 200, moved.text);
    const lordHowe = await h.req('POST', '/api/component', { component: { id: 'sgz', timeZoneId: 'Australia/Lord_Howe' } });
    refused(lordHowe, 409, /^cannot change the time zone of component 'sgz' to Australia\/Lord_Howe: .*does not tile 'day' \(1 DAY\) in Australia\/Lord_Howe/);
    assert.equal((await h.req('PUT', '/api/component_template', { component_template: { id: 'th', stream: [hourly] } })).status, 200);
    const fromTemplate = await h.req('PUT', '/api/component', { component: { id: 'sgt', templateId: 'th', timeZoneId: 'Asia/Singapore' } });
    assert.equal(fromTemplate.status, 200, fromTemplate.text);
    const fed = await h.req('PUT', `/api/feed?compId=sgz&dtId=th&dsId=e&e2=1&time=${T0}`);
    assert.equal(fed.status, 200, fed.text);
  });
});

describe('misfits count only where they are: a read over the intervals it reads', () => {
  const H = 3_600_000;
  const JAN_1 = Date.UTC(2025, 11, 31, 16); // 2026-01-01T00:00+08:00
  const at = (iso: string) => Date.parse(iso);
  const read = (path: string) => h.req('GET', `/api/comp/sgr${path}`);

  before(async () => {
    h.clock.set(Date.UTC(2026, 1, 1));
    const r = await h.req('PUT', '/api/component', { component: { id: 'sgr', timeZoneId: 'Asia/Singapore', stream: [{ id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'hour' }] } });
    assert.equal(r.status, 200, r.text);
    // 1 in every hour of the first two local days of 2026
    const time = Array.from({ length: 48 }, (_, i) => JAN_1 + i * H);
    const fed = await h.req('PUT', '/api/feed', [{ compId: 'sgr', streamId: 'e', data: time.map(() => 1), time }]);
    assert.equal(fed.status, 200, fed.text);
  });
  after(() => h.clock.set(T0));

  test("an hourly stream in Asia/Singapore answers its 2026 day and month statistics, for the stream and the component", async () => {
    const days = [{ data: 24, time: JAN_1 + 48 * H }, { data: 24, time: JAN_1 + 24 * H }];
    for (const path of ['/stream/e/cycle/day/stat/sum/feed', '/cycle/day/stat/sum/feed']) {
      const r = await read(path);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      assert.deepEqual(r.body, days, path);
    }
    const month = await read('/stream/e/cycle/month/stat/sum/feed');
    assert.equal(month.status, 200, month.text);
    assert.deepEqual(month.body, [{ data: 48, time: at('2026-01-31T16:00:00Z') }]);
    const sd2026 = await read(`/cycle/day/stat/sum/feed?sd=${JAN_1}&ed=${JAN_1 + 48 * H}`);
    assert.deepEqual(sd2026.body, days);
  });

  test('a read over 1981-12, when its hours straddled local midnights, is a 400 naming the day and the offset change', async () => {
    const dec1981 = `sd=${at('1981-12-01T00:00:00Z')}&ed=${at('1982-01-01T00:00:00Z')}`;
    const untiled = /^cycle 'day' is not tiled by the stream's base cycle 'hour': 'e' is an intvl_stream, whose statistics are made of whole base intervals \(cycle 'hour' \(1 HOUR\) does not tile 'day' \(1 DAY\) in Asia\/Singapore: e\.g\. the 'day' interval from 1981-11-30T16:30:00Z to 1981-12-01T16:30:00Z is not made of whole 'hour' intervals \(Asia\/Singapore's UTC offset changes from \+07:30 to \+08:00 at 1981-12-31T16:00:00Z\)\)$/;
    refused(await read(`/stream/e/cycle/day/stat/sum/feed?${dec1981}`), 400, untiled);
    // the component too, whatever the limit reaches
    refused(await read(`/cycle/day/stat/sum/last_value?${dec1981}`), 400, untiled);
    assert.equal((await read(`/stream/e/cycle/hour/stat/sum/feed?${dec1981}`)).status, 200, 'hours are whole hours');
  });
});

describe('misfits count only where they are: a write over the intervals it writes', () => {
  const feed = (time: number[]) => h.req('PUT', '/api/feed', [{ compId: 'sgr', streamId: 'e', data: time.map(() => 7), time }]);
  const stored = async (sd: number, ed: number) => (await h.req('GET', `/api/comp/sgr/stream/e/feed?sd=${sd}&ed=${ed}`)).body;

  test('a 1975 sample of an hourly stream in Asia/Singapore, whose hours straddled local midnights then, is a 400; nothing of the request is written', async () => {
    const now = Date.UTC(2026, 0, 5, 3, 10);
    const y1975 = Date.UTC(1975, 5, 1, 5, 10);
    const r = await feed([now, y1975]);
    refused(r, 400, /^cannot write sgr\/e: the 'hour' interval from 1975-06-01T05:00:00\.000Z to 1975-06-01T06:00:00\.000Z lies where the stream's base cycle does not tile its rollup calendar, so its statistics there would count part intervals \(cycle 'hour' \(1 HOUR\) does not tile 'day' \(1 DAY\) in Asia\/Singapore: e\.g\. the 'day' interval from 1975-05-31T16:30:00Z to 1975-06-01T16:30:00Z .*from \+07:30 to \+08:00 at 1981-12-31T16:00:00Z\)\)$/);
    assert.deepEqual(await stored(now, now + 3_600_000), []); // its interval ends at 04:00
    assert.deepEqual(await stored(y1975 - 3_600_000, y1975 + 3_600_000), []);
    const alone = await feed([now]);
    assert.equal(alone.status, 200, alone.text);
    assert.deepEqual((await stored(now, now + 3_600_000)).map((x: { data: number }) => x.data), [7]);
  });
});

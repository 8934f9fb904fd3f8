/**
 * Time-zone ids through the advanced API (domain/time-zone.ts): stored in canonical spelling
 * whatever case they are sent in, and ids stored before that are the same zone as their
 * canonical form (no 409 for sending a used cycle back as it was stored).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_STREAM_ROLLUP } from '../../../domain/model.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

describe('time-zone ids', () => {
  test('a cycle stores its timezoneId in canonical spelling', async () => {
    const r = await h.req('PUT', '/api/cycle', { cycle: { id: 'utcday', intvlSizeType: 'DAY', timezoneId: 'utc' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.cycle.timezoneId, 'UTC');
    const p = await h.req('POST', '/api/cycle', { cycle: { id: 'utcday', timezoneId: 'europe/london' } });
    assert.equal(p.body.cycle.timezoneId, 'Europe/London');
    assert.equal((await h.store.cycles.get(h.orgA, 'utcday'))!.timezone, 'Europe/London');
  });

  test("a component stores its timeZoneId in canonical spelling", async () => {
    const r = await h.req('PUT', '/api/component', { component: { id: 'zc', timeZoneId: 'europe/london' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.component.timeZoneId, 'Europe/London');
    const p = await h.req('POST', '/api/component', { component: { id: 'zc', timeZoneId: 'UTC ' } });
    assert.equal(p.body.component.timeZoneId, 'UTC');
    assert.equal((await h.store.components.get(h.orgA, 'zc'))!.timezone, 'UTC');
  });

  test('a used cycle stored with a lower-case zone before may be sent back as it was', async () => {
    await h.store.cycles.put(h.orgA, { id: 'old', name: 'old', sizeType: 'MINUTE', count: 30, reference: '2000-01-01T00:00:00', timezone: 'utc' });
    const intvl = { id: 'kw', name: 'kw', description: '', valueType: 'DOUBLE' as const, streamType: 'intvl_stream' as const, unitId: null, autoTyped: false };
    await h.store.components.create(h.orgA, { id: 'uses-old', name: 'u', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, [
      { ...intvl, rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'old' } },
    ]);
    const cur = (await h.req('GET', '/api/cycle/old')).body.cycle;
    assert.equal(cur.timezoneId, 'utc');
    const back = await h.req('POST', '/api/cycle', { cycle: cur });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.cycle.timezoneId, 'UTC', 'now in canonical spelling: the same zone, so no change of interval');
    const moved = await h.req('POST', '/api/cycle', { cycle: { id: 'old', timezoneId: 'Europe/London' } });
    assert.equal(moved.status, 409, moved.text);
  });

  test("a calendar's cycles spelled differently but naming one zone tile", async () => {
    await h.store.cycles.put(h.orgA, { id: 'oldhour', name: 'oldhour', sizeType: 'HOUR', count: 1, reference: '2000-01-01T00:00:00', timezone: 'utc' });
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 'newday', intvlSizeType: 'DAY', timezoneId: 'UTC' } })).status, 200);
    const r = await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'mixed', cycles: ['oldhour', 'newday'] } });
    assert.equal(r.status, 200, r.text);
  });

  test('a component stored with a lower-case zone, posted back as GET returned it, keeps its rollups (no rebuild: the same zone)', async () => {
    const HOUR = 3_600_000;
    await h.store.deleteProfiles.put(h.orgA, { id: 'day1', name: 'a day', unit: 'DAY', count: 1 });
    await h.store.components.create(h.orgA, { id: 'legacy', name: 'legacy', description: '', timezone: 'utc', folderPath: '', templateId: '' }, [
      { id: 'p', name: 'p', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, deleteProfileId: 'day1' } },
    ]);
    const now = h.clock.now();
    const start = Math.floor(now / (24 * HOUR)) * 24 * HOUR - 4 * 24 * HOUR;
    const feed = Array.from({ length: 4 * 24 }, (_, i) => ({ compId: 'legacy', streamId: 'p', data: 1, time: start + i * HOUR }));
    assert.equal((await h.req('PUT', '/api/feed', feed)).status, 200);
    const stream = (await h.store.components.get(h.orgA, 'legacy'))!.streams[0]!;
    await h.store.samples.deleteBefore(stream.key, start + 2 * 24 * HOUR); // as retention would
    const days = async () => (await h.req('GET', `/api/comp/legacy/stream/p/cycle/day/stat/nongapcount/feed?sd=${start}&ed=${start + 4 * 24 * HOUR}`)).body.map((x: { data: number }) => x.data);
    const before = await days();
    assert.deepEqual(before, [24, 24, 24, 24]);
    const got = await h.req('GET', '/api/component/legacy');
    assert.equal(got.body.component.timeZoneId, 'utc');
    const posted = await h.req('POST', '/api/component', { component: got.body.component });
    assert.equal(posted.status, 200, posted.text);
    assert.equal(posted.body.component.timeZoneId, 'UTC');
    assert.deepEqual(await days(), before);
  });
});

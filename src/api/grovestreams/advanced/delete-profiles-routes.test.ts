import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_STREAM_ROLLUP } from '../../../domain/model.js';
import { RetentionJob } from '../../../retention/retention-job.js';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const profile = (p: object) => ({ delete_profile: p });
const HOUR = 3_600_000;

describe('delete_profile', () => {
  test('an org starts with none; new is a blank one-month profile', async () => {
    assert.deepEqual((await h.req('GET', '/api/delete_profile')).body, { message: '', delete_profile: [], totalCount: 0, success: true });
    assert.deepEqual((await h.req('GET', '/api/delete_profile/new')).body.delete_profile, { uid: '', id: '', name: '', deleteRangeType: 'MONTH', numRangeTypes: 1 });
  });

  test('PUT creates, GET by uid or id, POST updates, a taken id is a conflict', async () => {
    const r = await h.req('PUT', '/api/delete_profile', profile({ uid: '', id: 'two-months', name: 'Retain two months', deleteRangeType: 'month', numRangeTypes: 2 }));
    assert.equal(r.status, 200, r.text);
    const p = r.body.delete_profile;
    assert.match(p.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...p, uid: undefined }, { uid: undefined, id: 'two-months', name: 'Retain two months', deleteRangeType: 'MONTH', numRangeTypes: 2 });
    assert.deepEqual((await h.req('GET', `/api/delete_profile/${p.uid}`)).body.delete_profile, p);
    assert.deepEqual((await h.req('GET', '/api/delete_profile/two-months')).body.delete_profile, p);
    assert.equal((await h.req('PUT', '/api/delete_profile', profile({ id: 'two-months', deleteRangeType: 'DAY' }))).status, 409);
    const up = await h.req('POST', '/api/delete_profile', profile({ uid: p.uid, numRangeTypes: '3' }));
    assert.equal(up.status, 200, up.text);
    assert.deepEqual(up.body.delete_profile, { ...p, numRangeTypes: 3 });
    assert.equal((await h.req('POST', '/api/delete_profile', profile({ uid: p.uid, id: 'x' }))).status, 400);
    assert.equal((await h.req('POST', '/api/delete_profile', profile({ id: 'nope', deleteRangeType: 'DAY' }))).status, 404);
    assert.equal((await h.req('GET', '/api/delete_profile')).body.totalCount, 1);
  });

  test('DELETE refuses a profile a stream names, then deletes; other orgs see nothing', async () => {
    const p = (await h.req('GET', '/api/delete_profile/two-months')).body.delete_profile;
    assert.equal((await h.req('GET', `/api/delete_profile/${p.uid}`, undefined, h.keyB)).status, 404);
    assert.equal((await h.req('DELETE', `/api/delete_profile/${p.uid}`, undefined, h.keyB)).status, 404);
    assert.equal((await h.req('GET', '/api/delete_profile', undefined, h.keyB)).body.totalCount, 0);
    const c = await h.store.components.create(h.orgA, { id: 'm', name: 'm', description: '', timezone: 'UTC', folderPath: '', templateId: '' }, [
      { id: 's', name: 's', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, deleteProfileId: 'two-months' } },
    ]);
    const used = await h.req('DELETE', `/api/delete_profile/${p.uid}`);
    assert.equal(used.status, 409, used.text);
    assert.match(used.body.message, /delete profile 'two-months': in use by 1 stream \(m\/s\)/);
    await h.store.components.delete(h.orgA, c.uid);
    assert.deepEqual((await h.req('DELETE', '/api/delete_profile/two-months')).body, { message: '', success: true });
    assert.equal((await h.req('GET', `/api/delete_profile/${p.uid}`)).status, 404);
  });

  test('rights and bad input', async () => {
    const key = await h.keyWith([{ resource: 'delete_profile', actions: ['GET'] }]);
    assert.equal((await h.req('GET', '/api/delete_profile', undefined, key)).status, 200);
    assert.equal((await h.req('PUT', '/api/delete_profile', profile({ id: 'p', deleteRangeType: 'DAY' }), key)).status, 403);
    const cases: [unknown, RegExp][] = [
      [undefined, /"delete_profile"/],
      [profile({ deleteRangeType: 'DAY' }), /delete_profile\.id is required/],
      [profile({ id: 'p' }), /delete_profile\.deleteRangeType is required/],
      [profile({ id: 'p', deleteRangeType: 'SECOND' }), /delete_profile\.deleteRangeType 'SECOND' is not one of MINUTE, HOUR, DAY, WEEK, MONTH, YEAR/],
      [profile({ id: 'p', deleteRangeType: 'DAY', numRangeTypes: 0 }), /whole number from 1/],
      [profile({ id: 'p', deleteRangeType: 'DAY', numRangeTypes: -1 }), /whole number/],
      [profile({ id: 'p', deleteRangeType: 'DAY', numRangeTypes: '1 day' }), /delete_profile\.numRangeTypes must be a whole number/],
    ];
    for (const [body, message] of cases) {
      const r = await h.req('PUT', '/api/delete_profile', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.body.message, message);
    }
  });
});

describe('retention through the API', () => {
  test('samples fed through /api/feed older than the profile are gone after one run; newer ones and other streams stay', async () => {
    assert.equal((await h.req('PUT', '/api/delete_profile', profile({ id: 'day', deleteRangeType: 'DAY', numRangeTypes: 1 }))).status, 200);
    await h.store.components.create(h.orgA, { id: 'r', name: 'r', description: '', timezone: 'Europe/London', folderPath: '', templateId: '' }, [
      { id: 'kept', name: 'kept', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, deleteProfileId: 'day' } },
      { id: 'all', name: 'all', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false },
    ]);
    const times = Array.from({ length: 48 }, (_, i) => T0 - (47 - i) * HOUR); // hourly for two days up to now
    const feed = times.map((t, i) => ({ compId: 'r', streamId: 'kept', data: i, time: t })).concat(times.map((t, i) => ({ compId: 'r', streamId: 'all', data: i, time: t })));
    const put = await h.req('PUT', '/api/feed', feed);
    assert.equal(put.status, 200, put.text);

    const run = await new RetentionJob(h.store, h.clock, { intervalMs: HOUR, vocabulary: (o) => h.ingest.vocabulary.get(o) }).runOnce();
    assert.equal(run.deleted, 23); // T0 − 47 h … T0 − 25 h; T0 − 24 h is exactly one day old and stays
    const kept = await h.req('GET', `/api/comp/r/stream/kept/feed?sd=0&ed=${T0 + 1}`);
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(kept.body.map((s: { time: number }) => s.time), times.filter((t) => t >= T0 - 24 * HOUR).reverse());
    assert.equal((await h.req('GET', `/api/comp/r/stream/all/feed?sd=0&ed=${T0 + 1}`)).body.length, 48);
    assert.deepEqual((await h.req('GET', '/api/comp/r/stream/kept/last_value')).body.map((s: { data: number }) => s.data), [47]);
  });
});

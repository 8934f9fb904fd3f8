/**
 * Component templates and what their streams name: a cycle, calendar or delete profile only a
 * template uses cannot be deleted (409 naming the template), and a template whose streams name
 * something missing or no longer fitting never makes a broken stream (400, nothing created).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_STREAM_ROLLUP, type StreamDef } from '../../../domain/model.js';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

const intvl = (id: string, rollup: Partial<typeof DEFAULT_STREAM_ROLLUP>): StreamDef => ({
  id, name: id, description: '', valueType: 'DOUBLE', streamType: 'intvl_stream', unitId: null, autoTyped: false, rollup: { ...DEFAULT_STREAM_ROLLUP, ...rollup },
});

describe('what only a component template uses', () => {
  test('cannot be deleted: 409 naming the template, and the template keeps printing it', async () => {
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 'tonly3', intvlSizeType: 'SECOND', numSizeTypesPerIntvl: 30 } })).status, 200);
    assert.equal((await h.req('PUT', '/api/delete_profile', { delete_profile: { id: 'dponly', deleteRangeType: 'DAY', numRangeTypes: 3 } })).status, 200);
    assert.equal((await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'calonly', cycles: ['hour', 'day'] } })).status, 200);
    const t = await h.req('PUT', '/api/component_template', {
      component_template: {
        id: 't6',
        stream: [
          { id: 's', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'tonly3', delete_profile: 'dponly' },
          { id: 'r', valueType: 'DOUBLE', rollupCalendar: 'calonly' },
        ],
      },
    });
    assert.equal(t.status, 200, t.text);

    for (const [url, message] of [
      ['/api/cycle/tonly3', "cannot delete cycle 'tonly3': in use by component template 't6'; change them first"],
      ['/api/delete_profile/dponly', "cannot delete delete profile 'dponly': in use by component template 't6'; give them another profile first"],
      ['/api/rollup_calendar/calonly', "cannot delete rollup calendar 'calonly': in use by component template 't6'; give them another calendar first"],
    ] as const) {
      const r = await h.req('DELETE', url);
      assert.equal(r.status, 409, r.text);
      assert.deepEqual(r.body, { success: false, message });
    }
    const s = (await h.req('GET', '/api/component_template/t6')).body.component_template.stream;
    assert.notEqual(s[0].baseCycle.uid, '');
    assert.notEqual(s[0].delete_profile.uid, '');
    assert.notEqual(s[1].rollupCalendar.uid, '');

    // a component made from it gets a working interval stream: the sample snaps to the 30 s interval end
    const f = await h.req('PUT', `/api/feed?compTmplId=t6&compId=fromt6&s=5&time=${T0 + 7_000}`);
    assert.equal(f.status, 200, f.text);
    const last = await h.req('GET', '/api/comp/fromt6/stream/s/last_value');
    assert.deepEqual(last.body.map((x: { time: number }) => x.time), [T0 + 30_000]);

    // once neither the template nor the component made from it names them, they can go
    assert.equal((await h.req('DELETE', '/api/component/fromt6')).status, 200);
    assert.equal((await h.req('POST', '/api/component_template', { component_template: { id: 't6', stream: [] } })).status, 200);
    for (const url of ['/api/cycle/tonly3', '/api/delete_profile/dponly', '/api/rollup_calendar/calonly']) assert.equal((await h.req('DELETE', url)).status, 200, url);
  });
});

describe('a template whose streams cannot be used any more', () => {
  test('auto-create from it is a 400 and creates nothing, whatever reference is missing', async () => {
    // the store takes a template as given (the API checks it on save), like one saved before its references were protected
    for (const [i, [rollup, why]] of ([
      [{ baseCycleId: 'gone' }, "names cycle 'gone' as its base cycle, which does not exist"],
      [{ baseCycleId: 'minute', calendarId: 'gonecal' }, "names rollup calendar 'gonecal', which does not exist"],
      [{ baseCycleId: 'minute', deleteProfileId: 'gonedp' }, "names delete profile 'gonedp', which does not exist"],
      [{}, 'is an intvl_stream without a base cycle'],
    ] as const).entries()) {
      const id = `broken${i}`;
      await h.store.templates.put(h.orgA, { id, name: id, description: '', streams: [intvl('kw', rollup)] });
      const f = await h.req('PUT', `/api/feed?compTmplId=${id}&compId=from-${id}&kw=5&time=${T0}`);
      assert.equal(f.status, 400, f.text);
      assert.deepEqual(f.body, { success: false, message: `cannot create component 'from-${id}': stream 'kw' of component template '${id}' ${why}; change the template` });
      assert.equal((await h.req('GET', `/api/component/from-${id}`)).status, 404);

      const p = await h.req('PUT', '/api/component', { component: { id: `put-${id}`, templateId: id } });
      assert.equal(p.status, 400, p.text);
      assert.equal(p.body.message, `component.templateId: stream 'kw' of component template '${id}' ${why}; change the template`);
      assert.equal((await h.req('GET', `/api/component/put-${id}`)).status, 404);

      assert.equal((await h.req('PUT', `/api/feed?compId=host&plain=1&time=${T0}`)).status, 200);
      const d = await h.req('PUT', `/api/feed?compId=host&dtId=${id}&dsId=kw&kw${i}=5&time=${T0}`);
      assert.equal(d.status, 400, d.text);
      assert.equal(d.body.message, `cannot create stream 'host/kw${i}' from stream 'kw' of component template '${id}': it ${why}`);
    }
    const host = (await h.req('GET', '/api/component/host')).body.component;
    assert.deepEqual(host.stream.map((s: { id: string }) => s.id), ['plain']);
  });

  test('a calendar changed under a template: its base cycle no longer fits, so no stream is made from it', async () => {
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 's30', intvlSizeType: 'SECOND', numSizeTypesPerIntvl: 30 } })).status, 200);
    assert.equal((await h.req('PUT', '/api/cycle', { cycle: { id: 's45', intvlSizeType: 'SECOND', numSizeTypesPerIntvl: 45 } })).status, 200);
    assert.equal((await h.req('PUT', '/api/rollup_calendar', { rollup_calendar: { id: 'c', cycles: ['minute', 'hour'] } })).status, 200);
    const t = await h.req('PUT', '/api/component_template', {
      component_template: { id: 'tc', stream: [{ id: 'kw', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 's30', rollupCalendar: 'c' }] },
    });
    assert.equal(t.status, 200, t.text);
    // no stream uses 'c', so its cycles may change: 30 s intervals do not tile 45 s ones
    assert.equal((await h.req('POST', '/api/rollup_calendar', { rollup_calendar: { id: 'c', cycles: ['s45', 'hour'] } })).status, 200);
    const f = await h.req('PUT', `/api/feed?compTmplId=tc&compId=from-tc&kw=5&time=${T0}`);
    assert.equal(f.status, 400, f.text);
    assert.match(f.body.message, /^cannot create component 'from-tc': stream 'kw' of component template 'tc' has base cycle 's30', which does not fit rollup calendar 'c': /);
    assert.equal((await h.req('GET', '/api/component/from-tc')).status, 404);
  });
});

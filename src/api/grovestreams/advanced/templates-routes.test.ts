/**
 * Component templates and what their streams name: a cycle, calendar or delete profile only a
 * template uses cannot be deleted (409 naming the template).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

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

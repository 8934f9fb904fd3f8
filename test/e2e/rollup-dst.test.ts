/**
 * Issue #3's end-to-end check: three days of minute data across the 2026-10-25 Europe/London
 * change, written and read through the seed's URLs on a spawned server. The 25th is a 25-hour
 * day; late samples (an overwrite and an insert) change exactly the hours and day they fall in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request, SEED_API_KEY, startServer, withKey, type RunningServer } from './spawn-server.js';

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY24 = Date.parse('2026-10-23T23:00:00Z'); // 2026-10-24 00:00 BST
const DAY25 = Date.parse('2026-10-24T23:00:00Z'); // 2026-10-25 00:00 BST; clocks go back at 02:00 BST
const DAY26 = Date.parse('2026-10-26T00:00:00Z'); // 2026-10-26 00:00 GMT
const END = Date.parse('2026-10-27T00:00:00Z');

let server: RunningServer;
const times: number[] = [];
const values: number[] = [];
for (let t = DAY24, i = 0; t < END; t += MIN, i++) {
  times.push(t);
  values.push(i % 97);
}

async function get(path: string): Promise<{ data: number; time: number; sdTime?: number }[]> {
  const r = await request(server, 'GET', withKey(path, SEED_API_KEY));
  assert.equal(r.status, 200, `${path}: ${r.body}`);
  return r.json() as never;
}

async function put(body: unknown): Promise<void> {
  const r = await request(server, 'PUT', withKey('/api/feed', SEED_API_KEY), { body });
  assert.equal(r.status, 200, r.body);
}

const stat = (cycle: string, id: string, sd: number, ed: number) => get(`/api/comp/meter/stream/p/cycle/${cycle}/stat/${id}/feed?sd=${sd}&ed=${ed}&retIntvlSd`);
const sumOver = (sd: number, ed: number) => times.reduce((a, t, i) => (t >= sd && t < ed ? a + values[i]! : a), 0);

describe('rollups end to end across the Europe/London DST change', () => {
  before(async () => {
    server = await startServer();
    const c = await request(server, 'PUT', withKey('/api/component', SEED_API_KEY), {
      body: { component: { id: 'meter', name: 'Meter', timeZoneId: 'Europe/London', stream: [{ id: 'p', valueType: 'DOUBLE', streamType: 'rdm_stream' }] } },
    });
    assert.equal(c.status, 200, c.body);
    for (let i = 0; i < times.length; i += 1000) {
      await put([{ compId: 'meter', streamId: 'p', data: values.slice(i, i + 1000), time: times.slice(i, i + 1000) }]);
    }
  });
  after(async () => server?.stop());

  it('has a 25-hour day on 2026-10-25, with interval ends as times', async () => {
    const days = await stat('day', 'milliseccount', DAY24, END);
    assert.deepEqual(days.map((d) => [d.sdTime, d.time, d.data]), [
      [DAY26, END, 24 * HOUR],
      [DAY25, DAY26, 25 * HOUR],
      [DAY24, DAY25, 24 * HOUR],
    ]);
    const counts = await stat('day', 'intvlcount', DAY24, END);
    assert.deepEqual(counts.map((d) => d.data), [1440, 1500, 1440]);
    const sums = await stat('day', 'sum', DAY24, END);
    assert.deepEqual(sums.map((d) => d.data), [sumOver(DAY26, END), sumOver(DAY25, DAY26), sumOver(DAY24, DAY25)]);
    const hours = await stat('hour', 'sum', DAY25, DAY26);
    assert.equal(hours.length, 25);
    assert.deepEqual(hours.map((h) => h.data).reverse(), Array.from({ length: 25 }, (_, k) => sumOver(DAY25 + k * HOUR, DAY25 + (k + 1) * HOUR)));
  });

  it('answers the seed URL shapes: last_value with retIntvlSd, a component-wide stat feed', async () => {
    const [last] = await get('/api/comp/meter/stream/p/cycle/hour/stat/avg/last_value?retFData&retUnit&retStreamId&retCompId&retIntvlSd');
    assert.ok(last);
    assert.equal((last as any).compId, 'meter');
    assert.equal((last as any).streamId, 'p');
    assert.equal(last.time, END);
    assert.equal(last.sdTime, END - HOUR);
    const expected = values.slice(-60).reduce((a, v) => a + v, 0) / 60; // sample-and-hold over equal minutes
    assert.ok(Math.abs(last.data - expected) < 1e-9, `${last.data} vs ${expected}`);
    const all = await get('/api/comp/meter/cycle/day/stat/maxoccurrence/last_value');
    assert.equal(all.length, 1);
  });

  it('late samples change exactly the intervals they fall in', async () => {
    const stats = ['sum', 'intvlcount', 'avg', 'max', 'first', 'last'];
    const before: Record<string, unknown[]> = {};
    for (const s of stats) before[s] = (await stat('hour', s, DAY24, END)).map((x) => x.data);
    const daysBefore = (await stat('day', 'sum', DAY24, END)).map((x) => x.data);

    // 01:30 BST (first 01:xx) overwritten; a new sample at 01:30:30 GMT (the repeated 01:xx hour).
    const overwrite = Date.parse('2026-10-25T00:30:00Z');
    const insert = Date.parse('2026-10-25T01:30:30Z');
    await put([{ compId: 'meter', streamId: 'p', data: [5000, 7000], time: [overwrite, insert] }]);

    const changedHours = new Set([Date.parse('2026-10-25T01:00:00Z'), Date.parse('2026-10-25T02:00:00Z')]); // interval ends
    for (const s of stats) {
      const after = await stat('hour', s, DAY24, END);
      after.forEach((h, i) => {
        if (changedHours.has(h.time)) return;
        assert.deepEqual(h.data, before[s]![i], `${s} of the hour ending ${new Date(h.time).toISOString()} should not change`);
      });
      const changed = after.filter((h) => changedHours.has(h.time));
      assert.equal(changed.length, 2);
      if (s === 'max') assert.deepEqual(changed.map((h) => h.data), [7000, 5000]);
      if (s === 'intvlcount') assert.deepEqual(changed.map((h) => h.data), [61, 60]);
    }
    const daysAfter = (await stat('day', 'sum', DAY24, END)).map((x) => x.data);
    const i = times.indexOf(overwrite);
    assert.deepEqual(daysAfter, [daysBefore[0], daysBefore[1]! - values[i]! + 5000 + 7000, daysBefore[2]]);
    // last_value never moves backwards for a late sample
    const lv = await get('/api/comp/meter/stream/p/last_value');
    assert.equal(lv[0]!.time, END - MIN);
  });
});

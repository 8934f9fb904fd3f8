import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, intervalAt, nextInterval } from '../rollup/cycle.js';
import { defaultCalendars } from '../rollup/calendar.js';
import { streamRollupPlan } from '../rollup/stream-plan.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { compDef, plan, streamDef, streamOf } from '../storage/contract/fixtures.js';
import { DEFAULT_STREAM_ROLLUP, type StreamDef } from '../domain/model.js';
import { STAT_IDS } from '../rollup/stat-id.js';
import { StatReader, intervalsBack, sourceFor } from './stat-reader.js';

const cyc = Object.fromEntries(defaultCycles().map((c) => [c.id, c]));
const H = 3_600_000;

describe('intervalsBack', () => {
  it('gives the latest `limit` fixed-length intervals overlapping [lo, hi), ascending', () => {
    const t = Date.parse('2026-10-25T00:00:00Z');
    assert.deepEqual(intervalsBack(cyc.hour!, 'UTC', t + 30 * 60_000, t + 3 * H + 1, 10), [0, 1, 2, 3].map((k) => ({ sd: t + k * H, ed: t + (k + 1) * H })));
    assert.deepEqual(intervalsBack(cyc.hour!, 'UTC', t, t + 3 * H, 2), [1, 2].map((k) => ({ sd: t + k * H, ed: t + (k + 1) * H })));
  });

  it('walks calendar intervals in the zone (a 25-hour day)', () => {
    const lo = Date.parse('2026-10-24T12:00:00Z');
    const hi = Date.parse('2026-10-26T12:00:00Z');
    const days = intervalsBack(cyc.day!, 'Europe/London', lo, hi, 100);
    let iv = intervalAt(cyc.day!, lo, 'Europe/London');
    for (const d of days) {
      assert.deepEqual(d, iv);
      iv = nextInterval(cyc.day!, iv, 'Europe/London');
    }
    assert.deepEqual(days.map((d) => (d.ed - d.sd) / H), [24, 25, 24]);
  });
});

describe('sourceFor', () => {
  const plan = { zone: 'UTC', base: null, chain: [cyc.hour!, cyc.day!, cyc.month!, cyc.year!] };
  it('reads materialised cycles directly, combines tiled ones, and falls back to raw samples', () => {
    assert.deepEqual(sourceFor(cyc.day!, plan), { kind: 'states', cycle: cyc.day, combine: false });
    assert.deepEqual(sourceFor(cyc.week!, plan), { kind: 'states', cycle: cyc.day, combine: true });
    assert.deepEqual(sourceFor(cyc.minute!, plan), { kind: 'raw' });
    assert.deepEqual(sourceFor(cyc.hour!, { zone: 'UTC', base: null, chain: [] }), { kind: 'raw' }, 'nothing materialised (point streams, GG_ROLLUPS=off)');
  });
});

describe('StatReader', () => {
  it('reads a cycle its stored hours do not tile in the zone from raw samples, as without rollups', async () => {
    // Lord Howe is +10:30/+11:00: hours counted from 2000-01-01 (DST, +11) sit 30 minutes off a
    // 2-hour cycle counted from 2000-07-01 (+10:30). On the calendar hours tile it; here they straddle.
    const zone = 'Australia/Lord_Howe';
    const twohour = { id: 'twohour', name: '2 hours', sizeType: 'HOUR' as const, count: 2, reference: '2000-07-01T00:00:00' };
    const vocab = { cycles: [...defaultCycles(), twohour], calendars: defaultCalendars() };
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    try {
      const org = await store.orgs.create({ name: 'o', timezone: zone });
      const def = streamDef('s');
      const t0 = Date.parse('2026-07-01T00:00:00Z');
      const times = Array.from({ length: 60 }, (_, i) => t0 + i * 10 * 60_000);
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c', { timezone: zone })], newStreams: [{ compId: 'c', def }],
        writes: [{ compId: 'c', streamId: 's', times, values: times.map((_, i) => i), rollup: streamRollupPlan(def, zone, vocab) }],
      }));
      const stream = await streamOf(store, org.key, 'c', 's');
      const q = { stream, zone, cycle: twohour, stats: ['sum', 'intvlcount', 'avg'] as const, sd: t0, ed: t0 + 10 * H, limit: 100 };
      assert.deepEqual(sourceFor(twohour, streamRollupPlan(def, zone, vocab)), { kind: 'states', cycle: cyc.hour, combine: true });
      const got = await new StatReader(store, async () => vocab, () => t0 + 20 * H).read(org.key, { ...q, stats: [...q.stats] });
      const raw = await new StatReader(store, async () => ({ cycles: vocab.cycles, calendars: [] }), () => t0 + 20 * H).read(org.key, { ...q, stats: [...q.stats] });
      assert.ok(got.length >= 5);
      assert.deepEqual(got, raw);
    } finally {
      await store.close();
    }
  });

  it('an interval stream answers a cycle where its base tiles it in the intervals read, and is a 400 where not', async () => {
    // Asia/Singapore was +07:30 until 1982: hours (counted from 2000, +08:00) straddled its midnights
    const zone = 'Asia/Singapore';
    const vocab = { cycles: defaultCycles(), calendars: defaultCalendars() };
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    try {
      const org = await store.orgs.create({ name: 'o', timezone: zone });
      const def = streamDef('e', { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'hour' } });
      // hourly samples (interval ends) of 1981-12-10 and of 2026-01-01 and 02, written below ingest's checks
      const hours = (from: string, n: number) => Array.from({ length: n }, (_, i) => Date.parse(from) + (i + 1) * H);
      const times = [...hours('1981-12-10T00:00:00Z', 24), ...hours('2025-12-31T16:00:00Z', 48)];
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c', { timezone: zone })], newStreams: [{ compId: 'c', def }],
        writes: [{ compId: 'c', streamId: 'e', times, values: times.map(() => 1), rollup: streamRollupPlan(def, zone, vocab) }],
      }));
      const stream = await streamOf(store, org.key, 'c', 'e');
      const reader = new StatReader(store, async () => vocab, () => Date.parse('2026-02-01T00:00:00Z'));
      const days = (q: { sd?: number; ed?: number; limit: number }) => reader.read(org.key, { stream, zone, cycle: cyc.day!, stats: ['sum'], ...q });
      const in2026 = await days({ sd: Date.parse('2026-01-01T00:00:00Z'), ed: Date.parse('2026-01-02T16:00:00Z'), limit: 100 });
      assert.deepEqual(in2026.map((r) => r.values[0]), [24, 24]);
      assert.deepEqual((await days({ limit: 2 })).map((r) => r.values[0]), [24, 24], 'the latest two days: the 1981 ones are not read');
      const untiled = /^cycle 'day' is not tiled by the stream's base cycle 'hour': 'e' is an intvl_stream, .*the 'day' interval from 1981-12-09T16:30:00Z to 1981-12-10T16:30:00Z .*\+07:30 to \+08:00/;
      await assert.rejects(days({ sd: Date.parse('1981-12-10T00:00:00Z'), ed: Date.parse('1981-12-11T00:00:00Z'), limit: 100 }), { message: untiled });
      await assert.rejects(days({ limit: 100_000 }), { message: untiled }, 'reaching back to the 1981 data');
      // hours themselves are whole hours in any zone
      const hoursOf1981 = await reader.read(org.key, { stream, zone, cycle: cyc.hour!, stats: ['sum'], sd: Date.parse('1981-12-10T00:00:00Z'), ed: Date.parse('1981-12-11T00:00:00Z'), limit: 100 });
      assert.equal(hoursOf1981.length, 24);
    } finally {
      await store.close();
    }
  });

  it('after retention, raw-computed intervals before the raw horizon are null, and later ones answer as before it (their carry too)', async () => {
    const vocab = { cycles: defaultCycles(), calendars: defaultCalendars() };
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    try {
      const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
      const def = streamDef('s');
      const t0 = Date.parse('2026-05-01T10:00:30Z');
      // every minute at :30 from 10:00 to 11:59, then from 12:30 to 12:59 (none in 12:00 … 12:30)
      const times = Array.from({ length: 180 }, (_, i) => t0 + i * 60_000).filter((t) => t < t0 + 2 * H || t >= t0 + 2.5 * H);
      await store.samples.commitFeed(plan(org.key, {
        newComponents: [compDef('c')], newStreams: [{ compId: 'c', def }],
        writes: [{ compId: 'c', streamId: 's', times, values: times.map((_, i) => i % 17), rollup: streamRollupPlan(def, 'UTC', vocab) }],
      }));
      const reader = new StatReader(store, async () => vocab, () => t0 + 5 * H);
      const read = async (sd: number) => reader.read(org.key, { stream: await streamOf(store, org.key, 'c', 's'), zone: 'UTC', cycle: cyc.fifteenminute!, stats: [...STAT_IDS], sd, ed: t0 + 3 * H, limit: 100 });
      const from = (q: number) => Date.parse('2026-05-01T10:00:00Z') + q * 15 * 60_000;
      const before = await read(from(4)); // 11:00 … 13:00
      const beforeMidHour = await read(from(9)); // 12:15 …
      await store.samples.deleteBefore((await streamOf(store, org.key, 'c', 's')).key, from(8)); // 12:00
      const after = await read(from(4));
      assert.deepEqual(after.slice(0, 4).map((r) => r.values), Array.from({ length: 4 }, () => STAT_IDS.map(() => null)), '11:00 … 12:00: the samples are gone');
      assert.deepEqual(after.slice(4), before.slice(4));
      // the carry into 12:15 is 11:59:30's value (the hour 12:00's state holds later samples)
      assert.deepEqual(await read(from(9)), beforeMidHour);
    } finally {
      await store.close();
    }
  });

  it('answers every statistic from raw samples as from stored states, for every stream kind (sub-hour cycles and GG_ROLLUPS=off read raw)', async () => {
    const zone = 'Asia/Kathmandu';
    const vocab = { cycles: defaultCycles(), calendars: defaultCalendars() };
    const noRollups = { cycles: vocab.cycles, calendars: [] };
    const kinds: { def: StreamDef; value: (i: number) => number | string | null }[] = [
      { def: streamDef('gauge'), value: (i) => Math.round(100 * Math.sin(i / 7)) / 10 },
      { def: streamDef('mean', { rollup: { ...DEFAULT_STREAM_ROLLUP, randomAvg: 'mean' } }), value: (i) => (i * 37) % 11 },
      { def: streamDef('meter', { rollup: { ...DEFAULT_STREAM_ROLLUP, meter: 'cumulative' } }), value: (i) => (i % 50 === 49 ? 3 : 1000 + i * 2.5) },
      { def: streamDef('intvl', { streamType: 'intvl_stream', rollup: { ...DEFAULT_STREAM_ROLLUP, baseCycleId: 'fiveminute' } }), value: (i) => (i % 9 === 4 ? null : i % 13) },
      { def: streamDef('text', { valueType: 'STRING' }), value: (i) => `v${i % 5}` },
    ];
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    const now = t0 + 4 * H + 20 * 60_000; // inside the last hour: values are held until now
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    try {
      const org = await store.orgs.create({ name: 'o', timezone: zone });
      await store.samples.commitFeed(plan(org.key, { newComponents: [compDef('c', { timezone: zone })], newStreams: kinds.map((k) => ({ compId: 'c', def: k.def })) }));
      for (const k of kinds) {
        const p = streamRollupPlan(k.def, zone, vocab);
        // every 5 minutes from 00:05 for four hours and a bit, with a gap of an hour and a half
        const times = Array.from({ length: 52 }, (_, i) => t0 + (i + 1) * 5 * 60_000).filter((t) => t < t0 + H || t >= t0 + 2.5 * H);
        await store.samples.commitFeed(plan(org.key, { writes: [{ compId: 'c', streamId: k.def.id, times, values: times.map((_, i) => k.value(i)), rollup: p }] }));
        const stream = await streamOf(store, org.key, 'c', k.def.id);
        for (const cycle of [cyc.hour!, cyc.day!]) {
          const q = { stream, zone, cycle, stats: [...STAT_IDS], sd: t0 - H, ed: t0 + 6 * H, limit: 100 };
          const states = await new StatReader(store, async () => vocab, () => now).read(org.key, q);
          const raw = await new StatReader(store, async () => noRollups, () => now).read(org.key, q);
          assert.ok(states.length >= 5 || cycle.id === 'day', `${k.def.id}: ${states.length} intervals`);
          assert.deepEqual(raw.map((r) => [r.sd, r.ed]), states.map((r) => [r.sd, r.ed]), `${k.def.id} ${cycle.id} intervals`);
          raw.forEach((r, i) => r.values.forEach((v, j) => {
            const want = states[i]!.values[j];
            const what = `${k.def.id} ${cycle.id} @${new Date(r.sd).toISOString()} ${STAT_IDS[j]}`;
            if (typeof v === 'number' && typeof want === 'number') assert.ok(Math.abs(v - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${v} vs ${want}`);
            else assert.deepEqual(v, want, what);
          }));
        }
      }
    } finally {
      await store.close();
    }
  });
});

/**
 * Contract cases for cycles, rollup calendars and delete profiles: every org starts with the
 * default cycles and calendars, lookups by id or uid stay inside the org, a calendar is checked
 * for tiling when stored, and nothing a calendar, stream or component template refers to can be
 * deleted or (for cycles, unless only templates use them) redefined underneath it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type ErrorKind } from '../../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, type StreamRollupDef } from '../../domain/model.js';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles, type Cycle } from '../../rollup/cycle.js';
import { compDef, streamDef, type SuiteContext } from './fixtures.js';

const UID = /^[0-9a-f-]{36}$/;
const withoutUid = <T extends { uid: string }>(x: T): Omit<T, 'uid'> => {
  const { uid: _uid, ...rest } = x;
  return rest;
};
const cycle = (id: string, over: Partial<Cycle> = {}): Cycle => ({ id, name: id, sizeType: 'MINUTE', count: 10, reference: '2000-01-01T00:00:00', ...over });
const rollup = (over: Partial<StreamRollupDef>): StreamRollupDef => ({ ...DEFAULT_STREAM_ROLLUP, ...over });

/** Asserts a DomainError of `kind` whose message matches. */
const fails = (kind: ErrorKind, message: RegExp) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.kind, kind, e.message);
  assert.match(e.message, message);
  return true;
};

export function cycleCalendarCases(ctx: SuiteContext): void {
  describe('cycles, calendars, delete profiles', () => {
    it('a new org starts with the default cycles and calendars, with uids of its own', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const cycles = await ctx.store().cycles.list(a.key);
      assert.deepEqual(cycles.map(withoutUid), defaultCycles());
      assert.ok(cycles.every((c) => UID.test(c.uid)));
      const cals = await ctx.store().calendars.list(a.key);
      assert.deepEqual(cals.map(withoutUid), defaultCalendars());
      const bUids = new Set([...(await ctx.store().cycles.list(b.key)), ...(await ctx.store().calendars.list(b.key))].map((x) => x.uid));
      assert.ok([...cycles, ...cals].every((x) => !bUids.has(x.uid)), 'uids are never shared between orgs');
      assert.deepEqual(await ctx.store().deleteProfiles.list(a.key), []);
      // the first org (created before any case) has them too
      assert.equal((await ctx.store().cycles.list(ctx.firstOrg().key)).length, defaultCycles().length);
    });

    it('cycles: put inserts and replaces by id keeping the uid; get by id or uid, only in the org', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const made = await ctx.store().cycles.put(a.key, cycle('tenmin', { timezone: 'Europe/Paris' }));
      assert.match(made.uid, UID);
      assert.deepEqual(withoutUid(made), cycle('tenmin', { timezone: 'Europe/Paris' }));
      assert.deepEqual(await ctx.store().cycles.get(a.key, 'tenmin'), made);
      assert.deepEqual(await ctx.store().cycles.get(a.key, made.uid), made);
      assert.equal(await ctx.store().cycles.get(b.key, made.uid), undefined, "another org's uid is unknown");
      assert.equal(await ctx.store().cycles.get(b.key, 'tenmin'), undefined);
      // unused: every field may change; the zone can be cleared again
      const again = await ctx.store().cycles.put(a.key, cycle('tenmin', { name: '10 minutes', count: 20, reference: '2000-01-01T00:05:00' }));
      assert.equal(again.uid, made.uid);
      assert.deepEqual(withoutUid(again), cycle('tenmin', { name: '10 minutes', count: 20, reference: '2000-01-01T00:05:00' }));
      assert.ok(!('timezone' in again), 'no zone: the component\'s');
      assert.deepEqual((await ctx.store().cycles.list(a.key)).at(-1), again, 'listed after the defaults');
      assert.equal((await ctx.store().cycles.list(b.key)).length, defaultCycles().length);
      await assert.rejects(ctx.store().cycles.put(a.key, cycle('bad', { count: 0 })), fails('bad_request', /count/));
      await assert.rejects(ctx.store().cycles.put(a.key, cycle('bad', { reference: '2001-02-29T00:00:00' })), fails('bad_request', /reference/));
      await assert.rejects(ctx.store().cycles.put(a.key, cycle('bad', { timezone: 'Mars/Olympus' })), fails('bad_request', /time zone/));
      assert.equal(await ctx.store().cycles.get(a.key, 'bad'), undefined);
    });

    it('cycles used by a calendar or as a base cycle keep their interval and cannot be deleted; renaming is fine', async () => {
      const o = await ctx.org();
      const hour = (await ctx.store().cycles.get(o.key, 'hour'))!;
      await assert.rejects(ctx.store().cycles.put(o.key, { ...hour, count: 2 }), fails('conflict', /cycle 'hour'.*'default', 'weekly'/));
      await assert.rejects(ctx.store().cycles.put(o.key, { ...hour, timezone: 'UTC' }), fails('conflict', /interval/));
      await assert.rejects(ctx.store().cycles.delete(o.key, hour.uid), fails('conflict', /delete cycle 'hour'.*'default', 'weekly'/));
      const renamed = await ctx.store().cycles.put(o.key, { ...hour, name: 'Hours' });
      assert.deepEqual(renamed, { ...hour, name: 'Hours' });

      await ctx.store().cycles.put(o.key, cycle('q', { sizeType: 'MINUTE', count: 15 }));
      await ctx.store().components.create(o.key, compDef('meter'), [streamDef('kwh', { streamType: 'intvl_stream', rollup: rollup({ baseCycleId: 'q' }) })]);
      await assert.rejects(ctx.store().cycles.put(o.key, cycle('q', { count: 30 })), fails('conflict', /1 stream \(meter\/kwh\) as base cycle/));
      await assert.rejects(ctx.store().cycles.delete(o.key, 'q'), fails('conflict', /meter\/kwh/));
      // another org's stream naming a cycle 'q' does not count
      const other = await ctx.org();
      await ctx.store().cycles.put(other.key, cycle('q'));
      assert.equal(await ctx.store().cycles.delete(other.key, 'q'), true);

      await ctx.store().components.update(o.key, (await ctx.store().components.get(o.key, 'meter'))!.uid, {}, [streamDef('kwh', { streamType: 'intvl_stream' })], true);
      assert.equal((await ctx.store().cycles.put(o.key, cycle('q', { count: 30 }))).count, 30);
      assert.equal(await ctx.store().cycles.delete(o.key, 'q'), true);
      assert.equal(await ctx.store().cycles.delete(o.key, 'q'), false);
      assert.equal(await ctx.store().cycles.delete(other.key, hour.uid), false, "another org's uid is unknown");
    });

    it('calendars: put checks the cycles tile and stores them smallest first; unknown cycles are refused', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const cal = await ctx.store().calendars.put(a.key, { id: 'energy', name: 'Energy', cycleIds: ['month', 'fifteenminute', 'day'] });
      assert.match(cal.uid, UID);
      assert.deepEqual(withoutUid(cal), { id: 'energy', name: 'Energy', cycleIds: ['fifteenminute', 'day', 'month'] });
      assert.deepEqual(await ctx.store().calendars.get(a.key, cal.uid), cal);
      assert.deepEqual(await ctx.store().calendars.get(a.key, 'energy'), cal);
      assert.equal(await ctx.store().calendars.get(b.key, cal.uid), undefined);
      const replaced = await ctx.store().calendars.put(a.key, { id: 'energy', name: 'Energy 2', cycleIds: ['hour', 'day'] });
      assert.deepEqual(replaced, { uid: cal.uid, id: 'energy', name: 'Energy 2', cycleIds: ['hour', 'day'] });

      await assert.rejects(
        ctx.store().calendars.put(a.key, { id: 'bad', name: 'bad', cycleIds: ['week', 'month'] }),
        fails('bad_request', /cycle 'week' \(1 WEEK\) does not tile its parent 'month' \(1 MONTH\)/),
      );
      await ctx.store().cycles.put(a.key, cycle('m7', { count: 7 }));
      await assert.rejects(ctx.store().calendars.put(a.key, { id: 'bad', name: 'bad', cycleIds: ['m7', 'hour'] }), fails('bad_request', /not a multiple/));
      await assert.rejects(ctx.store().calendars.put(a.key, { id: 'bad', name: 'bad', cycleIds: ['hour', 'nope'] }), fails('bad_request', /unknown cycle 'nope'/));
      await assert.rejects(ctx.store().calendars.put(a.key, { id: 'bad', name: 'bad', cycleIds: [] }), fails('bad_request', /at least one cycle/));
      await ctx.store().cycles.put(b.key, cycle('bonly', { count: 5 }));
      await assert.rejects(ctx.store().calendars.put(a.key, { id: 'bad', name: 'bad', cycleIds: ['bonly'] }), fails('bad_request', /unknown cycle 'bonly'/));
      assert.equal(await ctx.store().calendars.get(a.key, 'bad'), undefined);
      assert.equal(await ctx.store().cycles.delete(a.key, 'm7'), true, 'a refused calendar pins nothing');
    });

    it("calendars: 'default' and calendars streams name cannot be deleted; others can", async () => {
      const o = await ctx.org();
      const def = (await ctx.store().calendars.get(o.key, 'default'))!;
      await assert.rejects(ctx.store().calendars.delete(o.key, def.uid), fails('conflict', /'default'/));
      await ctx.store().calendars.put(o.key, { id: 'coarse', name: 'Coarse', cycleIds: ['day', 'month', 'year'] });
      const c = await ctx.store().components.create(o.key, compDef('m'), [streamDef('s', { rollup: rollup({ calendarId: 'coarse' }) }), streamDef('t', { rollup: rollup({ calendarId: 'coarse' }) })]);
      await assert.rejects(ctx.store().calendars.delete(o.key, 'coarse'), fails('conflict', /2 streams \(m\/s, m\/t\)/));
      // with its streams gone it can be deleted
      await ctx.store().components.delete(o.key, c.uid);
      assert.equal(await ctx.store().calendars.delete(o.key, 'coarse'), true);
      assert.equal(await ctx.store().calendars.delete(o.key, 'coarse'), false);
      assert.deepEqual((await ctx.store().calendars.list(o.key)).map((x) => x.id), ['default', 'weekly']);
      assert.equal(await ctx.store().calendars.delete(o.key, 'weekly'), true);
      assert.equal(await ctx.store().cycles.delete(o.key, 'week'), true, "no calendar lists 'week' any more");
    });

    it('delete profiles: put validates and replaces by id, get by id or uid, delete refused while a stream names it', async () => {
      const a = await ctx.org();
      const b = await ctx.org();
      const p = await ctx.store().deleteProfiles.put(a.key, { id: 'year', name: 'Keep a year', unit: 'YEAR', count: 1 });
      assert.match(p.uid, UID);
      assert.deepEqual(withoutUid(p), { id: 'year', name: 'Keep a year', unit: 'YEAR', count: 1 });
      assert.deepEqual(await ctx.store().deleteProfiles.get(a.key, p.uid), p);
      assert.deepEqual(await ctx.store().deleteProfiles.get(a.key, 'year'), p);
      assert.equal(await ctx.store().deleteProfiles.get(b.key, p.uid), undefined);
      const again = await ctx.store().deleteProfiles.put(a.key, { id: 'year', name: '13 months', unit: 'MONTH', count: 13 });
      assert.deepEqual(again, { uid: p.uid, id: 'year', name: '13 months', unit: 'MONTH', count: 13 });
      assert.deepEqual(await ctx.store().deleteProfiles.list(a.key), [again]);
      assert.deepEqual(await ctx.store().deleteProfiles.list(b.key), []);
      await assert.rejects(ctx.store().deleteProfiles.put(a.key, { id: 'x', name: 'x', unit: 'DAY', count: 0 }), fails('bad_request', /whole number/));
      await assert.rejects(ctx.store().deleteProfiles.put(a.key, { id: 'x', name: 'x', unit: 'SECOND' as 'DAY', count: 1 }), fails('bad_request', /range type/));

      const c = await ctx.store().components.create(a.key, compDef('c'), [streamDef('s', { rollup: rollup({ deleteProfileId: 'year' }) })]);
      await assert.rejects(ctx.store().deleteProfiles.delete(a.key, p.uid), fails('conflict', /delete profile 'year'.*1 stream \(c\/s\)/));
      assert.equal(await ctx.store().deleteProfiles.delete(b.key, p.uid), false, "another org's uid is unknown");
      await ctx.store().components.delete(a.key, c.uid);
      assert.equal(await ctx.store().deleteProfiles.delete(a.key, 'year'), true);
      assert.equal(await ctx.store().deleteProfiles.delete(a.key, 'year'), false);
    });

    it("what a component template's streams name cannot be deleted: cycles, calendars, delete profiles", async () => {
      const o = await ctx.org();
      const s = ctx.store();
      await s.cycles.put(o.key, cycle('tonly', { sizeType: 'SECOND', count: 30 }));
      await s.calendars.put(o.key, { id: 'tcal', name: 'tcal', cycleIds: ['hour', 'day'] });
      await s.deleteProfiles.put(o.key, { id: 'tdp', name: 'tdp', unit: 'DAY', count: 3 });
      const kw = streamDef('kw', { streamType: 'intvl_stream', rollup: rollup({ baseCycleId: 'tonly', deleteProfileId: 'tdp' }) });
      await s.templates.put(o.key, { id: 't6', name: 't6', description: '', streams: [streamDef('plain'), kw] });
      await s.templates.put(o.key, { id: 't7', name: 't7', description: '', streams: [streamDef('v', { rollup: rollup({ calendarId: 'tcal', deleteProfileId: 'tdp' }) })] });
      // another org's template naming the same ids does not count
      const other = await ctx.org();
      await s.templates.put(other.key, { id: 'x', name: 'x', description: '', streams: [kw] });

      await assert.rejects(s.cycles.delete(o.key, 'tonly'), fails('conflict', /^cannot delete cycle 'tonly': in use by component template 't6'; change them first$/));
      await assert.rejects(s.calendars.delete(o.key, 'tcal'), fails('conflict', /^cannot delete rollup calendar 'tcal': in use by component template 't7'; give them/));
      await assert.rejects(s.deleteProfiles.delete(o.key, 'tdp'), fails('conflict', /^cannot delete delete profile 'tdp': in use by component templates 't6', 't7'; give them/));
      // with a stream as well, both are named
      await s.components.create(o.key, compDef('m'), [streamDef('s', { rollup: rollup({ deleteProfileId: 'tdp' }) })]);
      await assert.rejects(s.deleteProfiles.delete(o.key, 'tdp'), fails('conflict', /component templates 't6', 't7' and 1 stream \(m\/s\)/));
      assert.ok(await s.cycles.get(o.key, 'tonly') && (await s.calendars.get(o.key, 'tcal')) && (await s.deleteProfiles.get(o.key, 'tdp')), 'nothing was deleted');

      // a template holds no samples or rollups aligned to a cycle: its interval may still change
      assert.equal((await s.cycles.put(o.key, cycle('tonly', { sizeType: 'SECOND', count: 15 }))).count, 15);

      // once the templates name them no more (changed or deleted), they can go
      await s.templates.put(o.key, { id: 't6', name: 't6', description: '', streams: [streamDef('plain')] });
      assert.equal(await s.cycles.delete(o.key, 'tonly'), true);
      assert.equal(await s.templates.delete(o.key, 't7'), true);
      assert.equal(await s.calendars.delete(o.key, 'tcal'), true);
      await s.components.delete(o.key, (await s.components.get(o.key, 'm'))!.uid);
      assert.equal(await s.deleteProfiles.delete(o.key, 'tdp'), true);
    });

    it('migrate() keeps what users changed: it only seeds orgs that never had cycles', async () => {
      const o = await ctx.org();
      await ctx.store().cycles.put(o.key, cycle('mine'));
      assert.equal(await ctx.store().cycles.delete(o.key, 'mine'), true);
      await ctx.store().cycles.put(o.key, { ...(await ctx.store().cycles.get(o.key, 'day'))!, name: 'Days' });
      await ctx.store().calendars.delete(o.key, 'weekly');
      const before = { cycles: await ctx.store().cycles.list(o.key), calendars: await ctx.store().calendars.list(o.key) };
      await ctx.store().migrate();
      assert.deepEqual({ cycles: await ctx.store().cycles.list(o.key), calendars: await ctx.store().calendars.list(o.key) }, before);
    });
  });
}

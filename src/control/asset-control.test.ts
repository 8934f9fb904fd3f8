/**
 * AssetControl against a real SQLite store and the real write path, with a manual clock: the
 * control stream follows snooze/boost, expiry reverts it (runDue), a change made meanwhile is
 * never undone by an old end, ends that passed while "down" are caught up on start, overrides
 * still in force are reapplied on start, and the timer itself fires in real time.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CONTROL_STREAM_ID } from '../domain/gridduck-model.js';
import type { Org } from '../domain/model.js';
import { Ingest } from '../ingest/ingest.js';
import { manualClock, systemClock, type Clock } from '../lib/clock.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { AssetControl, controlValue } from './asset-control.js';

const T0 = Date.UTC(2026, 3, 1, 8, 0, 0);
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function setup(file = ':memory:', clock: Clock & Partial<ReturnType<typeof manualClock>> = manualClock(T0)) {
  const store = createSqliteStore({ file, now: () => clock.now() });
  const ingest = new Ingest(store, clock);
  const control = new AssetControl(store, ingest, clock);
  return { store, ingest, control, clock };
}

async function plug(store: Store, ingest: Ingest, org: Org, id: string, t: number) {
  await ingest.write(org, [{ compId: id, stream: { id: 'consumption' }, samples: [{ time: t, value: 30 }] }], {}, { component: () => true, stream: () => true });
  const c = (await store.components.get(org.key, id))!;
  await store.assets.setMeta(org.key, c.uid, { controllable: true });
  return c;
}

const desired = async (store: Store, org: Org, id: string) => {
  const s = (await store.components.get(org.key, id))?.streams.find((x) => x.id === CONTROL_STREAM_ID);
  return s && { value: s.lastValue, time: s.lastTime, type: s.valueType };
};

describe('AssetControl', () => {
  it('writes the control stream as a BOOLEAN when an override starts and when it ends', async () => {
    const { store, ingest, control, clock } = await setup();
    const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
    const c = await plug(store, ingest, org, 'p', T0);
    assert.equal(await desired(store, org, 'p'), undefined, 'nothing written before anything changes');
    await control.update(org.key, c.uid, {}, { snooze: 10 });
    assert.deepEqual(await desired(store, org, 'p'), { value: false, time: T0, type: 'BOOLEAN' });
    clock.advance!(9_999);
    assert.equal(await control.runDue(), T0 + 10_000, 'not due yet: the next end');
    assert.equal((await desired(store, org, 'p'))?.value, false);
    clock.advance!(1);
    assert.equal(await control.runDue(), undefined);
    assert.deepEqual(await desired(store, org, 'p'), { value: true, time: T0 + 10_000, type: 'BOOLEAN' });
    assert.deepEqual(await store.assets.pendingOverrides(), []);
    await store.close();
  });

  it('an old end never undoes a newer override', async () => {
    const { store, ingest, control, clock } = await setup();
    const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
    const c = await plug(store, ingest, org, 'p', T0);
    await control.update(org.key, c.uid, {}, { snooze: 10 });
    clock.advance!(10_000);
    await control.update(org.key, c.uid, {}, { snooze: 30 }); // renewed right at the old end
    await control.runDue();
    assert.equal((await desired(store, org, 'p'))?.value, false, 'still snoozed');
    assert.equal((await store.assets.get(org.key, c.uid))?.meta.snoozeUntil, T0 + 40_000);
    await store.close();
  });

  it('writes only when the desired state changes, in the stream’s own type', async () => {
    const { store, ingest, control, clock } = await setup();
    const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
    // the device made the stream itself, as 0/1
    await ingest.write(org, [{ compId: 'q', stream: { id: CONTROL_STREAM_ID }, samples: [{ time: T0, value: 1 }] }], {}, { component: () => true, stream: () => true });
    const c = (await store.components.get(org.key, 'q'))!;
    await store.assets.setMeta(org.key, c.uid, { controllable: true });
    clock.advance!(1000);
    await control.update(org.key, c.uid, {}, { boost: 60 });
    assert.deepEqual(await desired(store, org, 'q'), { value: 1, time: T0, type: 'LONG' }, 'already ON: nothing written');
    await control.update(org.key, c.uid, {}, { snooze: 60 });
    assert.deepEqual(await desired(store, org, 'q'), { value: 0, time: T0 + 1000, type: 'LONG' });
    assert.deepEqual([controlValue(true, 'STRING'), controlValue(false, 'DOUBLE'), controlValue(true, 'BOOLEAN')], ['ON', 0, true]);
    await store.close();
  });

  it('across a restart: ends passed while down are caught up, overrides in force are reapplied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgrove-control-'));
    dirs.push(dir);
    const file = path.join(dir, 'db');
    const clock = manualClock(T0);
    const first = await setup(file, clock);
    const org = await first.store.orgs.create({ name: 'o', timezone: 'UTC' });
    const a = await plug(first.store, first.ingest, org, 'a', T0);
    const b = await plug(first.store, first.ingest, org, 'b', T0);
    await first.control.update(org.key, a.uid, {}, { snooze: 5 });
    // b: stored as snoozed, but the process "died" before its control write
    await first.store.assets.setMeta(org.key, b.uid, { snoozeUntil: T0 + 60_000 });
    await first.store.close();

    clock.advance(20_000);
    const second = await setup(file, clock);
    await second.control.start();
    try {
      assert.equal((await desired(second.store, org, 'a'))?.value, true, 'a: its snooze ended while down');
      assert.equal((await desired(second.store, org, 'b'))?.value, false, 'b: still snoozed, now told');
      assert.deepEqual((await second.store.assets.pendingOverrides()).map((p) => p.uid), [b.uid]);
    } finally {
      await second.control.stop();
      await second.store.close();
    }
  });

  it('the timer ends an override in real time', async () => {
    const { store, ingest, control } = await setup(':memory:', systemClock);
    const org = await store.orgs.create({ name: 'o', timezone: 'UTC' });
    const c = await plug(store, ingest, org, 'p', Date.now());
    await control.start();
    try {
      await control.update(org.key, c.uid, {}, { boost: 1 });
      await store.assets.setMeta(org.key, c.uid, { userState: 'ALWAYS_OFF' });
      assert.equal((await desired(store, org, 'p'))?.value, true);
      const deadline = Date.now() + 5000;
      while ((await desired(store, org, 'p'))?.value !== false && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal((await desired(store, org, 'p'))?.value, false, 'back to ALWAYS_OFF after the boost');
    } finally {
      await control.stop();
      await store.close();
    }
  });
});

/**
 * The retention job against a real (in-memory SQLite) store with a manual clock: one run
 * removes what is older than each stream's delete profile and nothing else.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DomainError } from '../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, type StreamDef } from '../domain/model.js';
import { VocabularyCache } from '../ingest/vocabulary-cache.js';
import { manualClock } from '../lib/clock.js';
import { defaultCycles } from '../rollup/cycle.js';
import { streamRollupPlan } from '../rollup/stream-plan.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { FeedPlan } from '../storage/store.js';
import { RetentionJob, type JobLog } from './retention-job.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const NOW = Date.UTC(2024, 5, 15, 12);

const def = (id: string, deleteProfileId: string | null): StreamDef => ({
  id, name: id, description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false,
  ...(deleteProfileId === null ? {} : { rollup: { ...DEFAULT_STREAM_ROLLUP, deleteProfileId } }),
});

describe('RetentionJob', () => {
  const clock = manualClock(NOW);
  const store = createSqliteStore({ file: ':memory:', now: () => clock.now() });
  after(() => store.close());
  const vocab = new VocabularyCache(store, clock);
  const vocabulary = (orgKey: number) => vocab.get(orgKey);

  async function setUp() {
    const org = await store.orgs.create({ name: 'R', timezone: 'UTC' });
    await store.deleteProfiles.put(org.key, { id: 'day', name: 'Keep a day', unit: 'DAY', count: 1 });
    const times = Array.from({ length: 72 }, (_, i) => NOW - (71 - i) * HOUR); // hourly for three days up to now
    const plan: FeedPlan = {
      orgKey: org.key,
      newComponents: [{ id: 'c', name: 'c', description: '', timezone: 'UTC', folderPath: '', templateId: '' }],
      newStreams: [{ compId: 'c', def: def('kept', 'day') }, { compId: 'c', def: def('all', null) }],
      retype: [],
      writes: [{ compId: 'c', streamId: 'kept', times, values: times.map((_, i) => i) }, { compId: 'c', streamId: 'all', times, values: times.map((_, i) => i) }],
      folders: [],
    };
    await store.samples.commitFeed(plan);
    const streams = (await store.components.get(org.key, 'c'))!.streams;
    const read = async (id: string) => store.samples.read(streams.find((s) => s.id === id)!, { limit: 1000 });
    return { org, times, read };
  }

  it('one run removes raw samples older than the profile and keeps the rest and other streams', async () => {
    const { times, read } = await setUp();
    const lines: string[] = [];
    const log: JobLog = { info: (m) => lines.push(m), error: (_o, m) => lines.push(`error: ${m}`) };
    const job = new RetentionJob(store, clock, { intervalMs: HOUR, vocabulary, log });
    const run = await job.runOnce();
    assert.deepEqual(run, { streams: 1, deleted: 47, failed: 0 });
    assert.deepEqual((await read('kept')).times, times.filter((t) => t >= NOW - 24 * HOUR).reverse());
    assert.equal((await read('all')).times.length, 72, 'a stream without a delete profile keeps everything');
    assert.match(lines.join('\n'), /removed 47 raw samples/);

    // an hour later, one more sample is old enough
    clock.advance(HOUR);
    assert.deepEqual(await job.runOnce(), { streams: 1, deleted: 1, failed: 0 });
    assert.equal((await read('kept')).times.at(-1), NOW - 23 * HOUR);
  });

  describe('with rollups maintained: minute samples 10:00 … 12:44, each 1, kept for 30 minutes', () => {
    const hour = defaultCycles().find((c) => c.id === 'hour')!;
    const at = (h: number, m: number) => Date.UTC(2024, 5, 20, h, m);

    async function minuteStream() {
      clock.set(at(12, 45));
      const org = await store.orgs.create({ name: 'M', timezone: 'UTC' });
      await store.deleteProfiles.put(org.key, { id: 'half', name: 'Keep half an hour', unit: 'MINUTE', count: 30 });
      const d = def('m', 'half');
      const plan = streamRollupPlan(d, 'UTC', await vocabulary(org.key));
      const write = (times: number[], values: number[]) => store.samples.commitFeed({
        orgKey: org.key, newComponents: [], newStreams: [], retype: [], folders: [],
        writes: [{ compId: 'c', streamId: 'm', times, values, rollup: plan }],
      });
      const times = Array.from({ length: 165 }, (_, i) => at(10, 0) + i * MINUTE);
      await store.samples.commitFeed({
        orgKey: org.key, newComponents: [{ id: 'c', name: 'c', description: '', timezone: 'UTC', folderPath: '', templateId: '' }],
        newStreams: [{ compId: 'c', def: d }], retype: [], folders: [],
        writes: [{ compId: 'c', streamId: 'm', times, values: times.map(() => 1), rollup: plan }],
      });
      const stream = (await store.components.get(org.key, 'c'))!.streams[0]!;
      const hourSums = async () => (await store.rollups.range(stream.key, hour, at(10, 0), at(13, 0))).map((r) => r.state.sum);
      return { stream, write, hourSums };
    }

    it('cuts at the start of the hour holding the cutoff, so a late write into that hour keeps what was deleted before it', async () => {
      const { stream, write, hourSums } = await minuteStream();
      await new RetentionJob(store, clock, { intervalMs: HOUR, vocabulary }).runOnce();
      // the cutoff is 12:15; the hour 12:00 … 13:00 keeps all of its raw samples
      const kept = (await store.samples.read(stream, { limit: 1000 })).times;
      assert.deepEqual([kept.length, kept.at(-1)], [45, at(12, 0)]);
      // an overwrite (same value) recomputes 12:00 … 13:00 from its raw samples
      await write([at(12, 10)], [1]);
      assert.deepEqual(await hourSums(), [60, 60, 45]);
    });

    it('refuses a write whose interval would be recomputed from raw samples a horizon inside it deleted, and changes nothing', async () => {
      const { stream, write, hourSums } = await minuteStream();
      // a horizon inside an hour, as retention cut before it kept to interval starts
      await store.samples.deleteBefore(stream.key, at(12, 15));
      await assert.rejects(write([at(12, 20)], [5]), (e: unknown) => e instanceof DomainError && e.kind === 'bad_request' && /retention deleted those before 2024-06-20T12:15/.test(e.message));
      assert.deepEqual(await hourSums(), [60, 60, 45]);
      const r = await store.samples.read(stream, { sd: at(12, 20), ed: at(12, 21), limit: 1 });
      assert.deepEqual(r.values, [1]);
      // an append into that hour needs no raw samples and is taken
      await write([at(12, 45)], [1]);
      assert.deepEqual(await hourSums(), [60, 60, 46]);
    });
  });

  it('a failing stream is logged and the run goes on', async () => {
    const errors: string[] = [];
    const failing = { ...store, samples: { ...store.samples, deleteBefore: async () => Promise.reject(new Error('disk on fire')) } };
    const job = new RetentionJob(failing, clock, { intervalMs: HOUR, vocabulary, log: { info: () => {}, error: (_o, m) => errors.push(m) } });
    const run = await job.runOnce();
    assert.ok(run.streams >= 1);
    assert.equal(run.failed, run.streams);
    assert.equal(errors.length, run.streams);
  });

  /** Waits (polling) until `cond` holds; fails after two seconds. */
  async function until(cond: () => boolean, what: string): Promise<void> {
    for (let waited = 0; !cond(); waited += 5) {
      if (waited > 2000) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('start runs at once and on schedule, stop ends the schedule; interval 0 never runs', async () => {
    let runs = 0;
    const counting = { ...store, deleteProfiles: { ...store.deleteProfiles, streams: async () => (runs++, []) } };
    // At once: one run long before the first interval ends, however often start is called.
    const slow = new RetentionJob(counting, clock, { intervalMs: 10_000, vocabulary });
    slow.start();
    slow.start(); // a second start neither runs again nor adds a second schedule
    await until(() => runs >= 1, 'the first run');
    await pause(50);
    assert.equal(runs, 1, 'one run at start');
    await slow.stop();
    runs = 0;
    // On schedule:
    const job = new RetentionJob(counting, clock, { intervalMs: 10, vocabulary });
    job.start();
    await until(() => runs >= 3, 'runs on schedule');
    await job.stop();
    const atStop = runs;
    await pause(60); // several intervals
    assert.equal(runs, atStop, 'no run after stop');

    let offRuns = 0;
    const off = new RetentionJob({ ...store, deleteProfiles: { ...store.deleteProfiles, streams: async () => (offRuns++, []) } }, clock, { intervalMs: 0, vocabulary });
    off.start();
    await pause(30);
    assert.equal(offRuns, 0);
    await off.stop();
  });

  it('stop waits for the run in progress and no run follows it', async () => {
    let runs = 0;
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const blocking = { ...store, deleteProfiles: { ...store.deleteProfiles, streams: async () => { runs++; await blocked; return []; } } };
    const job = new RetentionJob(blocking, clock, { intervalMs: 10, vocabulary });
    job.start();
    await until(() => runs === 1, 'the first run');
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await pause(30);
    assert.equal(stopped, false, 'stop() resolved while a run was in progress');
    release();
    await stopping;
    assert.equal(stopped, true);
    await pause(40);
    assert.equal(runs, 1, 'no run after stop');
  });
});

/**
 * Shared helpers of the Store contract suite (contract-suite.ts): definitions with defaults,
 * plan building, fresh reads of a stream, and a seeded random source so that a failing
 * randomized run can be replayed.
 */
import assert from 'node:assert/strict';
import type { ComponentDef, Org, Stream, StreamDef } from '../../domain/model.js';
import { defaultCalendars } from '../../rollup/calendar.js';
import { defaultCycles } from '../../rollup/cycle.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { FeedPlan, SampleQuery, Store } from '../store.js';

export interface SuiteContext {
  store(): Store;
  /** A new organisation per test, so that tests never see each other's rows. */
  org(): Promise<Org>;
  /** The organisation created first in this store. */
  firstOrg(): Org;
}

let seq = 0;
/** A name unique within the process (emails and secret hashes are unique across orgs). */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

export const streamDef = (id: string, over: Partial<StreamDef> = {}): StreamDef => ({
  id,
  name: id,
  description: '',
  valueType: 'DOUBLE',
  streamType: 'rdm_stream',
  unitId: null,
  autoTyped: false,
  ...over,
});

export const compDef = (id: string, over: Partial<ComponentDef> = {}): ComponentDef => ({
  id,
  name: id,
  description: '',
  timezone: 'UTC',
  folderPath: '',
  templateId: '',
  ...over,
});

export const plan = (orgKey: number, p: Partial<Omit<FeedPlan, 'orgKey'>>): FeedPlan => ({
  orgKey,
  newComponents: [],
  newStreams: [],
  retype: [],
  writes: [],
  folders: [],
  ...p,
});

export const write = (compId: string, streamId: string, times: number[], values: SampleValue[]) => ({ compId, streamId, times, values });

/** The stream as stored now (last value included). */
export async function streamOf(store: Store, orgKey: number, compId: string, streamId: string): Promise<Stream> {
  const c = await store.components.get(orgKey, compId);
  assert.ok(c, `component '${compId}' should exist`);
  const s = c.streams.find((x) => x.id === streamId);
  assert.ok(s, `stream '${compId}/${streamId}' should exist`);
  return s;
}

/** Reads a stream afresh (point streams answer from the stream row). */
export async function readStream(store: Store, orgKey: number, compId: string, streamId: string, q: Partial<SampleQuery> = {}) {
  return store.samples.read(await streamOf(store, orgKey, compId, streamId), { limit: 1_000_000, ...q });
}

/** Creates a component with one stream through the feed path and writes samples to it. */
export async function seedStream(store: Store, orgKey: number, compId: string, def: StreamDef, times: number[], values: SampleValue[]) {
  await store.samples.commitFeed(
    plan(orgKey, { newComponents: [compDef(compId)], newStreams: [{ compId, def }], writes: times.length ? [write(compId, def.id, times, values)] : [] }),
  );
}

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/**
 * `items` in windows of `size`, each window in an order shuffled with `rand` — the order in which
 * that many concurrent feed requests may commit consecutive batches.
 */
export function shuffledWindows<T>(items: readonly T[], size: number, rand: () => number): T[][] {
  const out: T[][] = [];
  for (let w = 0; w < items.length; w += size) {
    const window = items.slice(w, w + size);
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [window[i], window[j]] = [window[j]!, window[i]!];
    }
    out.push(window);
  }
  return out;
}

/** The default cycles by id, and the vocabulary of the default cycles and calendars, as a new org has them. */
export const CYCLE = Object.fromEntries(defaultCycles().map((c) => [c.id, c]));
export const VOCAB = { cycles: defaultCycles(), calendars: defaultCalendars() };

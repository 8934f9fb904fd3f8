/**
 * The one write path (architecture: edge → ingest.write → store). It resolves components and
 * streams (creating what is missing when the caller may), coerces every raw value into its
 * stream's type, and hands the store one FeedPlan that is committed whole or not at all.
 * Any bad sample rejects the whole request before anything is written.
 */
import { EventEmitter } from 'node:events';
import { badRequest, forbidden } from '../domain/errors.js';
import { rollupDefOf, type Component, type ComponentDef, type ComponentTemplate, type Org, type Stream, type StreamDef, type StreamRollupDef } from '../domain/model.js';
import { RESERVED_ID, reservedIdMessage } from '../domain/reserved-id.js';
import { isValidTime } from '../domain/time.js';
import { coerceValue, inferValueType, isNoValue, needsDoubleFor, type Value } from '../domain/values.js';
import type { Clock } from '../lib/clock.js';
import { sortSamples } from '../storage/chunks/chunk-merge.js';
import type { SampleValue } from '../storage/chunks/sample-codec.js';
import { StaleFeedPlan, type FeedPlan, type Store } from '../storage/store.js';
import { intervalAt, type Cycle } from '../rollup/cycle.js';
import type { IntervalStreamEnd } from '../rollup/interval-stream.js';
import { streamsFitError } from '../rollup/base-cycle-fit.js';
import { streamDefProblem, type StreamDefVocabulary } from '../rollup/stream-def-problem.js';
import { calendarChain, streamRollupPlan, type StreamRollupPlan } from '../rollup/stream-plan.js';
import { loadRollupDefinitions } from '../storage/rollup-definitions.js';
import { ComponentCache } from './component-cache.js';
import { writtenIntervalsError } from './interval-fit.js';
import { fillsFromStreamEnd, intervalWrites } from './interval-writes.js';
import { VocabularyCache } from './vocabulary-cache.js';
import type { CreateOptions, CreatePermit, FeedItem, FeedResult, MissingItem } from './feed-input.js';

/** Emitted after a commit, for live subscribers and metrics. */
export interface SamplesWritten {
  orgKey: number;
  streams: { compId: string; streamId: string; times: number[]; values: SampleValue[] }[];
}

const MAX_ATTEMPTS = 3;

/** The raw samples a plan collects for one stream before coercing them. */
interface RawWrite {
  compId: string;
  streamId: string;
  times: number[];
  raw: unknown[];
}

/** A component as a plan sees it: the streams it has or will have after the plan. */
interface PlannedComponent {
  /** in position order */
  streams: StreamDef[];
  /** the same by id (the first of an id, as streams.find would give) */
  byId: Map<string, StreamDef>;
  /** this plan's writes to its streams, by stream id */
  writes: Map<string, RawWrite>;
  isNew: boolean;
  retyped: Set<string>;
  /** the component's time zone (calendar cycles of its streams follow it) */
  zone: string;
}

export function folderPathOk(p: string): boolean {
  return p === '/Components' || p.startsWith('/Components/');
}

export class Ingest {
  readonly events = new EventEmitter<{ samplesWritten: [SamplesWritten] }>();
  readonly cache: ComponentCache;

  readonly vocabulary: VocabularyCache;

  constructor(private readonly store: Store, private readonly clock: Clock, opts: { materializeRollups?: boolean } = {}) {
    this.cache = new ComponentCache(store, clock);
    this.vocabulary = new VocabularyCache(store, clock, opts.materializeRollups ?? true);
  }

  /** Writes a feed for one organisation; throws DomainError for bad input or missing rights. */
  async write(org: Org, items: FeedItem[], create: CreateOptions, permit: CreatePermit): Promise<FeedResult> {
    for (let attempt = 1; ; attempt++) {
      const { plan, missing } = await this.plan(org, items, create, permit);
      try {
        const r = await this.store.samples.commitFeed(plan);
        if (plan.newComponents.length || plan.newStreams.length || plan.retype.length) {
          for (const id of new Set([...plan.newComponents.map((c) => c.id), ...plan.newStreams.map((s) => s.compId), ...plan.retype.map((s) => s.compId)])) {
            this.cache.forget(org.key, id);
          }
        }
        if (r.samples > 0) this.events.emit('samplesWritten', { orgKey: org.key, streams: plan.writes });
        return { samples: r.samples, replaced: r.replaced, missing };
      } catch (e) {
        if (!(e instanceof StaleFeedPlan) || attempt >= MAX_ATTEMPTS) throw e;
        for (const it of items) this.cache.forget(org.key, it.compId); // another writer got there first: read again
      }
    }
  }

  private async plan(org: Org, items: FeedItem[], create: CreateOptions, permit: CreatePermit) {
    const plan: FeedPlan = { orgKey: org.key, newComponents: [], newStreams: [], retype: [], writes: [], folders: [] };
    const missing: MissingItem[] = [];
    const templates = new Map<string, ComponentTemplate>();
    const template = async (id: string, what: string) => {
      let t = templates.get(id);
      if (!t) {
        t = await this.store.templates.get(org.key, id);
        if (!t) throw badRequest(`cannot ${what}: unknown component template '${id}'`);
        templates.set(id, t);
      }
      return t;
    };
    // A stream is only created from a definition it can work with (rollup/stream-def-problem.ts):
    // a template's may name what was changed or deleted since the template was saved. And a
    // template has no zone: its interval streams meet one when a component is made from it
    // (rollup/base-cycle-fit.ts). The org's definitions are read from the store — the
    // vocabulary cache has no calendars under GG_ROLLUPS=off — once per plan, and only for
    // definitions that name something (auto-created streams name nothing).
    let refs: Promise<StreamDefVocabulary> | undefined;
    const definitions = () => (refs ??= loadRollupDefinitions(this.store, org.key));
    const problemOf = async (def: StreamDef) => {
      if (def.rollup === undefined && def.streamType !== 'intvl_stream') return null;
      return streamDefProblem(def, await definitions());
    };
    const fitZone = async (defs: readonly StreamDef[], zone: string, what: string) => {
      if (!defs.some((d) => d.streamType === 'intvl_stream')) return;
      const misfit = streamsFitError(defs, zone, await definitions(), this.clock.now());
      if (misfit) throw badRequest(`cannot ${what}: ${misfit}`);
    };
    const comps = new Map<string, PlannedComponent>();
    // every stream written, in the order of its first item
    const writes: RawWrite[] = [];

    for (const item of items) {
      if (typeof item.compId !== 'string' || item.compId === '') throw badRequest('cannot write feed: a compId is required');
      let comp = comps.get(item.compId);
      if (!comp) {
        const existing: Component | undefined = await this.cache.get(org.key, item.compId);
        if (existing) comp = { streams: existing.streams.map((s) => ({ ...s })), byId: new Map(), writes: new Map(), isNew: false, retyped: new Set(), zone: existing.timezone };
        else {
          if (!permit.component(item.compId)) {
            throw forbidden(`cannot create component '${item.compId}': the api_key has no PUT right on 'component'`);
          }
          if (item.compId === RESERVED_ID) throw badRequest(`cannot create component: ${reservedIdMessage('compId', 'component', 'component')}`);
          const defaults = create.componentDefaults?.[item.compId] ?? {};
          const tmplId = defaults.templateId ?? create.templateId;
          const tmpl = tmplId ? await template(tmplId, `create component '${item.compId}'`) : undefined;
          const folder = defaults.folder ?? create.folder ?? '';
          if (folder && !folderPathOk(folder)) throw badRequest(`cannot create component '${item.compId}': folder '${folder}' must start with /Components`);
          const def: ComponentDef = {
            id: item.compId,
            name: defaults.name ?? create.name ?? item.compId,
            description: defaults.description ?? tmpl?.description ?? '',
            timezone: org.timezone,
            folderPath: folder,
            templateId: tmpl?.id ?? '',
          };
          plan.newComponents.push(def);
          if (folder) plan.folders.push(folder);
          missing.push({ itemType: 'component', itemId: item.compId });
          comp = { streams: [], byId: new Map(), writes: new Map(), isNew: true, retyped: new Set(), zone: def.timezone };
          for (const s of tmpl?.streams ?? []) {
            const problem = await problemOf(s);
            if (problem) throw badRequest(`cannot create component '${item.compId}': stream '${s.id}' of component template '${tmpl!.id}' ${problem}; change the template`);
            comp.streams.push({ ...s });
            plan.newStreams.push({ compId: item.compId, def: { ...s } });
          }
          if (tmpl) await fitZone(tmpl.streams, def.timezone, `create component '${item.compId}' from template '${tmpl.id}'`);
        }
        for (const s of comp.streams) if (!comp.byId.has(s.id)) comp.byId.set(s.id, s);
        comps.set(item.compId, comp);
      }

      let def: StreamDef | undefined;
      if ('position' in item.stream) {
        def = comp.streams[item.stream.position];
        if (!def) {
          throw badRequest(
            `cannot write feed: component '${item.compId}' has ${comp.streams.length} stream(s), so data parameter #${item.stream.position + 1} has no stream (name the streams instead, or use compTmplId)`,
          );
        }
      } else {
        const sid = item.stream.id;
        if (sid === '') throw badRequest(`cannot write feed: an empty stream id for component '${item.compId}'`);
        def = comp.byId.get(sid);
        if (!def) {
          const first = item.samples.find((s) => !isNoValue(s.value));
          if (!first) continue; // only empty values for a stream that does not exist: nothing to create or store
          if (!permit.stream(item.compId, sid)) {
            throw forbidden(`cannot create stream '${sid}' of component '${item.compId}': the api_key has no PUT right on 'component/${item.compId}'`);
          }
          let source = '';
          if (create.streamTemplate) {
            const t = await template(create.streamTemplate.templateId, `create stream '${sid}'`);
            const model = t.streams.find((s) => s.id === create.streamTemplate!.streamId);
            if (!model) throw badRequest(`cannot create stream '${sid}': template '${t.id}' has no stream '${create.streamTemplate.streamId}' (dsId)`);
            def = { ...model, id: sid, name: sid };
            source = ` from stream '${model.id}' of component template '${t.id}'`;
          } else {
            def = { id: sid, name: sid, description: '', valueType: inferValueType(first.value), streamType: 'rdm_stream', unitId: null, autoTyped: true };
          }
          const given = create.streamDefaults?.[`${item.compId}\u0000${sid}`];
          if (given) def = { ...def, ...given };
          const problem = await problemOf(def);
          if (problem) throw badRequest(`cannot create stream '${item.compId}/${sid}'${source}: it ${problem}`);
          await fitZone([def], comp.zone, `create stream '${sid}' of component '${item.compId}'${source}`);
          comp.streams.push(def);
          comp.byId.set(sid, def);
          plan.newStreams.push({ compId: item.compId, def });
          missing.push({ itemType: 'stream', itemId: sid, componentId: item.compId });
        }
      }
      let w = comp.writes.get(def.id);
      if (!w) {
        w = { compId: item.compId, streamId: def.id, times: [], raw: [] };
        comp.writes.set(def.id, w);
        writes.push(w);
      }
      for (const s of item.samples) {
        if (!isValidTime(s.time)) throw badRequest(`cannot write feed: '${String(s.time)}' is not a valid time in epoch milliseconds`);
        w.times.push(s.time);
        w.raw.push(s.value);
      }
    }

    const vocab = await this.vocabulary.get(org.key); // cached: how each written stream rolls up
    for (const w of writes) {
      const comp = comps.get(w.compId)!;
      const def = comp.byId.get(w.streamId)!;
      // An auto-typed whole-number stream becomes DOUBLE when a fraction arrives, instead of rejecting it.
      if (def.valueType === 'LONG' && def.autoTyped && w.raw.some(needsDoubleFor)) {
        def.valueType = 'DOUBLE';
        if (!plan.newStreams.some((n) => n.def === def)) plan.retype.push({ compId: w.compId, streamId: def.id, valueType: 'DOUBLE' });
      }
      const keepNulls = def.streamType === 'intvl_stream'; // a null is a gap there; elsewhere it is simply not saved
      const times: number[] = [];
      const values: SampleValue[] = [];
      for (let i = 0; i < w.raw.length; i++) {
        const raw = w.raw[i];
        if (isNoValue(raw) && !(def.valueType === 'STRING' && raw === '')) {
          if (keepNulls) {
            times.push(w.times[i]!);
            values.push(null);
          }
          continue;
        }
        const v = coerceValue(def.valueType, raw);
        if (typeof v === 'object') throw badRequest(`cannot write ${w.compId}/${w.streamId} (${def.valueType}): ${v.error}`);
        times.push(w.times[i]!);
        values.push(v as Value);
      }
      if (times.length === 0) continue;
      let sorted = sortSamples(times, values);
      const rollup = streamRollupPlan(def, comp.zone, vocab);
      if (rollup.base) {
        const settings = rollupDefOf(def);
        const end = await this.intervalEnd(org.key, w.compId, def, rollup.base, comp.zone, settings, sorted);
        sorted = intervalWrites(rollup.base, comp.zone, settings, end, sorted.times, sorted.values);
        const misfit = writtenIntervalsError(rollup.base, calendarChain(def, vocab), comp.zone, sorted.times);
        if (misfit) throw badRequest(`cannot write ${w.compId}/${w.streamId}: ${misfit}`);
        plan.fromStoredSamples = true;
      }
      // Below the retention horizon the raw samples are gone, so the rollups there could not be
      // recomputed exactly with a late sample in them: refuse it rather than corrupt them. The
      // stored times decide, as in the store's own check (an interval sample is stored at its
      // interval's end, so an upload at the start of the first interval kept is fine).
      const rawFrom = (def as Partial<Stream>).rawFrom;
      if (rawFrom != null && sorted.times.length > 0 && sorted.times[0]! < rawFrom) {
        throw badRequest(`cannot write ${w.compId}/${w.streamId}: ${belowHorizon(rollup, sorted.times[0]!, rawFrom)}`);
      }
      plan.writes.push({ compId: w.compId, streamId: w.streamId, times: sorted.times, values: sorted.values, rollup });
    }
    return { plan, missing };
  }

  /**
   * Where an interval stream ends now: its latest stored interval (gaps included) and, when a
   * `previous` fill of this upload needs it, its latest stored non-gap value. That value is read
   * from the samples, never from the cached definition, whose last value may be seconds old.
   */
  private async intervalEnd(
    orgKey: number, compId: string, def: StreamDef, base: Cycle, zone: string, settings: StreamRollupDef, upload: { times: number[]; values: SampleValue[] },
  ): Promise<IntervalStreamEnd> {
    if (!('key' in def)) return { last: null, lastValue: null }; // created by this plan
    const stream = def as Stream;
    let page = await this.store.samples.read(stream, { limit: 1 });
    const t = page.times[0];
    if (t === undefined) {
      // No raw samples: a new stream, or retention deleted them all. The cached definition's
      // last value and horizon may be seconds old (component-cache.ts): read the row.
      const fresh = (await this.store.components.get(orgKey, compId))?.streams.find((s) => s.key === stream.key);
      return fresh ? retainedEnd(fresh, base, zone) : { last: null, lastValue: null };
    }
    const last = intervalAt(base, t - 1, zone);
    if (!fillsFromStreamEnd(base, zone, settings, last, upload.times, upload.values)) return { last, lastValue: null };
    // the latest sample may be a gap: look further back, a page at a time
    for (let limit = 16; ; limit = Math.min(limit * 4, 4096)) {
      const i = page.values.findIndex((v) => v !== null);
      if (i >= 0) return { last, lastValue: page.values[i]! };
      const oldest = page.times[page.times.length - 1];
      if (oldest === undefined) return { last, lastValue: null };
      page = await this.store.samples.read(stream, { ed: oldest, limit });
    }
  }
}

/**
 * The end of an interval stream without raw samples: empty, unless retention deleted them all —
 * then it still ends at its last value (kept on the stream row), and fills start no earlier
 * than the raw horizon, below which nothing may be written: the stream is taken to end with the
 * interval before the one holding rawFrom − 1 (the first whose sample, at its end, is kept).
 */
function retainedEnd(stream: Stream, base: Cycle, zone: string): IntervalStreamEnd {
  if (stream.rawFrom == null || stream.lastTime === null) return { last: null, lastValue: null };
  return { last: intervalAt(base, stream.rawFrom - 2, zone), lastValue: stream.lastValue };
}

/** Why the stored time `t` cannot be written below the raw horizon, in the stream's terms. */
function belowHorizon(plan: StreamRollupPlan, t: number, rawFrom: number): string {
  const iso = (x: number) => new Date(x).toISOString();
  // An interval sample is stored at its interval's end; retention keeps the intervals ending after rawFrom − 1.
  const what = plan.base === null ? iso(t) : `the interval ${iso(intervalAt(plan.base, t - 1, plan.zone).sd)} .. ${iso(t)}`;
  const horizon = plan.base === null ? rawFrom : rawFrom - 1;
  return `${what} is older than the stream keeps raw samples (its delete profile removed everything before ${iso(horizon)})`;
}

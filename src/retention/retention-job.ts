/**
 * The retention job: every interval it applies each stream's delete profile, removing raw
 * samples older than the profile's range (store.samples.deleteBefore; rollups stay), cut where
 * no materialised interval loses part of its raw samples (rawCut). Runs once
 * at start, then `intervalMs` after each run ends, so runs never overlap however long one
 * takes. A failure on one stream is logged and the others still run: a store hiccup must not
 * stop retention for everyone, nor crash the server.
 */
import type { Clock } from '../lib/clock.js';
import { streamRollupPlan, type RollupVocabulary } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';
import { rawCut, retentionCutoff } from './retention-cutoff.js';

/** The part of a pino/Fastify logger the job uses. */
export interface JobLog {
  info(msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RetentionRun {
  /** streams with a delete profile */
  streams: number;
  /** raw samples removed */
  deleted: number;
  /** streams whose delete failed (logged) */
  failed: number;
}

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionRun> | undefined;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /**
     * `vocabulary`: an org's cycles and calendars as stored — also under GG_ROLLUPS=off, so that
     * the cut stays at interval starts for the states kept from before and a later rebuild
     */
    private readonly opts: { intervalMs: number; vocabulary: (orgKey: number) => Promise<RollupVocabulary>; log?: JobLog },
  ) {}

  /** One pass over every stream with a delete profile, at the clock's now. */
  async runOnce(): Promise<RetentionRun> {
    const now = this.clock.now();
    const run: RetentionRun = { streams: 0, deleted: 0, failed: 0 };
    const vocabularies = new Map<number, Promise<RollupVocabulary>>(); // each org's, read once per run
    for (const s of await this.store.deleteProfiles.streams()) {
      run.streams++;
      try {
        let vocab = vocabularies.get(s.orgKey);
        if (!vocab) vocabularies.set(s.orgKey, (vocab = this.opts.vocabulary(s.orgKey)));
        const plan = streamRollupPlan(s.stream, s.timezone, await vocab);
        run.deleted += await this.store.samples.deleteBefore(s.streamKey, rawCut(plan, retentionCutoff(now, s.profile, s.timezone)));
      } catch (err) {
        run.failed++;
        this.opts.log?.error({ err, streamKey: s.streamKey, profile: s.profile.id }, 'retention: deleting old samples failed');
      }
    }
    if (run.deleted > 0 || run.failed > 0) {
      this.opts.log?.info(`retention: removed ${run.deleted} raw samples from ${run.streams} streams${run.failed ? ` (${run.failed} failed)` : ''}`);
    }
    return run;
  }

  /** Starts the schedule (no-op when the interval is 0 or it runs already). */
  start(): void {
    if (this.opts.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the schedule and waits for a run in progress, so the store can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
      this.running
        .catch((err: unknown) => this.opts.log?.error({ err }, 'retention: run failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.opts.intervalMs);
        });
    }, delayMs);
    this.timer.unref(); // the job never keeps the process alive on its own
  }
}

/**
 * Telling devices what to do: the one place that changes an asset's metadata together with its
 * control stream (CONTROL_STREAM_ID, a BOOLEAN on the asset's component, true = ON), and the
 * scheduler that ends snoozes and boosts.
 *
 * The device side is GroveStreams': a plug reads `rsid=desired_state` on its feed PUT and
 * switches accordingly. So whenever the state the device should be in changes (a snooze or
 * boost starts, ends or is cancelled, user_state changes, the asset becomes controllable), the
 * new value is written to the control stream through Ingest, the one write path, at the
 * clock's now. It is written only when it differs from the stream's last value.
 *
 * Expiry: a scheduler, not compute-on-read. Reads of the GridDuck asset compute current_state
 * from the clock and need nothing; but the control stream is what devices (and GroveStreams
 * reads, rollups and, later, live and MQTT) see, so it must really change at the end. One
 * timer waits for the earliest stored end (every org's, from the store), then clears the ends
 * that have passed (compare-and-set, so a change made meanwhile is never undone; with several
 * processes on one PostgreSQL exactly one clears each end) and writes the reverted state. On
 * start it does the same for ends that passed while the server was down, and writes the state
 * of overrides still in force in case a stop came between storing one and writing its stream.
 * The timer also wakes every RESYNC_MS so overrides set by another process are picked up.
 *
 * Changes to one asset are serialised in this process, so two quick PUTs cannot write their
 * control samples in the opposite order.
 */
import { CONTROL_STREAM_ID, type Asset } from '../domain/gridduck-model.js';
import { activeOverride, applyOverride, relayState, type OverrideRequest } from '../domain/override.js';
import type { Value } from '../domain/values.js';
import type { Ingest } from '../ingest/ingest.js';
import type { Clock } from '../lib/clock.js';
import type { AssetMetaPatch, Store } from '../storage/store.js';

/** How often the scheduler looks at the store even when no end of its own is due. */
export const RESYNC_MS = 60_000;
/** setTimeout's longest wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ControlLog {
  error(obj: object, msg: string): void;
}

/** The control value in the stream's own type (a device may have created the stream as a number or text). */
export function controlValue(on: boolean, type: string | undefined): Value {
  if (type === 'LONG' || type === 'DOUBLE') return on ? 1 : 0;
  if (type === 'STRING') return on ? 'ON' : 'OFF';
  return on;
}

/** A stored control value as on/off (null when there is none). */
function storedOn(v: Value | null | undefined): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return /^(on|true|1)$/i.test(v.trim());
}

export class AssetControl {
  private timer: NodeJS.Timeout | undefined;
  /** when the timer fires (epoch ms on the clock), while one is set */
  private wakeAt: number | undefined;
  private stopped = true;
  private readonly chains = new Map<string, Promise<unknown>>();
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly ingest: Ingest,
    private readonly clock: Clock,
    private readonly log?: ControlLog,
  ) {}

  /**
   * Changes the asset `uid` of the org: metadata fields (`patch`) and/or a snooze/boost request,
   * against the asset's state as stored now, then tells the device. Undefined when no such asset.
   * Throws DomainError bad_request for a bad override or reference (nothing changes then).
   */
  async update(orgKey: number, uid: string, patch: AssetMetaPatch, override?: OverrideRequest): Promise<Asset | undefined> {
    const updated: Asset | undefined = await this.serial(`${orgKey}/${uid}`, async () => {
      const cur = await this.store.assets.get(orgKey, uid);
      if (!cur) return undefined;
      const now = this.clock.now();
      const p: AssetMetaPatch = { ...patch };
      if (override) {
        const next = applyOverride({ userState: cur.meta.userState, snoozeUntil: cur.meta.snoozeUntil, boostUntil: cur.meta.boostUntil }, override, now);
        p.snoozeUntil = next.snoozeUntil;
        p.boostUntil = next.boostUntil;
      }
      const asset = await this.store.assets.setMeta(orgKey, uid, p);
      if (asset) await this.sync(orgKey, asset, now);
      return asset;
    });
    // a new end: wake for it, unless the timer wakes earlier anyway (the next pass finds it then)
    const end = updated && activeOverride(updated.meta, this.clock.now())?.until;
    if (end !== undefined) this.arm(end);
    return updated;
  }

  /** Writes the state the device should be in to the control stream, when it is not there yet. */
  private async sync(orgKey: number, asset: Asset, now: number): Promise<void> {
    if (!asset.meta.controllable) return;
    const on = relayState(asset.meta, now) === 'ON';
    const stream = asset.component.streams.find((s) => s.id === CONTROL_STREAM_ID);
    if (storedOn(stream?.lastValue) === on) return;
    const org = await this.store.orgs.get(orgKey);
    if (!org) return;
    const compId = asset.component.id;
    await this.ingest.write(
      org,
      [{ compId, stream: { id: CONTROL_STREAM_ID }, samples: [{ time: now, value: controlValue(on, stream?.valueType) }] }],
      {
        streamDefaults: {
          [`${compId}\u0000${CONTROL_STREAM_ID}`]: {
            name: 'Desired state',
            description: 'What the device should do (true = ON), written by GridGrove for GridDuck snooze/boost; read it with rsid=desired_state',
            valueType: 'BOOLEAN',
            autoTyped: false,
          },
        },
      },
      // the server may add its control stream to an existing component, nothing else
      { component: () => false, stream: (_c, sid) => sid === CONTROL_STREAM_ID },
    );
  }

  /** Runs `fn` after every earlier change of the same asset has finished. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }

  /**
   * Ends every stored override whose end is not later than the clock's now: clears it (if still
   * the same end) and writes the reverted state. Then brings the control stream of overrides
   * still in force up to date when `reconcile` is set (start). Returns the earliest end still ahead.
   */
  async runDue(reconcile = false): Promise<number | undefined> {
    const run = this.pass.then(async () => {
      const now = this.clock.now();
      let next: number | undefined;
      for (const p of await this.store.assets.pendingOverrides()) {
        const due = p.until <= now;
        if (!due) next = next === undefined ? p.until : Math.min(next, p.until);
        if (!due && !reconcile) continue;
        try {
          await this.serial(`${p.orgKey}/${p.uid}`, async () => {
            if (due) await this.store.assets.clearOverride(p.componentKey, p.kind, p.until);
            const asset = await this.store.assets.get(p.orgKey, p.uid);
            const t = this.clock.now();
            // a due end must revert even if another process cleared it first; in force: make sure the device knows
            if (asset && (due || activeOverride(asset.meta, t))) await this.sync(p.orgKey, asset, t);
          });
        } catch (err) {
          this.log?.error({ err, asset: p.uid }, 'cannot end or apply a snooze/boost');
        }
      }
      return next;
    });
    this.pass = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Catches up on what happened while stopped and starts the scheduler. */
  async start(): Promise<void> {
    this.stopped = false;
    const next = await this.runDue(true);
    this.arm(next);
  }

  /** Stops the scheduler and waits for changes in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeAt = undefined;
    await this.pass;
    await Promise.all([...this.chains.values()]);
  }

  /**
   * Sets the timer for `next` (an end, or undefined for none), at most RESYNC_MS ahead. A timer
   * already set to wake no later is kept: waking early costs one pass that finds nothing due.
   */
  private arm(next: number | undefined): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const wait = next === undefined ? RESYNC_MS : Math.min(Math.max(0, next - now), RESYNC_MS, MAX_TIMER_MS);
    if (this.timer && this.wakeAt !== undefined && this.wakeAt <= now + wait) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = now + wait;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = undefined;
      void this.runDue()
        .then((n) => this.arm(n))
        .catch((err: unknown) => {
          this.log?.error({ err }, 'snooze/boost scheduler pass failed');
          this.arm(undefined);
        });
    }, wait);
    this.timer.unref();
  }
}

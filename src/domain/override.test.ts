/**
 * The snooze/boost state machine (override.ts) driven by a manual clock: transitions, one
 * cancelling the other, 0 cancelling, expiry back to user_state, and read-back of seconds left
 * and end stamps at every step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../lib/clock.js';
import { DomainError } from './errors.js';
import { activeOverride, applyOverride, checkOverride, finishStamp, MAX_OVERRIDE_SECONDS, relayState, secondsLeft, type OverrideState } from './override.js';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0) + 250; // not on a whole second
const idle = (userState: OverrideState['userState'] = 'ALWAYS_ON'): OverrideState => ({ userState, snoozeUntil: null, boostUntil: null });

/** [relay, snooze left, snooze stamp, boost left, boost stamp] */
const read = (s: OverrideState, now: number) => [relayState(s, now), secondsLeft(s, 'snooze', now), finishStamp(s, 'snooze', now), secondsLeft(s, 'boost', now), finishStamp(s, 'boost', now)];

describe('override state machine', () => {
  it('idle follows user_state', () => {
    assert.deepEqual(read(idle(), T0), ['ON', 0, 0, 0, 0]);
    assert.deepEqual(read(idle('ALWAYS_OFF'), T0), ['OFF', 0, 0, 0, 0]);
    assert.equal(activeOverride(idle(), T0), null);
  });

  it('snooze: OFF until now + N, counting down, then back to ALWAYS_ON', () => {
    const clock = manualClock(T0);
    const s = applyOverride(idle(), { snooze: 60 }, clock.now());
    const stamp = Math.ceil((T0 + 60_000) / 1000);
    assert.deepEqual(read(s, clock.now()), ['OFF', 60, stamp, 0, 0]);
    clock.advance(1);
    assert.deepEqual(read(s, clock.now()), ['OFF', 60, stamp, 0, 0], 'rounded up');
    clock.advance(29_999);
    assert.deepEqual(read(s, clock.now()), ['OFF', 30, stamp, 0, 0]);
    clock.advance(29_999);
    assert.deepEqual(read(s, clock.now()), ['OFF', 1, stamp, 0, 0]);
    clock.advance(1);
    assert.deepEqual(read(s, clock.now()), ['ON', 0, 0, 0, 0], 'the end itself is no longer snoozed');
  });

  it('boost on an ALWAYS_OFF asset: ON, then OFF again', () => {
    const clock = manualClock(T0);
    const s = applyOverride(idle('ALWAYS_OFF'), { boost: 5 }, clock.now());
    assert.deepEqual(read(s, clock.now()), ['ON', 0, 0, 5, Math.ceil((T0 + 5000) / 1000)]);
    clock.advance(5000);
    assert.deepEqual(read(s, clock.now()), ['OFF', 0, 0, 0, 0]);
  });

  it('one cancels the other; 0 cancels only its own kind', () => {
    const clock = manualClock(T0);
    let s = applyOverride(idle(), { snooze: 600 }, clock.now());
    clock.advance(10_000);
    s = applyOverride(s, { boost: 60 }, clock.now());
    assert.equal(s.snoozeUntil, null);
    assert.deepEqual(read(s, clock.now()).slice(0, 4), ['ON', 0, 0, 60]);
    s = applyOverride(s, { snooze: 0 }, clock.now());
    assert.equal(relayState(s, clock.now()), 'ON', 'snooze 0 leaves the boost');
    s = applyOverride(s, { snooze: 30 }, clock.now());
    assert.deepEqual([s.boostUntil, relayState(s, clock.now())], [null, 'OFF']);
    s = applyOverride(s, { snooze: 0 }, clock.now());
    assert.deepEqual([s, relayState(s, clock.now())], [idle(), 'ON']);
    s = applyOverride(s, { snooze: 0, boost: 20 }, clock.now());
    assert.equal(relayState(s, clock.now()), 'ON', 'the other may be 0 in the same request');
  });

  it('a new snooze replaces the running one (end from now)', () => {
    const clock = manualClock(T0);
    let s = applyOverride(idle(), { snooze: 60 }, clock.now());
    clock.advance(50_000);
    s = applyOverride(s, { snooze: 60 }, clock.now());
    assert.equal(secondsLeft(s, 'snooze', clock.now()), 60);
  });

  it('a passed end stays stored but is not in force', () => {
    const s: OverrideState = { userState: 'ALWAYS_ON', snoozeUntil: T0 - 1, boostUntil: null };
    assert.deepEqual(read(s, T0), ['ON', 0, 0, 0, 0]);
  });

  it('both in force (only by hand): the snooze wins, OFF being the safe side', () => {
    const s: OverrideState = { userState: 'ALWAYS_ON', snoozeUntil: T0 + 1000, boostUntil: T0 + 2000 };
    assert.deepEqual(read(s, T0), ['OFF', 1, Math.ceil((T0 + 1000) / 1000), 0, 0]);
  });

  it('rejects bad durations and snooze + boost together', () => {
    const bad = (req: object) => assert.throws(() => applyOverride(idle(), req, T0), (e) => e instanceof DomainError && e.kind === 'bad_request', JSON.stringify(req));
    for (const n of [-1, 1.5, Number.NaN, Infinity, MAX_OVERRIDE_SECONDS + 1]) {
      bad({ snooze: n });
      bad({ boost: n });
    }
    bad({ snooze: '60' });
    bad({ snooze: 1, boost: 1 });
    assert.equal(relayState(applyOverride(idle(), { snooze: MAX_OVERRIDE_SECONDS }, T0), T0), 'OFF');
  });

  it('checkOverride: the same checks and messages on unchecked input, nothing thrown for good ones', () => {
    const message = (req: { snooze?: unknown; boost?: unknown }) => {
      try {
        checkOverride(req);
        return 'ok';
      } catch (e) {
        assert.ok(e instanceof DomainError && e.kind === 'bad_request');
        return e.message;
      }
    };
    for (const req of [{}, { snooze: 0 }, { boost: MAX_OVERRIDE_SECONDS }, { snooze: 0, boost: 20 }]) assert.equal(message(req), 'ok', JSON.stringify(req));
    assert.match(message({ snooze: '60' }), /^snooze_finish must be a whole number of seconds from 0 to \d+, got "60"$/);
    assert.match(message({ boost: null }), /^boost_finish must be a whole number of seconds/);
    assert.match(message({ snooze: 1, boost: 1 }), /^cannot snooze and boost at once/);
    assert.match(message({ snooze: -1, boost: 1 }), /^snooze_finish/, 'a bad value is named before the pair rule');
  });
});

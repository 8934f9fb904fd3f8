/**
 * Snooze and boost: a timed override of a controllable asset that reverts by itself
 * (gridduck-notes §3.1, like Shelly's `turn=off&timer=N`). Pure: the time is an argument.
 *
 * - snooze N (> 0): OFF until now + N s; cancels a boost.
 * - boost N (> 0): ON until now + N s; cancels a snooze.
 * - snooze 0 / boost 0: cancels that override (the other one is left alone).
 * - after the end, or with none in force: what `user_state` says (ALWAYS_ON → ON, ALWAYS_OFF → OFF).
 *
 * An override is in force only while its end is later than now, so a stored end that has
 * passed needs no clean-up for reads to be right (the scheduler clears it and tells the device).
 */
import { badRequest } from './errors.js';
import type { UserState } from './gridduck-model.js';

/** A year: a longer override is a mistake, and setTimeout cannot wait that long in one go anyway. */
export const MAX_OVERRIDE_SECONDS = 365 * 24 * 3600;

export interface OverrideState {
  userState: UserState;
  /** epoch ms, or null */
  snoozeUntil: number | null;
  boostUntil: number | null;
}

export interface OverrideRequest {
  /** seconds; 0 cancels */
  snooze?: number;
  boost?: number;
}

export type Relay = 'ON' | 'OFF';

const inForce = (until: number | null, now: number): until is number => until !== null && until > now;

/** The override in force at `now`, if any. Should both be (only a hand-edited store can do that), the snooze wins: OFF is the safe side. */
export function activeOverride(s: OverrideState, now: number): { kind: 'snooze' | 'boost'; until: number } | null {
  if (inForce(s.snoozeUntil, now)) return { kind: 'snooze', until: s.snoozeUntil };
  if (inForce(s.boostUntil, now)) return { kind: 'boost', until: s.boostUntil };
  return null;
}

/** What the relay should be at `now`. */
export function relayState(s: OverrideState, now: number): Relay {
  const o = activeOverride(s, now);
  if (o) return o.kind === 'snooze' ? 'OFF' : 'ON';
  return s.userState === 'ALWAYS_OFF' ? 'OFF' : 'ON';
}

/** Whole seconds left of the override of `kind` (rounded up, so it reads N right after "N"), 0 when not in force. */
export function secondsLeft(s: OverrideState, kind: 'snooze' | 'boost', now: number): number {
  const o = activeOverride(s, now);
  return o && o.kind === kind ? Math.ceil((o.until - now) / 1000) : 0;
}

/** Unix seconds at which the override of `kind` ends (rounded up), 0 when not in force. */
export function finishStamp(s: OverrideState, kind: 'snooze' | 'boost', now: number): number {
  const o = activeOverride(s, now);
  return o && o.kind === kind ? Math.ceil(o.until / 1000) : 0;
}

function checkSeconds(name: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_OVERRIDE_SECONDS) {
    throw badRequest(`${name} must be a whole number of seconds from 0 to ${MAX_OVERRIDE_SECONDS}, got ${JSON.stringify(n)}`);
  }
}

/**
 * Throws bad_request unless `req` is a valid snooze/boost request: each given field a whole
 * number of seconds from 0 to MAX_OVERRIDE_SECONDS, and not both a snooze and a boost (the other
 * may be 0). Takes unchecked values, so a parser can hand over what the client sent.
 */
export function checkOverride(req: { snooze?: unknown; boost?: unknown }): asserts req is OverrideRequest {
  if (req.snooze !== undefined) checkSeconds('snooze_finish', req.snooze);
  if (req.boost !== undefined) checkSeconds('boost_finish', req.boost);
  if (req.snooze && req.boost) throw badRequest('cannot snooze and boost at once: give snooze_finish or boost_finish (the other may be 0)');
}

/** The state after a snooze/boost request at `now`; throws bad_request for a bad request (checkOverride). */
export function applyOverride(s: OverrideState, req: OverrideRequest, now: number): OverrideState {
  checkOverride(req);
  const next: OverrideState = { ...s };
  if (req.snooze !== undefined) next.snoozeUntil = req.snooze > 0 ? now + req.snooze * 1000 : null;
  if (req.boost !== undefined) next.boostUntil = req.boost > 0 ? now + req.boost * 1000 : null;
  // one cancels the other
  if (req.snooze) next.boostUntil = null;
  if (req.boost) next.snoozeUntil = null;
  return next;
}

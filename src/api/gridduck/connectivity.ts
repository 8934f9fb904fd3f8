/**
 * Connectivity flags of assets and gateways, from the time a device last reported (its latest
 * sample, the control stream excluded). GridDuck publishes no thresholds; these are ours:
 * disconnected after 15 minutes of silence (a plug reports every few seconds to minutes), lost
 * after a day of silence following some contact (never contacted is disconnected, not lost).
 */
export const DISCONNECTED_AFTER_MS = 15 * 60_000;
export const LOST_AFTER_MS = 24 * 3600_000;

export const isDisconnected = (lastContact: number | null, now: number): boolean => lastContact === null || now - lastContact > DISCONNECTED_AFTER_MS;

export const isLost = (lastContact: number | null, now: number): boolean => lastContact !== null && now - lastContact > LOST_AFTER_MS;

/** Epoch ms → Unix seconds (GridDuck's `*_stamp` and `last_contacted`). */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

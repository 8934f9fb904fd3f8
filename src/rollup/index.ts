/** Public surface of the rollup core: cycles, calendars, statistics and interval-stream writes. */
export * from './cycle.js';
export * from './calendar.js';
export * from './zone-tiling.js';
export * from './sample.js';
export * from './stat-id.js';
export * from './rollup-settings.js';
export * from './statistics.js';
export * from './rollup-state.js';
export * from './finalize.js';
export * from './interval-stream.js';
export { isKnownZone } from './local-time.js';

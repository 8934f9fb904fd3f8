/**
 * What stream definitions may refer to for rolling up (storage/rollup-vocabulary.ts, which
 * ingest uses too). Routes load it once per request so that parsing and printing stay pure.
 */
export { loadRollupDefinitions, type RollupDefinitions } from '../../../storage/rollup-definitions.js';

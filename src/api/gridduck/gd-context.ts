/**
 * What every GridDuck route gets: the store, the control service (the one way to change an
 * asset's state, see control/asset-control.ts), the clock and config. Passed explicitly.
 */
import type { Config } from '../../config/config.js';
import type { AssetControl } from '../../control/asset-control.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../storage/store.js';
import type { BearerHook } from './bearer.js';

export interface GdContext {
  store: Store;
  ingest: Ingest;
  clock: Clock;
  config: Config;
  control: AssetControl;
  /** bearer.ts's verifier: the first preHandler of every route (sets request.principal) */
  auth: BearerHook;
}

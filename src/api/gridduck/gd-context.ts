/**
 * What every GridDuck route gets: the store, the control service (the one way to change an
 * asset's state, see control/asset-control.ts), the clock and config. Passed explicitly.
 * Also the options every route is registered with (gdRoute).
 */
import type { Config } from '../../config/config.js';
import type { AssetControl } from '../../control/asset-control.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../storage/store.js';
import { requireScope, type BearerHook } from './bearer.js';
import type { Scope } from './principal.js';
import { docOnly, errorSchema, TAGS } from './schemas.js';

export interface GdContext {
  store: Store;
  ingest: Ingest;
  clock: Clock;
  config: Config;
  control: AssetControl;
  /** bearer.ts's verifier: the first preHandler of every route (sets request.principal) */
  auth: BearerHook;
}

const ERRORS = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/**
 * The options of a GridDuck route: its OpenAPI description (documentation only, see schemas.ts:
 * input is checked in code after the token) with the error responses every route has, and the
 * bearer token check, then `scope` when the route needs one whatever the request says
 * (PUT /asset/{id} decides from its body, in the handler).
 */
export function gdRoute(
  ctx: GdContext,
  scope: Scope | undefined,
  summary: string,
  schema: { params?: object; querystring?: object; body?: object; response: Record<number, object> },
) {
  return {
    schema: { tags: TAGS, summary, ...schema, response: { ...schema.response, ...ERRORS } },
    validatorCompiler: docOnly,
    preHandler: scope === undefined ? [ctx.auth] : [ctx.auth, requireScope(scope)],
  };
}

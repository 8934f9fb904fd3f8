/**
 * The GridDuck dialect's resources at the root (sites, gateways, assets, telemetry; the OAuth endpoints
 * are oauth/oauth-routes.ts): every request gets a request id (X-Request-Id, and `request_id`
 * in every JSON body, bearer errors included), then the bearer token (bearer.ts sets
 * `request.principal` or answers RFC 6750's error), and errors get GridDuck's shape.
 * Also runs the snooze/boost scheduler for the app's lifetime (control/asset-control.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { AssetControl } from '../../control/asset-control.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../storage/store.js';
import { assetRoutes } from './asset-routes.js';
import { bearerAuth, insufficientScope } from './bearer.js';
import { gatewayRoutes } from './gateway-routes.js';
import type { GdContext } from './gd-context.js';
import { assignRequestId, MissingScope, sendGdError, toGdError } from './gd-reply.js';
import { siteRoutes } from './site-routes.js';
import { telemetryRoutes } from './telemetry-routes.js';
import { pathOf } from '../../lib/url-path.js';

export interface GdDeps {
  store: Store;
  ingest: Ingest;
  clock: Clock;
  config: Config;
}

export async function gridduckPlugin(app: FastifyInstance, deps: GdDeps): Promise<void> {
  const control = new AssetControl(deps.store, deps.ingest, deps.clock, app.log);
  // On each route rather than as a plugin hook, so that an unknown path is a 404, not a 401.
  const ctx: GdContext = { ...deps, control, auth: bearerAuth(deps.store, deps.clock) };
  app.addHook('onReady', () => control.start());
  app.addHook('onClose', () => control.stop());

  // the request id every body carries (bearer.ts's RFC 6750 errors take it from the request too)
  app.addHook('onRequest', async (req, reply) => assignRequestId(req, reply));

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof MissingScope) return insufficientScope(reply, err.scope, err.message);
    const e = toGdError(err);
    if (e.status >= 500) req.log.error({ err }, 'GridDuck request failed');
    return sendGdError(reply, e);
  });

  // The root is the GridDuck dialect's: an unknown path there answers in its error shape.
  app.setNotFoundHandler((req, reply) => {
    assignRequestId(req, reply);
    return sendGdError(reply, { status: 404, code: 'not_found', message: `no such resource: ${req.method} ${pathOf(req.url)}`, headers: {} });
  });

  siteRoutes(app, ctx);
  gatewayRoutes(app, ctx);
  assetRoutes(app, ctx);
  telemetryRoutes(app, ctx);
}

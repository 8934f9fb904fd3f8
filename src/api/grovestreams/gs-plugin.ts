/**
 * The GroveStreams dialect under /api: its own auth hook, error shape and 404, encapsulated
 * so the GridDuck dialect at the root keeps its own.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { GsContext } from './context.js';
import { feedRoutes } from './feed-routes.js';
import { gsError, toGsError } from './gs-reply.js';
import { advancedRoutes } from './advanced/advanced-routes.js';
import { propertyRoutes } from './property-routes.js';
import { readRoutes } from './read-routes.js';
import { statRoutes } from './stat-routes.js';
import { pathOf } from '../../lib/url-path.js';

export async function grovestreamsPlugin(app: FastifyInstance, ctx: GsContext): Promise<void> {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toGsError(err);
    if (status >= 500) req.log.error({ err }, 'GroveStreams request failed');
    return reply.code(status).type('application/json').send(JSON.stringify(body));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).type('application/json').send(JSON.stringify(gsError(404, `no such resource: ${req.method} ${pathOf(req.url)}`)));
  });
  app.addHook('preHandler', async (req) => {
    req.gs = await ctx.auth.authenticate(req);
  });

  const limit = ctx.config.feedRateLimit;
  let feedLimit: object | undefined;
  if (limit.max > 0) {
    await app.register(rateLimit, { global: false });
    feedLimit = {
      max: limit.max,
      timeWindow: limit.windowMs,
      // GroveStreams keys feed PUT limits by public address + X-Forwarded-For, which gateways set
      // to any unique text (MAC, device id): it is never parsed as an address.
      keyGenerator: (req: { ip: string; headers: Record<string, unknown> }) => `${req.ip}|${String(req.headers['x-forwarded-for'] ?? '')}`,
      errorResponseBuilder: (_req: unknown, c: { after: string }) => ({ statusCode: 429, message: `feed rate limit reached: retry in ${c.after}` }),
    };
  }
  feedRoutes(app, ctx, feedLimit);
  readRoutes(app, ctx);
  statRoutes(app, ctx);
  propertyRoutes(app, ctx);
  advancedRoutes(app, ctx);
}

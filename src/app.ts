/**
 * buildApp(deps): registers every plugin and never listens, so tests drive it with inject()
 * and main.ts decides where it listens. The server is created with CanonicalResponse so that
 * every response's header bytes are what devices expect (lib/canonical-response.ts).
 */
import http from 'node:http';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createGsAuth } from './api/grovestreams/gs-auth.js';
import { grovestreamsPlugin } from './api/grovestreams/gs-plugin.js';
import { gsError } from './api/grovestreams/gs-reply.js';
import { assignRequestId, sendGdError, toGdError } from './api/gridduck/gd-reply.js';
import type { Config } from './config/config.js';
import type { Ingest } from './ingest/ingest.js';
import { registerBodyParsers } from './lib/body-parsers.js';
import { CanonicalResponse } from './lib/canonical-response.js';
import type { Clock } from './lib/clock.js';
import { parseQuery } from './lib/query-string.js';
import { redactedUrl, withoutQuery } from './lib/url-path.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { gridduckPlugin } from './api/gridduck/gd-plugin.js';
import { createMetrics } from './ops/metrics.js';
import { opsRoutes } from './ops/ops-routes.js';
import type { Store } from './storage/store.js';

export interface AppDeps {
  config: Config;
  store: Store;
  ingest: Ingest;
  clock: Clock;
  /** pino logger options, or false for none */
  logger?: boolean | object;
}

/** What the request log shows of a request: Fastify's default fields, the URL's secrets redacted. */
function logRequest(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, ingest, clock } = deps;
  const app = Fastify({
    // Request logs keep the query but never a secret in it (lib/url-path.ts redactedUrl).
    logger: deps.logger === undefined || deps.logger === false ? false : { ...(deps.logger === true ? {} : deps.logger), serializers: { req: logRequest } },
    bodyLimit: config.bodyLimit,
    // devices send ids with odd characters; keep routing tolerant of a trailing slash
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024, querystringParser: parseQuery },
    // Errors Fastify raises before routing (an undecodable path, a bad Content-Type) get the
    // dialect's error shape: GroveStreams' under /api, GridDuck's at the root. An undecodable
    // path's message quotes the URL, whose query may hold an api_key or access_token: that part
    // is never echoed.
    frameworkErrors: (err, req, reply) => {
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      const message = withoutQuery(err.message, req.url);
      if (req.url.startsWith('/api')) return void (reply as FastifyReply).code(status).type('application/json').send(JSON.stringify(gsError(status, message)));
      assignRequestId(req, reply as FastifyReply);
      void sendGdError(reply as FastifyReply, toGdError({ statusCode: status, message }));
    },
    serverFactory: (handler) => {
      const server = http.createServer({ ServerResponse: CanonicalResponse as typeof http.ServerResponse }, handler);
      server.keepAliveTimeout = config.keepAliveTimeoutS * 1000;
      server.headersTimeout = config.keepAliveTimeoutS * 1000 + 5000;
      return server;
    },
  });
  registerBodyParsers(app);
  // On shutdown, requests still in flight are answered with `Connection: close`: a keep-alive
  // connection left open afterwards would hold app.close() for the whole keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('Connection', 'close');
    return payload;
  });
  if (config.serverTiming) {
    // W3C Server-Timing: how long the server spent on the request, for browser devtools and the bench.
    app.addHook('onSend', async (_req, reply, payload) => {
      reply.header('Server-Timing', `app;dur=${reply.elapsedTime.toFixed(3)}`);
      return payload;
    });
  }

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'GridGrove',
        version: '0.1.0',
        description: 'Self-hosted IoT and energy telemetry: the GroveStreams API under /api and the GridDuck API at the root, over one store.',
      },
      components: { securitySchemes: { api_key: { type: 'apiKey', in: 'query', name: 'api_key' } } },
      security: [{ api_key: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Browser pages (FeedGetSimple.js style) read feeds cross-origin with GET.
  await app.register(cors, { origin: true, methods: ['GET', 'PUT', 'POST', 'DELETE'], credentials: true });

  const registry = createMetrics(app, ingest);
  opsRoutes(app, store, registry);
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html').send('<!doctype html><title>GridGrove</title><h1>GridGrove</h1><p>API documentation: <a href="/docs">/docs</a></p>'),
  );

  const gsCtx = { store, ingest, clock, config, auth: createGsAuth(store, clock) };
  await app.register(async (scope) => grovestreamsPlugin(scope, gsCtx), { prefix: '/api' });
  await app.register(async (scope) => oauthRoutes(scope, { store, clock, tokenTtlS: config.tokenTtlS }));
  await app.register(async (scope) => gridduckPlugin(scope, { store, ingest, clock, config }));
  return app;
}

/**
 * Operations endpoints: /healthz (200 when the store answers, 503 otherwise) and /metrics in
 * Prometheus text format, plus GET / for devices that probe the root before uploading.
 */
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Store } from '../storage/store.js';

export function opsRoutes(app: FastifyInstance, store: Store, registry: Registry): void {
  app.get('/healthz', { schema: { tags: ['Operations'], summary: 'Liveness and store health' } }, async (_req, reply) => {
    try {
      await store.ping();
      return reply.send({ status: 'ok', store: store.kind });
    } catch (e) {
      return reply.code(503).send({ status: 'unavailable', store: store.kind, message: (e as Error).message });
    }
  });
  app.get('/metrics', { schema: { tags: ['Operations'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/**
 * Prometheus metrics: process defaults, HTTP request durations by route, samples written.
 * One registry per app instance (tests build many apps in one process).
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Ingest } from '../ingest/ingest.js';

export function createMetrics(app: FastifyInstance, ingest: Ingest): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gridgrove_' });
  const duration = new Histogram({
    name: 'gridgrove_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const samples = new Counter({ name: 'gridgrove_samples_written_total', help: 'Samples committed by the write path', registers: [registry] });
  ingest.events.on('samplesWritten', (e) => samples.inc(e.streams.reduce((n, s) => n + s.times.length, 0)));
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}

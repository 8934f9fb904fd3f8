/**
 * The request log (GG_LOG_LEVEL=info, the default) names every request's URL; a secret in its
 * query — a GroveStreams api_key, an OAuth access_token or client_secret — must never reach it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from './spawn-server.js';

describe('request log', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  it('keeps the query but redacts every secret in it, on success, failure and undecodable paths', async () => {
    const key = server.apiKey;
    const token = 'not-a-real-token-but-secret-looking-9f8e7d';
    const requests = [
      fetch(`${server.url}/api/feed?compId=logged&temp=21&api_key=${key}`, { method: 'PUT' }),
      fetch(`${server.url}/api/comp/logged/last_value?API_KEY=${key}`),
      fetch(`${server.url}/api/comp/%ZZ/feed?api_key=${key}`),
      fetch(`${server.url}/asset/?access_token=${token}`),
      fetch(`${server.url}/oauth/token?grant_type=client_credentials&client_id=x&client_secret=${token}`, { method: 'POST' }),
    ];
    for (const r of await Promise.all(requests)) await r.arrayBuffer();
    const log = server.output();
    assert.match(log, /\/api\/feed\?compId=logged&temp=21&api_key=\[redacted\]/, 'the request is logged, its other parameters kept');
    assert.ok(!log.includes(key), 'the api_key is not in the log');
    assert.ok(!log.includes(token), 'the access_token and client_secret are not in the log');
  });
});

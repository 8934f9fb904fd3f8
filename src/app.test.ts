/**
 * buildApp's answers to errors Fastify raises before routing: the dialect's error shape, and
 * never the query string of the URL (it carries api_key or access_token).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { harness, type Harness } from './api/grovestreams/advanced/harness.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(async () => h.close());

describe('an undecodable URL', () => {
  test('GroveStreams paths: a 400 in its shape that names the path but not the api_key', async () => {
    for (const path of ['/api/cycle/%ZZ', '/api/comp/%ZZ/feed']) {
      const r = await h.app.inject({ method: 'GET', url: `${path}?api_key=${h.keyA}&x=1` });
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(JSON.parse(r.body), { success: false, message: `'${path}' is not a valid url component` });
      assert.ok(!r.body.includes(h.keyA));
    }
  });

  test('GridDuck paths: a 400 in its shape with a request id, without the access_token', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/asset/%ZZ?access_token=s3cr3t-token&client_secret=also-secret' });
    assert.equal(r.statusCode, 400, r.body);
    const body = JSON.parse(r.body);
    assert.deepEqual({ ...body, request_id: undefined }, { error: 'bad_request', message: "'/asset/%ZZ' is not a valid url component", request_id: undefined });
    assert.equal(body.request_id, r.headers['x-request-id']);
    assert.ok(!/s3cr3t|also-secret/.test(r.body));
  });
});

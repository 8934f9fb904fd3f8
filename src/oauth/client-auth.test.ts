/**
 * Reading client credentials (RFC 6749 §2.3.1) from the Authorization header and the body.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClientCredentials } from './client-auth.js';
import { OAuthError, splitAuthorization } from './oauth-error.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const params = (o: Record<string, string> = {}) => new Map(Object.entries(o));
const fails = (code: string, fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof OAuthError && e.code === code);

describe('readClientCredentials', () => {
  it('Basic: base64, split at the first colon, each half form-url-decoded', () => {
    assert.deepEqual(readClientCredentials(`Basic ${b64('my%2Did:se%3Acret+x')}`, params()), { clientId: 'my-id', clientSecret: 'se:cret x', method: 'client_secret_basic' });
    assert.deepEqual(readClientCredentials(`Basic ${b64('id:a:b')}`, params()), { clientId: 'id', clientSecret: 'a:b', method: 'client_secret_basic' });
    assert.equal(readClientCredentials(`basic ${b64('id:s')}`, params()).clientId, 'id');
    assert.equal(readClientCredentials(`  Basic\t ${b64('id:s')}  `, params()).clientSecret, 's');
  });

  it('Basic with the same client_id in the body is fine; a different one or a body secret is not', () => {
    assert.equal(readClientCredentials(`Basic ${b64('id:s')}`, params({ client_id: 'id' })).method, 'client_secret_basic');
    fails('invalid_request', () => readClientCredentials(`Basic ${b64('id:s')}`, params({ client_id: 'other' })));
    fails('invalid_request', () => readClientCredentials(`Basic ${b64('id:s')}`, params({ client_secret: 's' })));
  });

  it('malformed Basic or another scheme is invalid_client (401)', () => {
    for (const h of ['Basic', 'Basic ****', `Basic ${b64('nocolon')}`, `Basic ${b64('%zz:s')}`, `Basic ${b64(':s')}`, `Basic ${b64('id:')}`, 'Bearer x', 'Negotiate']) {
      assert.throws(() => readClientCredentials(h, params()), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_client' && e.status === 401, h);
    }
  });

  it('body credentials: both needed; none at all is invalid_client', () => {
    assert.deepEqual(readClientCredentials(undefined, params({ client_id: 'id', client_secret: 's' })), { clientId: 'id', clientSecret: 's', method: 'client_secret_post' });
    assert.equal(readClientCredentials('   ', params({ client_id: 'id', client_secret: 's' })).method, 'client_secret_post');
    fails('invalid_client', () => readClientCredentials(undefined, params()));
    fails('invalid_client', () => readClientCredentials(undefined, params({ client_id: 'id' })));
    fails('invalid_request', () => readClientCredentials(undefined, params({ client_secret: 's' })));
  });
});

describe('splitAuthorization (Basic here, Bearer in bearer.ts)', () => {
  it('the scheme, then everything after the whitespace that ends it', () => {
    const cases: [string, string, string][] = [
      ['Basic YTpi', 'Basic', 'YTpi'],
      ['bearer  tok en', 'bearer', 'tok en'],
      ['Bearer\tx\ny', 'Bearer', 'x\ny'],
      ['Basic', 'Basic', ''],
      ['', '', ''],
    ];
    for (const [header, scheme, rest] of cases) assert.deepEqual(splitAuthorization(header), { scheme, rest }, JSON.stringify(header));
  });
});

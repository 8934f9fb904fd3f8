/**
 * Body parameters of the authorization-server endpoints (RFC 6749 §3.1, §3.2).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError } from './oauth-error.js';
import { bodyParams } from './request-params.js';

const invalidRequest = (e: unknown) => e instanceof OAuthError && e.code === 'invalid_request';

describe('bodyParams', () => {
  it('takes a parsed form or JSON object, or form text; empty values count as absent', () => {
    assert.deepEqual([...bodyParams({ grant_type: 'client_credentials', scope: '' })], [['grant_type', 'client_credentials']]);
    assert.deepEqual([...bodyParams('grant_type=client_credentials&scope=a+b%20c')], [['grant_type', 'client_credentials'], ['scope', 'a b c']]);
    assert.deepEqual([...bodyParams({ n: 1, b: true, nothing: null })], [['n', '1'], ['b', 'true']]);
    assert.equal(bodyParams(undefined).size, 0);
  });

  it('a repeated parameter, a nested value or a non-object body is invalid_request', () => {
    assert.throws(() => bodyParams('scope=a&scope=b'), invalidRequest);
    assert.throws(() => bodyParams({ scope: ['a', 'b'] }), invalidRequest);
    assert.throws(() => bodyParams({ scope: { a: 1 } }), invalidRequest);
    assert.throws(() => bodyParams([1, 2]), invalidRequest);
    assert.throws(() => bodyParams(42), invalidRequest);
  });

  it('a parameter named __proto__ is just a parameter', () => {
    assert.equal(bodyParams(JSON.parse('{"__proto__":"x","grant_type":"g"}')).get('grant_type'), 'g');
  });
});

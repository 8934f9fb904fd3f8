import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathOf, redactedUrl, withoutQuery } from './url-path.js';

describe('url-path', () => {
  it('pathOf drops the query string', () => {
    assert.equal(pathOf('/api/cycle/%ZZ?api_key=k&x=1'), '/api/cycle/%ZZ');
    assert.equal(pathOf('/api/cycle'), '/api/cycle');
    assert.equal(pathOf('/a?'), '/a');
  });

  it('withoutQuery removes every copy of the query from a message, whatever quotes it', () => {
    const url = '/api/cycle/%ZZ?api_key=testkey';
    assert.equal(withoutQuery(`'${url}' is not a valid url component`, url), "'/api/cycle/%ZZ' is not a valid url component");
    assert.equal(withoutQuery(`${url} and again ${url}`, url), '/api/cycle/%ZZ and again /api/cycle/%ZZ');
    assert.equal(withoutQuery('Unsupported Media Type: text/xml', url), 'Unsupported Media Type: text/xml');
    assert.equal(withoutQuery('nothing to do', '/no/query'), 'nothing to do');
  });

  it('redactedUrl hides the value of every secret-carrying parameter, whatever its case or encoding, and keeps the rest', () => {
    assert.equal(redactedUrl('/api/feed?compId=c1&api_key=abc123&temp=21'), '/api/feed?compId=c1&api_key=[redacted]&temp=21');
    assert.equal(redactedUrl('/api/feed?API_KEY=abc&Session=s'), '/api/feed?API_KEY=[redacted]&Session=[redacted]');
    assert.equal(redactedUrl('/asset/?access_token=t0k&x=1'), '/asset/?access_token=[redacted]&x=1');
    assert.equal(redactedUrl('/oauth/token?client_secret=s3&grant_type=client_credentials'), '/oauth/token?client_secret=[redacted]&grant_type=client_credentials');
    assert.equal(redactedUrl('/api/feed?api%5Fkey=abc'), '/api/feed?api%5Fkey=[redacted]');
    assert.equal(redactedUrl('/api/comp/c/feed?;api_key=abc&;x=1'), '/api/comp/c/feed?;api_key=[redacted]&;x=1', 'the ?; form devices send');
    assert.equal(redactedUrl('/api/feed?api_key=a=b'), '/api/feed?api_key=[redacted]', 'a value with = in it');
    assert.equal(redactedUrl('/api/feed?asPut&%ZZ=1&api_key'), '/api/feed?asPut&%ZZ=1&api_key', 'no value: nothing to hide; undecodable names stay');
    assert.equal(redactedUrl('/api/comp/c/feed'), '/api/comp/c/feed');
  });
});

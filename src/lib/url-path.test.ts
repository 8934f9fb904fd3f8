import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathOf, withoutQuery } from './url-path.js';

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
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiKeyRight } from '../domain/model.js';
import { allows, parseRight, splitResource, type Action } from './api-key-rights.js';

const UID = '5f1c1a9e-0d8b-5d6e-9a3c-2b7e4f0c1d2a';
const OTHER_UID = '0b8f1e77-3c1d-5a2b-8e4f-9d6c7b5a4e3f';

/** "resource ACTIONS; resource ACTIONS" → rights */
const rights = (text: string): ApiKeyRight[] =>
  text.split(';').map((r) => {
    const p = parseRight(r);
    if ('error' in p) throw new Error(p.error);
    return p;
  });

describe('allows', () => {
  const f = (keyRights: string, path: string, action: Action, want: boolean, uid?: string) =>
    it(`[${keyRights}] ${action} ${path}${uid ? ` (uid ${uid.slice(0, 4)}…)` : ''} → ${want}`, () =>
      assert.equal(allows(rights(keyRights), path.split('/'), action, uid), want));

  // * covers everything, with exactly its actions
  f('* GET PUT POST DELETE', 'component/comp1/feed', 'PUT', true);
  f('* GET PUT POST DELETE', 'component', 'DELETE', true);
  f('* GET', 'component/comp1/feed', 'GET', true);
  f('* GET', 'component/comp1/feed', 'PUT', false);
  f('*', 'component/comp1/feed', 'GET', false); // no actions = an invalid key
  // component/*/feed: every component's feed, nothing else
  f('component/*/feed GET', 'component/comp1/feed', 'GET', true);
  f('component/*/feed GET', 'component/any thing/feed', 'GET', true);
  f('component/*/feed GET', 'component/comp1/feed', 'PUT', false);
  f('component/*/feed GET PUT', 'component/comp1/feed', 'PUT', true);
  f('component/*/feed GET PUT', 'component', 'PUT', false); // auto-creating a component needs more
  f('component/*/feed GET PUT', 'component/comp1', 'PUT', false); // so does adding a stream
  f('component/*/feed GET', 'component/comp1/stream', 'GET', false);
  f('component/*/feed GET', 'unit', 'GET', false);
  // component/<id>/feed: one component only
  f('component/comp1/feed GET', 'component/comp1/feed', 'GET', true);
  f('component/comp1/feed GET', 'component/comp2/feed', 'GET', false);
  f('component/comp1/feed GET', 'component/comp10/feed', 'GET', false);
  // the uid form names the component by its uid
  f(`component/${UID}/feed GET`, 'component/comp1/feed', 'GET', true, UID);
  f(`component/${UID}/feed GET`, 'component/comp1/feed', 'GET', false, OTHER_UID);
  f(`component/${UID}/feed GET`, 'component/comp1/feed', 'GET', false);
  f(`component/${UID}/feed GET`, `component/${UID}/feed`, 'GET', true);
  // children inherit a parent's rights
  f('component GET PUT', 'component/comp1/feed', 'PUT', true);
  f('component GET PUT', 'component/comp1', 'PUT', true);
  f('component GET PUT', 'component', 'PUT', true);
  f('component/comp1 PUT', 'component/comp1/feed', 'PUT', true);
  f('component/comp1 PUT', 'component/comp2/feed', 'PUT', false);
  // the most specific covering entry wins
  f('* GET PUT; component/*/feed GET', 'component/comp1/feed', 'PUT', false);
  f('* GET PUT; component/*/feed GET', 'component/comp1/feed', 'GET', true);
  f('* GET PUT; component/*/feed GET', 'component/comp1', 'PUT', true); // not covered by the feed entry
  f('component/*/feed GET PUT; component/comp1/feed GET', 'component/comp1/feed', 'PUT', false);
  f('component/*/feed GET PUT; component/comp1/feed GET', 'component/comp2/feed', 'PUT', true);
  f(`component/*/feed PUT; component/${UID}/feed GET`, 'component/comp1/feed', 'PUT', false, UID);
  f(`component/*/feed PUT; component/${UID}/feed GET`, 'component/comp1/feed', 'PUT', true, OTHER_UID);
  // a child's rights override the parent's, narrowing as well as widening
  f('component GET; component/*/feed PUT', 'component/comp1/feed', 'GET', false);
  f('component GET; component/*/feed PUT', 'component/comp1/feed', 'PUT', true);
  f('component GET; component/*/feed PUT', 'component/comp1', 'GET', true);
  f('component GET; component/comp1/feed DELETE', 'component/comp1/feed', 'DELETE', true);
  f('component/comp1/feed GET; component/comp1/feed PUT', 'component/comp1/feed', 'PUT', true); // equally specific entries add up
  // a pattern longer than the path does not cover it
  f('component/*/feed GET', 'component', 'GET', false);
  // resource spelling: slashes around are ignored
  f('/component/*/feed/ GET', 'component/comp1/feed', 'GET', true);
  f('unit GET PUT', 'component/comp1/feed', 'GET', false);
});

describe('allows with no rights', () => {
  it('denies everything', () => assert.equal(allows([], ['component', 'c', 'feed'], 'GET'), false));
});

describe('parseRight', () => {
  const f = (text: string, want: ApiKeyRight | 'error') =>
    it(JSON.stringify(text), () => {
      const got = parseRight(text);
      if (want === 'error') assert.ok('error' in got, JSON.stringify(got));
      else assert.deepEqual(got, want);
    });

  f('component/*/feed GET PUT', { resource: 'component/*/feed', actions: ['GET', 'PUT'] });
  f('* GET, PUT, POST, DELETE', { resource: '*', actions: ['GET', 'PUT', 'POST', 'DELETE'] });
  f('  component/*/feed   get,put ', { resource: 'component/*/feed', actions: ['GET', 'PUT'] });
  f('*', { resource: '*', actions: [] });
  f('component/*/feed FETCH', 'error');
  f('', 'error');
  f('   ', 'error');
});

describe('splitResource', () => {
  const f = (resource: string, want: string[]) => it(JSON.stringify(resource), () => assert.deepEqual(splitResource(resource), want));

  f('*', ['*']);
  f('component/*/feed', ['component', '*', 'feed']);
  f('/component//feed/', ['component', 'feed']);
  f('', []);
});

/**
 * Scope parsing (spaces, commas, the site:read alias) and granting against an application's scopes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError } from './oauth-error.js';
import { grantScopes, parseScope } from './scope-request.js';

const invalidScope = (e: unknown) => e instanceof OAuthError && e.code === 'invalid_scope' && e.status === 400;

describe('parseScope', () => {
  it('splits on whitespace and commas, keeps request order, drops repeats', () => {
    assert.deepEqual(parseScope('site:view asset:view'), ['site:view', 'asset:view']);
    assert.deepEqual(parseScope(' asset:edit,site:view\tasset:edit , '), ['asset:edit', 'site:view']);
    assert.deepEqual(parseScope('site:read,site:view'), ['site:view']);
  });

  it('nothing requested is undefined; an unknown name is invalid_scope', () => {
    assert.equal(parseScope(undefined), undefined);
    assert.equal(parseScope(' , '), undefined);
    assert.throws(() => parseScope('site:view asset:delete'), invalidScope);
    assert.throws(() => parseScope('SITE:VIEW'), invalidScope, 'scopes are case-sensitive (RFC 6749 §3.3)');
  });
});

describe('grantScopes', () => {
  it("no request: all of the application's known scopes", () => {
    assert.deepEqual(grantScopes(['asset:view', 'site:view', 'asset:view'], undefined), ['asset:view', 'site:view']);
    assert.throws(() => grantScopes([], undefined), invalidScope);
  });

  it('a request within the application (implications included) is granted as requested', () => {
    assert.deepEqual(grantScopes(['asset:edit', 'site:view'], ['asset:view', 'asset:boost_snooze']), ['asset:view', 'asset:boost_snooze']);
    assert.deepEqual(grantScopes(['gateway:edit'], ['gateway:view']), ['gateway:view']);
  });

  it('anything beyond the application is invalid_scope', () => {
    assert.throws(() => grantScopes(['asset:view'], ['asset:boost_snooze']), invalidScope);
    assert.throws(() => grantScopes(['asset:boost_snooze'], ['asset:edit']), invalidScope);
    assert.throws(() => grantScopes(['site:edit'], ['asset:view']), invalidScope);
  });
});

/**
 * Scope implications (edit ⇒ boost_snooze ⇒ view for assets, edit ⇒ view elsewhere) and roles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandScopes, isRole, SCOPES } from './principal.js';

const sorted = (s: Set<string>) => [...s].sort();

describe('expandScopes', () => {
  it('asset:edit ⇒ asset:boost_snooze ⇒ asset:view', () => {
    assert.deepEqual(sorted(expandScopes(['asset:edit'])), ['asset:boost_snooze', 'asset:edit', 'asset:view']);
    assert.deepEqual(sorted(expandScopes(['asset:boost_snooze'])), ['asset:boost_snooze', 'asset:view']);
    assert.deepEqual(sorted(expandScopes(['asset:view'])), ['asset:view']);
  });

  it('X:edit ⇒ X:view for sites, gateways, data requests; nothing crosses resources', () => {
    for (const x of ['site', 'gateway', 'data_request']) assert.deepEqual(sorted(expandScopes([`${x}:edit`])), [`${x}:edit`, `${x}:view`]);
    assert.deepEqual(sorted(expandScopes(SCOPES)), [...SCOPES].sort());
  });

  it('drops names that are not scopes', () => {
    assert.deepEqual(sorted(expandScopes(['site:view', 'site:read', 'root'])), ['site:view']);
  });
});

describe('isRole', () => {
  it('knows the five roles and nothing else', () => {
    for (const r of ['view', 'boost_snooze', 'edit', 'admin', 'owner']) assert.ok(isRole(r));
    for (const r of ['none', 'user', 'Owner', '']) assert.ok(!isRole(r));
  });
});

/**
 * permissions.ts: levels, per-site roles overriding the organisation role (owner aside),
 * scope caps per resource, and effective = min(role, cap).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atLeast, canView, effectiveLevel, LEVELS, minLevel, parseLevel, roleAt, scopeCap, type Grants, type Level } from './permissions.js';
import { expandScopes } from './principal.js';

const grants = (orgRole: Level, sites: [number, Level][] = [], scopes: string[] = ['site:edit', 'asset:edit', 'gateway:edit']): Grants => ({
  orgRole,
  siteRoles: new Map(sites),
  scopes: expandScopes(scopes),
});

describe('levels', () => {
  it('order none < view < boost_snooze < edit < admin < owner', () => {
    assert.deepEqual(LEVELS, ['none', 'view', 'boost_snooze', 'edit', 'admin', 'owner']);
    assert.equal(minLevel('admin', 'view'), 'view');
    assert.equal(minLevel('none', 'owner'), 'none');
    assert.ok(atLeast('edit', 'boost_snooze'));
    assert.ok(!atLeast('boost_snooze', 'edit'));
    assert.ok(canView('view') && !canView('none'));
  });

  it('parses stored roles; anything unknown is none (fail closed)', () => {
    for (const l of LEVELS) assert.equal(parseLevel(l), l);
    for (const bad of ['', 'Admin', 'superuser', 'user', null, undefined]) assert.equal(parseLevel(bad), 'none', String(bad));
  });
});

describe('roleAt: a per-site role replaces the organisation role on that site', () => {
  it('raises, lowers and hides; objects on no site and other sites keep the org role', () => {
    const g = grants('view', [[1, 'edit'], [2, 'none']]);
    assert.equal(roleAt(g, 1), 'edit', 'raised');
    assert.equal(roleAt(g, 2), 'none', 'hidden');
    assert.equal(roleAt(g, 3), 'view', 'no per-site role');
    assert.equal(roleAt(g, null), 'view', 'no site');
    assert.equal(roleAt(grants('admin', [[1, 'view']]), 1), 'view', 'lowered');
  });

  it('an org owner owns every site', () => {
    assert.equal(roleAt(grants('owner', [[1, 'none']]), 1), 'owner');
  });

  it('an org role of none sees only the sites granted one by one', () => {
    const g = grants('none', [[1, 'boost_snooze']]);
    assert.deepEqual([roleAt(g, 1), roleAt(g, 2), roleAt(g, null)], ['boost_snooze', 'none', 'none']);
  });
});

describe('scopeCap', () => {
  it('edit lets the role through, boost_snooze (assets only) and view cap, nothing is none', () => {
    assert.equal(scopeCap('asset', expandScopes(['asset:edit'])), 'owner');
    assert.equal(scopeCap('asset', expandScopes(['asset:boost_snooze'])), 'boost_snooze');
    assert.equal(scopeCap('asset', expandScopes(['asset:view'])), 'view');
    assert.equal(scopeCap('asset', expandScopes(['site:edit', 'gateway:edit'])), 'none');
    assert.equal(scopeCap('site', expandScopes(['site:edit'])), 'owner');
    assert.equal(scopeCap('site', expandScopes(['site:view', 'asset:boost_snooze'])), 'view');
    assert.equal(scopeCap('gateway', expandScopes(['gateway:view'])), 'view');
    assert.equal(scopeCap('gateway', expandScopes([])), 'none');
  });
});

describe('effectiveLevel = min(role on the object, scope cap)', () => {
  it('every role × every asset scope', () => {
    const scopes: [string[], Level][] = [
      [[], 'none'],
      [['asset:view'], 'view'],
      [['asset:boost_snooze'], 'boost_snooze'],
      [['asset:edit'], 'owner'],
    ];
    for (const role of LEVELS) {
      for (const [s, cap] of scopes) {
        const want = LEVELS[Math.min(LEVELS.indexOf(role), LEVELS.indexOf(cap))];
        assert.equal(effectiveLevel(grants(role, [], s), 'asset', null), want, `${role} × ${s.join(',')}`);
      }
    }
  });

  it('the seed: an admin with a full-scope token reports admin', () => {
    assert.equal(effectiveLevel(grants('admin'), 'asset', 7), 'admin');
  });

  it('per-site roles apply to the objects of that site, capped by the scope of their kind', () => {
    const g = grants('view', [[1, 'admin']], ['asset:boost_snooze', 'site:view']);
    assert.equal(effectiveLevel(g, 'asset', 1), 'boost_snooze');
    assert.equal(effectiveLevel(g, 'site', 1), 'view');
    assert.equal(effectiveLevel(g, 'gateway', 1), 'none', 'no gateway scope');
    assert.equal(effectiveLevel(g, 'asset', 2), 'view');
  });
});

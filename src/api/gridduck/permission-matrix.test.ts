/**
 * The permission matrix: every role (organisation-level, and per-site roles that raise, lower
 * or hide) × every scope (one at a time, and all) × every endpoint (site / gateway / asset
 * list, get and put, snooze and boost) → the expected status, from an oracle written here from
 * the rules in docs/gridduck.md (not from permissions.ts). Then another organisation's ids: 404
 * everywhere, and never in its lists. Real bearer tokens, real app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Gateway, Site } from '../../domain/gridduck-model.js';
import type { Component, Org } from '../../domain/model.js';
import { gdHarness, type GdHarness } from './gd-harness.js';

const ROLES = ['view', 'boost_snooze', 'edit', 'admin', 'owner'] as const;
type Lvl = 'none' | (typeof ROLES)[number];
const rank = (l: Lvl) => ['none', ...ROLES].indexOf(l);
const min = (a: Lvl, b: Lvl): Lvl => (rank(a) <= rank(b) ? a : b);

const ALL = ['site:view', 'site:edit', 'asset:view', 'asset:boost_snooze', 'asset:edit', 'gateway:view', 'gateway:edit', 'data_request:view', 'data_request:edit'];
const IMPLIED: Record<string, string[]> = {
  'site:edit': ['site:view'],
  'asset:edit': ['asset:boost_snooze', 'asset:view'],
  'asset:boost_snooze': ['asset:view'],
  'gateway:edit': ['gateway:view'],
  'data_request:edit': ['data_request:view'],
};
const SCOPE_SETS: string[][] = [...ALL.map((s) => [s]), ALL];

/** A role case: the org-level role, and the per-site role on the site S every object is on (if any). */
interface RoleCase {
  name: string;
  org: (typeof ROLES)[number];
  site?: Lvl;
}
const ROLE_CASES: RoleCase[] = [
  ...ROLES.map((r) => ({ name: `org ${r}`, org: r })),
  ...ROLES.map((r) => ({ name: `org view, site ${r}`, org: 'view' as const, site: r })),
  { name: 'org admin, site none', org: 'admin', site: 'none' },
  { name: 'org admin, site view', org: 'admin', site: 'view' },
  { name: 'org edit, site boost_snooze', org: 'edit', site: 'boost_snooze' },
  { name: 'org owner, site none (an owner owns every site)', org: 'owner', site: 'none' },
];

/** The rules, stated once more for the oracle. */
function oracle(rc: RoleCase, granted: string[]) {
  const scopes = new Set(granted.flatMap((s) => [s, ...(IMPLIED[s] ?? [])]));
  const roleOnSite: Lvl = rc.org === 'owner' ? 'owner' : (rc.site ?? rc.org);
  const roleOffSite: Lvl = rc.org;
  const cap = (kind: string): Lvl =>
    scopes.has(`${kind}:edit`) ? 'owner' : kind === 'asset' && scopes.has('asset:boost_snooze') ? 'boost_snooze' : scopes.has(`${kind}:view`) ? 'view' : 'none';
  const get = (kind: string, role: Lvl) => {
    if (!scopes.has(`${kind}:view`)) return { status: 403, error: 'insufficient_scope' };
    const eff = min(role, cap(kind));
    return rank(eff) >= rank('view') ? { status: 200, permission: eff } : { status: 404 };
  };
  const list = (kind: string, role: Lvl) =>
    !scopes.has(`${kind}:view`) ? { status: 403, error: 'insufficient_scope' } : { status: 200, listed: rank(min(role, cap(kind))) >= rank('view') };
  /** PUT: the scopes the body needs (any missing → 403), then visibility (404), then the role on the object (403) */
  const put = (needs: [scope: string, role: Lvl][], kind: string, role: Lvl) => {
    if (needs.some(([scope]) => !scopes.has(scope))) return { status: 403, error: 'insufficient_scope' };
    if (rank(min(role, cap(kind))) < rank('view')) return { status: 404 };
    return needs.every(([, need]) => rank(role) >= rank(need)) ? { status: 204 } : { status: 403, error: 'forbidden' };
  };
  const edit: [string, Lvl] = ['asset:edit', 'edit'];
  const boostSnooze: [string, Lvl] = ['asset:boost_snooze', 'boost_snooze'];
  return {
    'GET /site/': list('site', roleOnSite),
    'GET /site/{S}': get('site', roleOnSite),
    'PUT /site/{S}': put([['site:edit', 'edit']], 'site', roleOnSite),
    'GET /gateway/': list('gateway', roleOnSite),
    'GET /gateway/{G}': get('gateway', roleOnSite),
    'GET /asset/': list('asset', roleOnSite),
    'GET /asset/{A}': get('asset', roleOnSite),
    'PUT /asset/{A} name': put([edit], 'asset', roleOnSite),
    'PUT /asset/{A} snooze': put([boostSnooze], 'asset', roleOnSite),
    'PUT /asset/{A} boost': put([boostSnooze], 'asset', roleOnSite),
    'PUT /asset/{A} snooze + name': put([boostSnooze, edit], 'asset', roleOnSite),
    'GET /asset/{A0} (no site)': get('asset', roleOffSite),
    'PUT /asset/{A0} snooze (no site)': put([boostSnooze], 'asset', roleOffSite),
  } as Record<string, { status: number; error?: string; permission?: Lvl; listed?: boolean }>;
}

let h: GdHarness;
let org: Org;
let S: Site;
let G: Gateway;
let A: Component;
let A0: Component;

before(async () => {
  h = await gdHarness();
  org = await h.org('Matrix');
  S = await h.site(org, 'S');
  G = await h.gateway(org, 'G', S);
  A = await h.asset(org, 'A', { siteKey: S.key, gatewayKey: G.key, controllable: true }, { consumption: 1 });
  A0 = await h.asset(org, 'A0', { controllable: true }, { consumption: 1 });
});
after(() => h?.close());

async function actual(token: string): Promise<Record<string, { status: number; permission?: string; listed?: boolean; body: string }>> {
  const out: Record<string, { status: number; permission?: string; listed?: boolean; body: string }> = {};
  const rec = async (key: string, p: Promise<{ statusCode: number; body: string; json(): any }>, id?: string, list = false) => {
    const r = await p;
    const entry: { status: number; permission?: string; listed?: boolean; body: string } = { status: r.statusCode, body: r.body };
    if (r.statusCode === 200 && list) entry.listed = (r.json().results as { id: string }[]).some((x) => x.id === id);
    if (r.statusCode === 200 && !list) entry.permission = r.json()._permission;
    out[key] = entry;
  };
  await rec('GET /site/', h.get('/site/', token), S.uid, true);
  await rec('GET /site/{S}', h.get(`/site/${S.uid}`, token));
  await rec('PUT /site/{S}', h.put(`/site/${S.uid}`, token, { name: 'S' }));
  await rec('GET /gateway/', h.get('/gateway/', token), G.uid, true);
  await rec('GET /gateway/{G}', h.get(`/gateway/${G.uid}`, token));
  await rec('GET /asset/', h.get('/asset/', token), A.uid, true);
  await rec('GET /asset/{A}', h.get(`/asset/${A.uid}`, token));
  await rec('PUT /asset/{A} name', h.put(`/asset/${A.uid}`, token, { name: 'A' }));
  await rec('PUT /asset/{A} snooze', h.put(`/asset/${A.uid}`, token, { snooze_finish: 60 }));
  await rec('PUT /asset/{A} boost', h.put(`/asset/${A.uid}`, token, { boost_finish: 60 }));
  await rec('PUT /asset/{A} snooze + name', h.put(`/asset/${A.uid}`, token, { snooze_finish: 0, name: 'A' }));
  await rec('GET /asset/{A0} (no site)', h.get(`/asset/${A0.uid}`, token));
  await rec('PUT /asset/{A0} snooze (no site)', h.put(`/asset/${A0.uid}`, token, { snooze_finish: 60 }));
  return out;
}

/** endpoint + status pairs met, to show the matrix exercises every outcome */
const seen = new Set<string>();

describe('permission matrix: role × scope × endpoint', () => {
  for (const rc of ROLE_CASES) {
    it(rc.name, async () => {
      const user = await h.user(org, rc.org, rc.site ? [[S, rc.site]] : []);
      let checked = 0;
      for (const scopes of SCOPE_SETS) {
        const got = await actual(await h.token(user, scopes));
        const want = oracle(rc, scopes);
        for (const [endpoint, w] of Object.entries(want)) {
          const g = got[endpoint]!;
          const where = `${rc.name} × [${scopes.length === ALL.length ? 'all scopes' : scopes.join(' ')}] × ${endpoint}: ${g.body}`;
          assert.equal(g.status, w.status, where);
          if (w.permission !== undefined) assert.equal(g.permission, w.permission, where);
          if (w.listed !== undefined) assert.equal(g.listed, w.listed, where);
          // which 403: the token's scope (RFC 6750 insufficient_scope) or the user's role (forbidden)
          if (w.error !== undefined) assert.equal(JSON.parse(g.body).error, w.error, where);
          checked++;
          seen.add(`${endpoint} ${g.status}`);
        }
      }
      assert.equal(checked, SCOPE_SETS.length * 13);
    });
  }

  it('met every outcome: 200/403/404 on gets, 204/403/404 on puts', () => {
    for (const e of ['GET /site/{S}', 'GET /gateway/{G}', 'GET /asset/{A}']) for (const st of [200, 403, 404]) assert.ok(seen.has(`${e} ${st}`), `${e} ${st}`);
    // on no site the organisation role decides, and every role a token can act for sees
    for (const st of [200, 403]) assert.ok(seen.has(`GET /asset/{A0} (no site) ${st}`));
    for (const st of [204, 403]) assert.ok(seen.has(`PUT /asset/{A0} snooze (no site) ${st}`));
    for (const e of ['PUT /site/{S}', 'PUT /asset/{A} name', 'PUT /asset/{A} snooze', 'PUT /asset/{A} snooze + name']) for (const st of [204, 403, 404]) assert.ok(seen.has(`${e} ${st}`), `${e} ${st}`);
  });
});

describe("another organisation's ids", () => {
  it('answer 404 on every endpoint, even to an owner with every scope, and never appear in its lists', async () => {
    const other = await h.org('Other');
    const t = await h.token(await h.user(other, 'owner'));
    for (const [method, url, body] of [
      ['GET', `/site/${S.uid}`],
      ['PUT', `/site/${S.uid}`, { name: 'x' }],
      ['GET', `/gateway/${G.uid}`],
      ['GET', `/asset/${A.uid}`],
      ['PUT', `/asset/${A.uid}`, { name: 'x' }],
      ['PUT', `/asset/${A.uid}`, { snooze_finish: 60 }],
      ['PUT', `/asset/${A0.uid}/`, { boost_finish: 60 }],
    ] as [string, string, unknown?][]) {
      const r = method === 'GET' ? await h.get(url, t) : await h.put(url, t, body);
      assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
      assert.equal(r.json().error, 'not_found');
    }
    for (const url of ['/site/', '/gateway/', '/asset/', `/asset/?site_id=${S.uid}`, `/asset/?gateway_id=${G.uid}`, `/gateway/?site_id=${S.uid}`]) {
      const r = await h.get(url, t);
      assert.equal(r.statusCode, 200, url);
      assert.deepEqual(r.json().results, [], url);
    }
    const a = (await h.store.assets.get(org.key, A.uid))!;
    assert.notEqual(a.component.name, 'x', 'nothing changed');
  });
});

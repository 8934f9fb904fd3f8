/**
 * Malformed and unauthorised input (contract §5): the right 4xx with
 * {"success":false,"message":"..."}, never a 5xx, and nothing written — each case reads the
 * data back afterwards.
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { cliJson, rawRequest, request, startServer, withKey, type HttpResult, type RunningServer } from './spawn-server.js';

let server: RunningServer;
let KEY: string;

/** 4xx `status` with the GroveStreams error body. */
function assertGsError(r: HttpResult, status: number, message?: RegExp): void {
  assert.equal(r.status, status, `${r.status} ${r.body}`);
  assert.equal(r.headers['content-type'], 'application/json');
  const body = r.json() as { success: unknown; message: unknown };
  assert.deepEqual(Object.keys(body).sort(), ['message', 'success']);
  assert.equal(body.success, false);
  assert.equal(typeof body.message, 'string');
  assert.ok((body.message as string).length > 0);
  if (message) assert.match(body.message as string, message);
}

/** Everything stored for the test components, as the API shows it. */
async function state(): Promise<string> {
  const parts: string[] = [];
  for (const comp of ['good', 'fresh', 'other']) {
    const r = await request(server, 'GET', `/api/comp/${comp}/feed?retStreamId&api_key=${KEY}`);
    parts.push(`${comp} ${r.status} ${r.body}`);
  }
  return parts.join('\n');
}

before(async () => {
  server = await startServer();
  KEY = server.apiKey;
  // good: temp DOUBLE (first value 1.5), status STRING, one sample each at t=1000
  const r = await request(server, 'PUT', `/api/feed?compId=good&time=1000&temp=1.5&status=ok&api_key=${KEY}`);
  assert.equal(r.status, 200, r.body);
  // ivl: a 15-minute interval stream with two samples
  const ivl = { component: { id: 'ivl', stream: [{ id: 'e', valueType: 'DOUBLE', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }] } };
  assert.equal((await request(server, 'PUT', withKey('/api/component', KEY), { body: ivl })).status, 200);
  assert.equal((await request(server, 'PUT', withKey('/api/feed', KEY), { body: [{ compId: 'ivl', streamId: 'e', data: [1, 2], time: [0, 900_000] }] })).status, 200);
});
after(() => server?.stop());

describe('bad input: 4xx, the error body, and nothing written', () => {
  const f = (name: string, status: number, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; key?: string | null; message?: RegExp } = {}) =>
    it(`${name} → ${status}`, async () => {
      const before = await state();
      const key = opts.key === undefined ? KEY : opts.key;
      const r = await request(server, method, key === null ? path : withKey(path, key), { body: opts.body, headers: opts.headers });
      assertGsError(r, status, opts.message);
      assert.equal(await state(), before, 'nothing may be written');
    });

  // URL feeds
  f('bad time', 400, 'PUT', '/api/feed?compId=good&time=abc&temp=2', { message: /epoch milliseconds/ });
  f('time with a fraction', 400, 'PUT', '/api/feed?compId=good&time=2000.5&temp=2');
  f('count mismatch', 400, 'PUT', '/api/feed?compId=good&time=2000,3000&temp=2,3,4', { message: /has 3 value\(s\) but time has 2/ });
  f('count mismatch in the second stream', 400, 'PUT', '/api/feed?compId=good&time=2000,3000&temp=2,3&status=a', { message: /'status' has 1 value/ });
  f('time and freq', 400, 'PUT', '/api/feed?compId=good&time=2000&freq=1000&temp=2', { message: /at most one of time, timeEl and freq/ });
  f('time and timeEl', 400, 'PUT', '/api/feed?compId=good&time=2000&timeEl=0&temp=2', { message: /at most one of time, timeEl and freq/ });
  f('timeEl and freq', 400, 'PUT', '/api/feed?compId=good&timeEl=0&freq=10&temp=2', { message: /at most one of time, timeEl and freq/ });
  f('several values without times', 400, 'PUT', '/api/feed?compId=good&temp=2,3');
  f('non-numeric data for a DOUBLE stream', 400, 'PUT', '/api/feed?compId=good&time=2000,3000&temp=2,abc', { message: /'abc' is not a number/ });
  f('a good stream and a bad one', 400, 'PUT', '/api/feed?compId=good&time=2000&status=fine&temp=abc');
  f('a new component with a bad value', 400, 'PUT', '/api/feed?compId=fresh&time=2000&x=1&temp=1,2');
  f('an unknown component template', 400, 'PUT', '/api/feed?compId=fresh&compTmplId=nope&temp=1', { message: /unknown component template 'nope'/ });
  f('a folder outside /Components', 400, 'PUT', '/api/feed?compId=fresh&folder=/Elsewhere&temp=1', { message: /must start with \/Components/ });
  f('dtId without dsId', 400, 'PUT', '/api/feed?compId=fresh&dtId=t&temp=1', { message: /dtId and dsId go together/ });
  f('no compId', 400, 'PUT', '/api/feed?temp=1');
  f('no data', 400, 'PUT', '/api/feed?compId=good');
  f('positional data beyond the streams', 400, 'PUT', '/api/feed?compId=good&data=1&data=x&data=3');
  f('GET /api/feed without asPut', 400, 'GET', '/api/feed?compId=good&temp=9');
  // JSON feeds
  f('non-numeric data for a DOUBLE stream in the middle of a JSON batch', 400, 'PUT', '/api/feed', {
    body: [
      { compId: 'good', streamId: 'temp', data: 2, time: 2000 },
      { compId: 'good', streamId: 'temp', data: 3, time: 3000 },
      { compId: 'good', streamId: 'temp', data: 'abc', time: 4000 },
      { compId: 'good', streamId: 'temp', data: 5, time: 5000 },
    ],
    message: /'abc' is not a number/,
  });
  f('a bad item after a new component and stream', 400, 'PUT', '/api/feed', {
    body: [
      { compId: 'fresh', streamId: 'x', data: 1, time: 2000 },
      { compId: 'good', streamId: 'newstream', data: 'hello', time: 2000 },
      { compId: 'good', streamId: 'temp', data: true, time: 2000 },
    ],
  });
  f('a bad time in a JSON batch', 400, 'PUT', '/api/feed', { body: [{ compId: 'good', streamId: 'temp', data: 2, time: 2000 }, { compId: 'good', streamId: 'temp', data: 3, time: 'soon' }] });
  f('a JSON item without streamId', 400, 'PUT', '/api/feed', { body: [{ compId: 'good', streamId: 'temp', data: 2 }, { compId: 'good', data: 3 }], message: /item #2/ });
  f('data and time arrays of different lengths', 400, 'PUT', '/api/feed', { body: [{ compId: 'good', streamId: 'temp', data: [1, 2, 3], time: [2000, 3000] }] });
  f('malformed JSON', 400, 'PUT', '/api/feed', { body: '[{"compId":"good","streamId":"temp","data":', headers: { 'Content-Type': 'application/json' }, message: /JSON/ });
  f('malformed JSON without a Content-Type', 400, 'PUT', '/api/feed', { body: '{"feed":' });
  f('a JSON object that is no feed', 400, 'PUT', '/api/feed', { body: { compId: 'good', streamId: 'temp', data: 1 } });
  f('JSON null', 400, 'PUT', '/api/feed', { body: 'null', headers: { 'Content-Type': 'application/json' } });
  f('a legacy feed with an unknown componentUid', 400, 'PUT', '/api/feed', { body: { feed: { component: [{ componentUid: 'nope', stream: [{ streamId: 'temp', data: 1 }] }] } } });
  f('a gzip header on a plain body', 400, 'PUT', '/api/feed', { body: '[]', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
  f('an unknown Content-Encoding', 415, 'PUT', '/api/feed', { body: '[]', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd' } });
  // reads
  f('an unknown component on read', 404, 'GET', '/api/comp/nope/feed', { message: /unknown component 'nope'/ });
  f('an unknown component on last_value', 404, 'GET', '/api/comp/nope/last_value');
  f('an unknown component on property', 404, 'GET', '/api/comp/nope/property?name');
  f('an unknown component on property POST', 404, 'POST', '/api/comp/nope/property', { body: [{ component: { name: 'x' } }] });
  f('an unknown stream', 404, 'GET', '/api/comp/good/stream/nope/feed', { message: /unknown stream 'nope'/ });
  f('an unknown stream on last_value', 404, 'GET', '/api/comp/good/stream/nope/last_value');
  f('an unknown read parameter', 400, 'GET', '/api/comp/good/feed?foo=1', { message: /unknown parameter 'foo'/ });
  f('a bad sd', 400, 'GET', '/api/comp/good/feed?sd=yesterday&ed=1');
  f('sd after ed', 400, 'GET', '/api/comp/good/feed?sd=2000&ed=1000', { message: /^sd must not be after ed/ });
  f('sd after ed on a statistic', 400, 'GET', '/api/comp/good/cycle/hour/stat/avg/feed?sd=2000&ed=1000', { message: /^sd must not be after ed/ });
  f('a repeated sd', 400, 'GET', '/api/comp/good/feed?sd=0&sd=1000&ed=2000', { message: /^sd appears 2 times; give it once$/ });
  f('limit=0', 400, 'GET', '/api/comp/good/feed?limit=0');
  f('limit=-1', 400, 'GET', '/api/comp/good/feed?limit=-1');
  f('an unknown property', 400, 'POST', '/api/comp/good/property', { body: [{ component: { colour: 'red' } }] });
  f('an empty name', 400, 'POST', '/api/comp/good/property', { body: [{ component: { name: ' ' } }] });
  // stream definitions and the statistics they allow (state() shows 'fresh' is not created)
  const fresh = (stream: object) => ({ body: { component: { id: 'fresh', timeZoneId: 'Australia/Lord_Howe', stream: [{ id: 's', valueType: 'DOUBLE', streamType: 'intvl_stream', ...stream }] } } });
  f('an hourly interval stream in a zone with 30-minute DST', 400, 'PUT', '/api/component', { ...fresh({ baseCycle: 'hour' }), message: /baseCycle 'hour' does not fit rollup calendar 'default': cycle 'hour' \(1 HOUR\) does not tile 'day' \(1 DAY\) in Australia\/Lord_Howe/ });
  f('a cumulative meter filled with a constant', 400, 'PUT', '/api/component', { ...fresh({ baseCycle: 'fifteenminute', meterKind: 'CUMULATIVE', gapFill: { type: 'CONSTANT', value: 0 } }), message: /gapFill CONSTANT cannot be used with meterKind CUMULATIVE/ });
  f('a delta meter filled with the previous value', 400, 'PUT', '/api/component', { ...fresh({ baseCycle: 'fifteenminute', meterKind: 'DELTA', gapFill: { type: 'PREVIOUS' } }), message: /gapFill PREVIOUS cannot be used with meterKind DELTA/ });
  f('a LONG fill beyond 64 bits', 400, 'PUT', '/api/component', { ...fresh({ valueType: 'LONG', baseCycle: 'fifteenminute', gapFill: { type: 'CONSTANT', value: 1e20 } }), message: /beyond the 64-bit range of a LONG/ });
  f('a random stream with samples made an interval stream', 409, 'POST', '/api/component', { body: { component: { id: 'good', stream: [{ id: 'temp', streamType: 'intvl_stream', baseCycle: 'minute' }, { id: 'status' }] } }, message: /stream 'temp' holds samples: its streamType cannot change/ });
  f('minutes of a 15-minute interval stream', 400, 'GET', '/api/comp/ivl/stream/e/cycle/minute/stat/milliseccount/feed', { message: /^cycle 'minute' is not tiled by the stream's base cycle 'fifteenminute'/ });
  f("minutes of a component's streams, one of them a 15-minute interval stream", 400, 'GET', '/api/comp/ivl/cycle/minute/stat/sum/last_value');
  // credentials
  f('no key on a PUT', 401, 'PUT', '/api/feed?compId=good&temp=2', { key: null });
  f('no key on a read', 401, 'GET', '/api/comp/good/feed', { key: null });
  f('a wrong key', 401, 'PUT', '/api/feed?compId=good&temp=2', { key: '0ccc2159-0000-0000-0000-000000000000' });
  f('an empty key', 401, 'PUT', '/api/feed?compId=good&temp=2', { key: '' });
  f('a wrong key in a cookie', 401, 'PUT', '/api/feed?compId=good&temp=2', { key: null, headers: { Cookie: 'api_key=wrong' } });
  f('a wrong key on a read of a real component', 401, 'GET', '/api/comp/good/feed', { key: 'wrong' });
});

describe('keys with limited rights', () => {
  let readOnly: string;
  let feedOnly: string;
  let tenDot: string;

  before(async () => {
    readOnly = String((await cliJson(['apikey', 'create', '--rights', 'component/*/feed GET'], server.env)).secret);
    feedOnly = String((await cliJson(['apikey', 'create', '--rights', 'component/*/feed GET PUT'], server.env)).secret);
    tenDot = String((await cliJson(['apikey', 'create', '--ip', '10.0.0.0/8'], server.env)).secret);
  });

  const f = (name: string, status: number, key: () => string, method: string, path: string, body?: unknown) =>
    it(`${name} → ${status}`, async () => {
      const before = await state();
      const r = await request(server, method, withKey(path, key()), { body });
      if (status === 200) assert.equal(r.status, 200, r.body);
      else assertGsError(r, status);
      if (method !== 'GET') assert.equal(await state(), before, 'nothing may be written');
    });

  f('a GET-only key reads', 200, () => readOnly, 'GET', '/api/comp/good/feed');
  f('a GET-only key cannot PUT', 403, () => readOnly, 'PUT', '/api/feed?compId=good&temp=2');
  f('a GET-only key cannot PUT JSON', 403, () => readOnly, 'PUT', '/api/feed', [{ compId: 'good', streamId: 'temp', data: 2 }]);
  f('a GET-only key cannot PUT through asPut', 403, () => readOnly, 'GET', '/api/feed?compId=good&temp=2&asPut');
  f('a GET-only key cannot set a property', 403, () => readOnly, 'POST', '/api/comp/good/property', [{ component: { name: 'x' } }]);
  f('a feed key cannot create a component', 403, () => feedOnly, 'PUT', '/api/feed?compId=fresh&temp=2');
  f('a feed key cannot add a stream', 403, () => feedOnly, 'PUT', '/api/feed?compId=good&temp=2&newstream=1');
  f('a key restricted to 10.0.0.0/8, from 127.0.0.1, on a read', 403, () => tenDot, 'GET', '/api/comp/good/feed');
  f('a key restricted to 10.0.0.0/8, from 127.0.0.1, on a PUT', 403, () => tenDot, 'PUT', '/api/feed?compId=good&temp=2');

  it('a feed key writes samples to an existing stream', async () => {
    const r = await request(server, 'PUT', `/api/feed?compId=good&time=7000&temp=7.5&rsid=temp&api_key=${feedOnly}`);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json(), { temp: 7.5 });
    const got = await request(server, 'GET', `/api/comp/good/stream/temp/feed?sd=7000&ed=7001&api_key=${KEY}`);
    assert.deepEqual(got.json(), [{ data: 7.5, time: 7000 }]);
  });

  it('a GET-only key may not ask for rsid on a PUT either', async () => {
    const r = await request(server, 'PUT', `/api/feed?compId=good&temp=2&rsid=temp&api_key=${readOnly}`);
    assertGsError(r, 403);
  });
});

describe('never a 5xx: odd requests get a definite answer', () => {
  // [expected status, method, path, body, headers]; the 200s are requests the API accepts
  const odd: [number, string, string, unknown?, Record<string, string>?][] = [
    [400, 'PUT', '/api/feed?compId=good', '[[[]]]'],
    [400, 'PUT', '/api/feed', '[{"compId":{},"streamId":[],"data":{}}]'],
    [400, 'PUT', '/api/feed', '[{"compId":"good","streamId":"temp","data":1e999}]', { 'Content-Type': 'application/json' }],
    [400, 'PUT', '/api/feed', '{"feed":{"component":[{"componentId":"good","stream":[{"streamId":"temp","data":[1],"time":[-1e300]}]}]}}'],
    [400, 'PUT', '/api/feed', '"just a string"', { 'Content-Type': 'application/json' }],
    [400, 'PUT', '/api/feed', 'compId=good&temp=1', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    [400, 'PUT', '/api/feed', '<xml/>', { 'Content-Type': 'text/xml' }],
    [400, 'PUT', '/api/feed?compId=good&time=99999999999999999999&temp=1'],
    [400, 'PUT', '/api/feed?compId=good&freq=99999999999999&temp=1,2'],
    [400, 'PUT', '/api/feed?compId=good&timeEl=999999999999999&temp=1'],
    [200, 'PUT', '/api/feed?compId=good&delim=&temp=1'],
    [400, 'PUT', '/api/feed?compId=good&temp=%'],
    [200, 'PUT', `/api/feed?compId=${'x'.repeat(5000)}&temp=1`],
    [200, 'PUT', '/api/feed?compId=good&=1&%=2'],
    [400, 'GET', '/api/comp/good/feed?sd=1&ed=0'],
    [200, 'GET', '/api/comp/good/feed?sd=1&ed=1'],
    [400, 'GET', '/api/comp/good/feed?limit=99999999999'],
    [404, 'GET', '/api/comp/good/stream//feed'],
    [400, 'GET', '/api/comp/%ZZ/feed'],
    [400, 'POST', '/api/comp/good/property', '{"component":"x"}', { 'Content-Type': 'application/json' }],
    [400, 'POST', '/api/comp/good/property', '[null]', { 'Content-Type': 'application/json' }],
    [404, 'DELETE', '/api/feed?compId=good'],
  ];
  for (const [status, method, path, body, headers] of odd) {
    it(`${method} ${path.slice(0, 80)} ${body === undefined ? '' : String(body).slice(0, 40)} → ${status}`, async () => {
      const r = await request(server, method, withKey(path, KEY), { body, headers });
      if (status === 200) assert.equal(r.status, 200, r.body);
      else assertGsError(r, status);
    });
  }

  it('an undecodable URL is a 400 that never echoes the credentials in its query', async () => {
    for (const path of ['/api/cycle/%ZZ', '/api/comp/%ZZ/feed']) {
      const r = await request(server, 'GET', withKey(path, KEY));
      assertGsError(r, 400, /is not a valid url component/);
      assert.ok(!r.body.includes(KEY), r.body);
    }
    const gd = await request(server, 'GET', '/asset/%ZZ?access_token=not-for-echo');
    assert.equal(gd.status, 400, gd.body);
    assert.ok(!gd.body.includes('not-for-echo'), gd.body);
  });

  it('a request the HTTP parser rejects (Content-Length: abc) gets a 400, and the server stays up', async () => {
    const r = await rawRequest(server, 'PUT /api/feed?compId=good&temp=1 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    assert.equal(r.statusLine, 'HTTP/1.1 400 Bad Request', r.raw);
    const h = await request(server, 'GET', '/healthz');
    assert.equal(h.status, 200);
  });
});

describe('body limit (GG_BODY_LIMIT=2048)', () => {
  let small: RunningServer;
  before(async () => {
    small = await startServer({ env: { GG_BODY_LIMIT: '2048' } });
  });
  after(() => small?.stop());

  const batch = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ compId: 'big', streamId: 's', data: i, time: 1000 + i })));

  it('a body under the limit is accepted', async () => {
    const body = batch(10);
    assert.ok(body.length < 2048);
    const r = await request(small, 'PUT', `/api/feed?api_key=${small.apiKey}`, { body, headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 200, r.body);
  });

  it('a body over the limit → 413 JSON, nothing written', async () => {
    const before = await request(small, 'GET', `/api/comp/big2/feed?api_key=${small.apiKey}`);
    const body = batch(100).replaceAll('"big"', '"big2"');
    assert.ok(body.length > 2048);
    const r = await request(small, 'PUT', `/api/feed?api_key=${small.apiKey}`, { body, headers: { 'Content-Type': 'application/json' } });
    assertGsError(r, 413);
    const afterwards = await request(small, 'GET', `/api/comp/big2/feed?api_key=${small.apiKey}`);
    assert.equal(before.status, 404);
    assert.equal(afterwards.status, 404);
  });

  it('a gzip body that expands past the limit → 413, nothing written', async () => {
    const gz = zlib.gzipSync(JSON.stringify(Array.from({ length: 2000 }, () => ({ compId: 'big3', streamId: 's', data: 1 }))));
    assert.ok(gz.length < 2048);
    const r = await request(small, 'PUT', `/api/feed?api_key=${small.apiKey}`, { body: gz, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
    assertGsError(r, 413);
    assert.equal((await request(small, 'GET', `/api/comp/big3/feed?api_key=${small.apiKey}`)).status, 404);
  });
});

describe('feed rate limit (GG_FEED_RATE_LIMIT=2/60s)', () => {
  let limited: RunningServer;
  before(async () => {
    limited = await startServer({ env: { GG_FEED_RATE_LIMIT: '2/60s' } });
  });
  after(() => limited?.stop());

  const put = (value: number, xff?: string) =>
    request(limited, 'PUT', `/api/feed?compId=rl&time=${1000 + value}&temp=${value}&api_key=${limited.apiKey}`, { headers: xff ? { 'X-Forwarded-For': xff } : {} });
  const stored = async () => ((await request(limited, 'GET', `/api/comp/rl/stream/temp/feed?api_key=${limited.apiKey}`)).json() as { data: number }[]).map((s) => s.data);

  it('the third PUT within the window → 429 JSON, not stored', async () => {
    assert.equal((await put(1)).status, 200);
    assert.equal((await put(2)).status, 200);
    const r = await put(3);
    assertGsError(r, 429);
    assert.deepEqual(await stored(), [2, 1]);
  });

  it('a different X-Forwarded-For (any text, e.g. a MAC) is a different bucket', async () => {
    assert.equal((await put(4, '00:1A:2B:3C:4D:5E')).status, 200);
    assert.equal((await put(5, '00:1A:2B:3C:4D:5E')).status, 200);
    assertGsError(await put(6, '00:1A:2B:3C:4D:5E'), 429);
    assert.equal((await put(7, 'gateway-2')).status, 200);
    assert.deepEqual(await stored(), [7, 5, 4, 2, 1]);
  });

  it('reads are not rate limited', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await request(limited, 'GET', `/api/comp/rl/last_value?api_key=${limited.apiKey}`)).status, 200);
  });
});

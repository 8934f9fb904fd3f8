/**
 * Seed 002 (the GroveStreams simple API document): every example, in the document's order,
 * against the real server with only the host changed. Examples without an api_key get it as a
 * cookie (the seed: "include the api_key parameter as part of the request URL or as a cookie");
 * the "Full URL With the api_key Token" examples carry the seed's own key, which the server is
 * bootstrapped with (GG_BOOTSTRAP_API_KEY).
 *
 * Setup (what the seed presupposes): unit mph ("0.0"), template compTmpl1 with streams temp,
 * wind (mph), winddir; component comp1 made from it, holding sleep_time and awake_time for the
 * rsid example; component front_door named "Front Door" with the seed's description.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request, SEED_API_KEY, startServer, withKey, type HttpResult, type RunningServer } from './spawn-server.js';

let server: RunningServer;

const FRONT_DOOR_DESCRIPTION = 'The main entry door sensor which detects the state of the door such as open or closed.';

/** Replays a seed URL: the host (with its :80) becomes the test server; nothing else changes. */
function replay(method: string, seedUrl: string, body?: unknown): Promise<HttpResult> {
  const m = /^http:\/\/grovestreams\.com(?::80)?(\/api\/.*)$/.exec(seedUrl);
  assert.ok(m, `not a seed URL: ${seedUrl}`);
  const pathAndQuery = m[1]!;
  const headers: Record<string, string> = pathAndQuery.includes('api_key=') ? {} : { Cookie: `api_key=${SEED_API_KEY}` };
  return request(server, method, pathAndQuery, { body, headers });
}

/** A read through the simple API (api_key as a parameter) that must succeed. */
async function read(pathAndQuery: string): Promise<any> {
  const r = await request(server, 'GET', withKey(pathAndQuery, SEED_API_KEY));
  assert.equal(r.status, 200, `GET ${pathAndQuery}: ${r.body}`);
  assert.equal(r.headers['content-type'], 'application/json');
  return r.json();
}

/** The seed's "PUT without rsid" answer: 200, empty body, still typed JSON. */
function assertEmptyOk(r: HttpResult): void {
  assert.equal(r.status, 200, r.body);
  assert.equal(r.body, '');
  assert.equal(r.headers['content-length'], '0');
  assert.equal(r.headers['content-type'], 'application/json');
}

/** Replays a PUT and checks its answer is the empty 200; returns the window the server's "now" fell in. */
async function putEmpty(seedUrl: string, body?: unknown, method = 'PUT'): Promise<{ t0: number; t1: number }> {
  const t0 = Date.now();
  const r = await replay(method, seedUrl, body);
  const t1 = Date.now();
  assertEmptyOk(r);
  return { t0, t1 };
}

/** The last sample of one stream of comp1 (or another component). */
async function last(stream: string, comp = 'comp1'): Promise<{ data: unknown; time: number }> {
  const a = (await read(`/api/comp/${comp}/stream/${stream}/last_value`)) as { data: unknown; time: number }[];
  assert.equal(a.length, 1, `last_value of ${comp}/${stream}: ${JSON.stringify(a)}`);
  return a[0]!;
}

function assertWithin(t: number, w: { t0: number; t1: number }, what: string): void {
  assert.ok(t >= w.t0 && t <= w.t1, `${what}: time ${t} is not the server's now (${w.t0}..${w.t1})`);
}

/** The samples of one stream at exactly time t. */
async function at(stream: string, t: number, comp = 'comp1'): Promise<unknown[]> {
  const a = (await read(`/api/comp/${comp}/stream/${stream}/feed?sd=${t}&ed=${t + 1}`)) as { data: unknown }[];
  return a.map((s) => s.data);
}

async function putOk(pathAndQuery: string, body: unknown): Promise<any> {
  const r = await request(server, 'PUT', withKey(pathAndQuery, SEED_API_KEY), { body });
  assert.equal(r.status, 200, `PUT ${pathAndQuery}: ${r.body}`);
  return r.body === '' ? undefined : r.json();
}

before(async () => {
  server = await startServer();
  // the unit the seed's fData example formats wind with ("2.34" → "2.3 mph")
  const unit = await putOk('/api/unit', { unit: { id: 'mph', name: 'Miles per hour', symbol: 'mph', numberFormat: '0.0', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE' } });
  assert.equal(unit.success, true);
  const tmpl = await putOk('/api/component_template', {
    component_template: {
      id: 'compTmpl1',
      name: 'Weather station',
      stream: [
        { id: 'temp', valueType: 'DOUBLE', streamType: 'rdm_stream' },
        { id: 'wind', valueType: 'DOUBLE', streamType: 'rdm_stream', unit: { id: 'mph' } },
        { id: 'winddir', valueType: 'STRING', streamType: 'rdm_stream' },
      ],
    },
  });
  assert.equal(tmpl.success, true);
  // "A component with an ID of comp1 must exist": made from the template, with the two
  // settings the rsid example reads back
  assert.equal(await putOk('/api/feed?compTmplId=compTmpl1&compId=comp1&sleep_time=600000&awake_time=5000', undefined), undefined);
  // the component of the property examples
  assert.equal(await putOk('/api/feed?compId=front_door&compName=Front+Door&state=closed', undefined), undefined);
  const r = await request(server, 'POST', `/api/comp/front_door/property?api_key=${SEED_API_KEY}`, { body: [{ component: { description: FRONT_DOOR_DESCRIPTION } }] });
  assert.equal(r.status, 200, r.body);
});

after(() => server?.stop());

describe('seed 002: PUT feed (no JSON body) — one sample per stream', () => {
  it('Upload Two Stream Samples (comp1 must exist)', async () => {
    const w = await putEmpty('http://grovestreams.com/api/feed?compId=comp1&data=3&data=4');
    const temp = await last('temp');
    const wind = await last('wind');
    assert.equal(temp.data, 3);
    assert.equal(wind.data, 4);
    assertWithin(temp.time, w, 'temp');
    assertWithin(wind.time, w, 'wind');
  });

  it('Upload Two Stream Samples with compTmplId', async () => {
    const w = await putEmpty('http://grovestreams.com/api/feed?compTmplId=compTmpl1&compId=comp1&data=1&data=2');
    assert.deepEqual([(await last('temp')).data, (await last('wind')).data], [1, 2]);
    assertWithin((await last('temp')).time, w, 'temp');
  });

  it("Upload Two Stream Samples with compTmplId and compName 'Weather'", async () => {
    await putEmpty('http://grovestreams.com/api/feed?compTmplId=compTmpl1&compId=comp1&compName=Weather&data=1&data=2');
    assert.deepEqual([(await last('temp')).data, (await last('wind')).data], [1, 2]);
    // "The name is only set once during the creation of the component": comp1 existed
    assert.deepEqual(await read('/api/comp/comp1/property?name'), [{ message: '', component: { name: 'comp1' }, success: true }]);
  });

  it('Upload Three Stream Samples by stream id', async () => {
    const w = await putEmpty('http://grovestreams.com/api/feed?compId=comp1&temp=3&wind=4&winddir=sw');
    assert.deepEqual([(await last('temp')).data, (await last('wind')).data, (await last('winddir')).data], [3, 4, 'sw']);
    assertWithin((await last('winddir')).time, w, 'winddir');
  });

  it('Include the Time of the Samples', async () => {
    await putEmpty('http://grovestreams.com/api/feed?time=1380114721384&compId=comp1&temp=3&wind=4&winddir=sw');
    const r = await request(server, 'GET', `/api/comp/comp1/feed?sd=1380114721384&ed=1380114721385&retStreamId&api_key=${SEED_API_KEY}`);
    assert.equal(r.body, '[{"streamId":"temp","data":3,"time":1380114721384},{"streamId":"wind","data":4,"time":1380114721384},{"streamId":"winddir","data":"sw","time":1380114721384}]');
  });

  it('Upload Samples with Request Streams (rsid)', async () => {
    const r = await replay('PUT', 'http://grovestreams.com/api/feed?;compId=comp1&temp=3&wind=4&winddir=sw&rsid=sleep_time&rsid=awake_time');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['content-type'], 'application/json');
    // {"sleep_time":600000,"awake_time":5000} — "never assume the order of the streams"
    assert.deepEqual(r.json(), { sleep_time: 600000, awake_time: 5000 });
    assert.ok(!/\s/.test(r.body), `compact JSON: ${r.body}`);
    assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.body)));
    assert.deepEqual([(await last('temp')).data, (await last('wind')).data, (await last('winddir')).data], [3, 4, 'sw']);
  });

  it('Example of Full URL With the api_key Token', async () => {
    await putEmpty('http://grovestreams.com:80/api/feed?time=1380114721384&compId=comp1&temp=3&wind=4&winddir=sw&api_key=0ccc2159-2697-3dcd-a211-588e9ccbed71');
    // the same time again replaces, it does not add
    assert.deepEqual(await at('temp', 1380114721384), [3]);
    assert.deepEqual(await at('winddir', 1380114721384), ['sw']);
  });
});

describe('seed 002: PUT feed (no JSON body) — many samples per stream', () => {
  it('Upload Two Samples for Each Stream with time', async () => {
    await putEmpty('http://grovestreams.com:80/api/feed?compId=comp1&time=1380225121172,1380225181172&data=3,4&data=4,6');
    assert.deepEqual(await read('/api/comp/comp1/stream/temp/feed?sd=1380225121172&ed=1380225181173'), [
      { data: 4, time: 1380225181172 },
      { data: 3, time: 1380225121172 },
    ]);
    assert.deepEqual(await read('/api/comp/comp1/stream/wind/feed?sd=1380225121172&ed=1380225181173'), [
      { data: 6, time: 1380225181172 },
      { data: 4, time: 1380225121172 },
    ]);
  });

  it('Upload Two Samples for Each Stream with freq', async () => {
    const w = await putEmpty('http://grovestreams.com:80/api/feed?compTmplId=compTmpl1&compId=comp1&compName=Weather&freq=60000&data=1,2&data=3.0,4.0');
    const temp = await last('temp');
    assert.equal(temp.data, 2);
    assertWithin(temp.time, w, 'temp');
    // the earliest sample is listed first: it is freq before the last one
    assert.deepEqual(await at('temp', temp.time - 60000), [1]);
    const wind = await last('wind');
    assert.deepEqual([wind.data, wind.time], [4, temp.time]);
    assert.deepEqual(await at('wind', temp.time - 60000), [3]);
  });

  for (const [name, seedUrl] of [
    ['Upload Two Samples for Each Stream with timeEl', 'http://grovestreams.com:80/api/feed?compTmplId=compTmpl1&compId=comp1&compName=Weather&timeEl=60000,0&temp=3,4&wind=4.0,5.5&winddir=sw,sw'],
    ['Example of Full URL With the api_key Token (timeEl)', 'http://grovestreams.com:80/api/feed?compTmplId=compTmpl1&compId=comp1&compName=Weather&timeEl=60000,0&temp=3,4&wind=4.0,5.5&winddir=sw,sw&api_key=0ccc2159-2697-3dcd-a211-588e9ccbed71'],
  ] as const) {
    it(name, async () => {
      const w = await putEmpty(seedUrl);
      const temp = await last('temp');
      assertWithin(temp.time, w, 'temp');
      assert.equal(temp.data, 4);
      assert.deepEqual(await at('temp', temp.time - 60000), [3]);
      assert.deepEqual([(await last('wind')).data, await at('wind', temp.time - 60000)], [5.5, [4]]);
      assert.deepEqual([(await last('winddir')).data, await at('winddir', temp.time - 60000)], ['sw', ['sw']]);
    });
  }
});

const SEED_JSON_BODY = [
  { compId: 'comp1', streamId: 'wind', data: 2.34 },
  { compId: 'comp1', streamId: 'temp', data: 72.3 },
  { compId: 'comp2', streamId: 'speed', data: 20 },
  { compId: 'comp2', streamId: 'heading', data: 120.2, time: 1380225121172 },
  { compId: 'comp2', streamId: 'status', data: 'normal', time: 1380225121172 },
];

describe('seed 002: PUT feed (JSON body)', () => {
  async function check(w: { t0: number; t1: number }): Promise<void> {
    const wind = await last('wind');
    assert.equal(wind.data, 2.34);
    assertWithin(wind.time, w, 'wind');
    assert.equal((await last('temp')).data, 72.3);
    const comp2 = (await read('/api/comp/comp2/last_value?retStreamId')) as { streamId: string; data: unknown; time: number }[];
    assert.deepEqual(comp2.map((s) => [s.streamId, s.data]), [['speed', 20], ['heading', 120.2], ['status', 'normal']]);
    assertWithin(comp2[0]!.time, w, 'speed');
    assert.equal(comp2[1]!.time, 1380225121172);
    assert.equal(comp2[2]!.time, 1380225121172);
  }

  it('Upload Several Stream Samples for Two Components', async () => {
    await check(await putEmpty('http://grovestreams.com/api/feed', SEED_JSON_BODY));
    // comp2 was auto-created with its name from its id
    assert.deepEqual(await read('/api/comp/comp2/property?name'), [{ message: '', component: { name: 'comp2' }, success: true }]);
  });

  it('Example of Full URL With the api_key Token (JSON body)', async () => {
    await check(await putEmpty('http://grovestreams.com:80/api/feed?compTmplId=compTmpl1&api_key=0ccc2159-2697-3dcd-a211-588e9ccbed71', SEED_JSON_BODY));
    // both components existed: the template added nothing to comp2
    const comp2 = (await read('/api/comp/comp2/last_value?retStreamId')) as { streamId: string }[];
    assert.deepEqual(comp2.map((s) => s.streamId), ['speed', 'heading', 'status']);
  });
});

describe('seed 002: GET comp/{compId}/...', () => {
  const STREAM_ORDER = ['temp', 'wind', 'winddir', 'sleep_time', 'awake_time'];

  it("Get the Latest Component's Stream's Samples (feed?retStreamId)", async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/feed?retStreamId');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['content-type'], 'application/json');
    const a = r.json() as { streamId: string; data: unknown; time: number }[];
    assert.ok(a.length > 10 && a.length <= 1000, `${a.length} samples`);
    for (const s of a) assert.deepEqual(Object.keys(s), ['streamId', 'data', 'time']);
    // ordered by the component's stream order, then latest to earliest
    for (let i = 1; i < a.length; i++) {
      const [p, c] = [a[i - 1]!, a[i]!];
      const order = STREAM_ORDER.indexOf(c.streamId) - STREAM_ORDER.indexOf(p.streamId);
      assert.ok(order > 0 || (order === 0 && c.time < p.time), `sample #${i} out of order: ${JSON.stringify(p)} then ${JSON.stringify(c)}`);
    }
    assert.deepEqual([...new Set(a.map((s) => s.streamId))], STREAM_ORDER);
    assert.ok(a.some((s) => s.streamId === 'temp' && s.time === 1380114721384 && s.data === 3));
    assert.ok(a.some((s) => s.streamId === 'wind' && s.time === 1380225181172 && s.data === 6));
  });

  it("Get the Latest Component's Stream's Samples for a Specific Range (sd inclusive, ed exclusive)", async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/feed?sd=1380225121000&ed=1380225122001&retStreamId');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, '[{"streamId":"temp","data":3,"time":1380225121172},{"streamId":"wind","data":4,"time":1380225121172}]');
    // sd is inclusive, ed exclusive
    assert.equal((await read('/api/comp/comp1/stream/temp/feed?sd=1380225121172&ed=1380225121173')).length, 1);
    assert.equal((await read('/api/comp/comp1/stream/temp/feed?sd=1380225121173&ed=1380225181172')).length, 0);
  });

  it('Get the Latest Samples for One Component Stream (limit=4)', async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/stream/wind/feed?limit=4');
    assert.equal(r.status, 200, r.body);
    assert.ok(r.body.startsWith('[{"data":'), r.body);
    const a = r.json() as { data: unknown; time: number }[];
    assert.equal(a.length, 4);
    for (const s of a) assert.deepEqual(Object.keys(s), ['data', 'time']);
    for (let i = 1; i < a.length; i++) assert.ok(a[i]!.time < a[i - 1]!.time, 'latest first');
    assert.deepEqual(a[0], await last('wind'));
    assert.equal(a[0]!.data, 2.34);
  });

  it("Get the Last Samples for Each of a Component's Streams (last_value?retStreamId)", async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/last_value?retStreamId');
    assert.equal(r.status, 200, r.body);
    const a = r.json() as { streamId: string; data: unknown; time: number }[];
    for (const s of a) assert.deepEqual(Object.keys(s), ['streamId', 'data', 'time']);
    assert.deepEqual(a.map((s) => [s.streamId, s.data]), [['temp', 72.3], ['wind', 2.34], ['winddir', 'sw'], ['sleep_time', 600000], ['awake_time', 5000]]);
  });

  it('Get the Last Sample of One Component Stream (stream/wind/last_value)', async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/stream/wind/last_value');
    assert.equal(r.status, 200, r.body);
    assert.match(r.body, /^\[\{"data":2\.34,"time":\d{13}\}\]$/);
  });

  // The cycle statistics: comp1 is in the org's zone (UTC), so hour/day/month intervals end on UTC boundaries.
  const HOUR = 3_600_000;

  /**
   * Sample-and-hold average of a stream over [sd, ed), from its raw samples (the documented
   * default); a value is held no later than `until` (the running interval ends "now").
   */
  async function holdAvg(stream: string, sd: number, ed: number, until = ed): Promise<number> {
    const inside = ((await read(`/api/comp/comp1/stream/${stream}/feed?sd=${sd}&ed=${ed}`)) as { data: number; time: number }[]).reverse();
    const before = (await read(`/api/comp/comp1/stream/${stream}/feed?ed=${sd}&limit=1`)) as { data: number; time: number }[];
    let integral = 0;
    let covered = 0;
    let held = before[0]?.data;
    let cursor = sd;
    for (const s of [...inside, { data: NaN, time: Math.max(Math.min(ed, until), inside.at(-1)?.time ?? sd) }]) {
      if (held !== undefined) {
        integral += held * (s.time - cursor);
        covered += s.time - cursor;
      }
      held = s.data;
      cursor = s.time;
    }
    return integral / covered;
  }

  it("Get the Latest Component's Stream's Statistic Samples: comp/comp1/cycle/hour/stat/first/feed", async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/cycle/hour/stat/first/feed');
    assert.equal(r.status, 200, r.body);
    const a = r.json() as { data: unknown; time: number }[];
    assert.ok(a.length > 0 && a.length <= 1000);
    for (const x of a) {
      assert.deepEqual(Object.keys(x), ['data', 'time']);
      assert.equal(x.time % HOUR, 0, 'time is the interval end');
    }
    // The latest hour of wind: its first sample, read raw.
    const lw = await last('wind');
    const end = Math.floor(lw.time / HOUR) * HOUR + HOUR;
    const raw = (await read(`/api/comp/comp1/stream/wind/feed?sd=${end - HOUR}&ed=${end}`)) as { data: unknown }[];
    const own = (await read('/api/comp/comp1/stream/wind/cycle/hour/stat/first/feed?limit=1')) as { data: unknown; time: number }[];
    assert.deepEqual(own, [{ data: raw.at(-1)!.data, time: end }]);
    // limit counts intervals from the latest back, stream by stream: the first stream comes first.
    assert.deepEqual(a[0], (await read('/api/comp/comp1/stream/temp/cycle/hour/stat/first/feed?limit=1'))[0]);
  });

  it('Get the Latest Statistic Values for One Component Stream: comp/comp1/stream/wind/cycle/month/stat/gapcount/feed', async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/stream/wind/cycle/month/stat/gapcount/feed');
    assert.equal(r.status, 200, r.body);
    const a = r.json() as { data: number; time: number }[];
    assert.ok(a.length >= 1);
    for (const x of a) {
      assert.equal(x.data, 0, 'a random stream stores no gaps');
      assert.equal(new Date(x.time).getUTCDate(), 1, 'month intervals end on the 1st');
      assert.equal(x.time % 86_400_000, 0);
    }
  });

  it("Get the Statistic Values for Each of a Component's Streams: comp/comp1/cycle/day/stat/maxoccurrence/last_value", async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/cycle/day/stat/maxoccurrence/last_value');
    assert.equal(r.status, 200, r.body);
    const a = r.json() as { data: number | null; time: number }[];
    assert.equal(a.length, STREAM_ORDER.length, 'one per stream');
    a.forEach((x, i) => {
      assert.equal(x.time % 86_400_000, 0);
      if (STREAM_ORDER[i] === 'winddir') assert.equal(x.data, null, 'a string stream has no maximum');
      else assert.ok(typeof x.data === 'number' && x.data >= x.time - 86_400_000 && x.data < x.time, `${STREAM_ORDER[i]}: ${JSON.stringify(x)}`);
    });
  });

  it('Get the Last Statistic Value for One Component Stream: comp/comp1/stream/wind/cycle/hour/stat/avg/last_value', async () => {
    const t1 = Date.now();
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/stream/wind/cycle/hour/stat/avg/last_value');
    const t2 = Date.now();
    assert.equal(r.status, 200, r.body);
    assert.ok(r.body.startsWith('[{"data":'), r.body);
    const [x] = r.json() as { data: number; time: number }[];
    const lw = await last('wind');
    const end = Math.floor(lw.time / HOUR) * HOUR + HOUR; // "the last 'hour' the last sample was uploaded within"
    assert.equal(x!.time, end);
    // The hour may still be running: its values are held until the moment of the request.
    const [lo, hi] = [await holdAvg('wind', end - HOUR, end, t1), await holdAvg('wind', end - HOUR, end, t2)].sort((p, q) => p - q);
    assert.ok(x!.data >= lo! - 1e-9 && x!.data <= hi! + 1e-9, `${x!.data} not in [${lo}, ${hi}]`);
  });

  it('Get the Last Statistic Value for One Component Stream with retFData&retUnit&retStreamId&retCompId&retIntvlSd', async () => {
    const r = await replay('GET', 'http://grovestreams.com/api/comp/comp1/stream/wind/cycle/hour/stat/avg/last_value?retFData&retUnit&retStreamId&retCompId&retIntvlSd');
    assert.equal(r.status, 200, r.body);
    const a = r.json() as Record<string, unknown>[];
    assert.equal(a.length, 1);
    const x = a[0]!;
    assert.deepEqual(Object.keys(x), ['compId', 'streamId', 'data', 'time', 'fData', 'unit', 'sdTime']);
    assert.equal(x.compId, 'comp1');
    assert.equal(x.streamId, 'wind');
    assert.equal(x.unit, 'mph');
    assert.equal(x.sdTime, (x.time as number) - HOUR);
    assert.equal(x.fData, `${(x.data as number).toFixed(1)} mph`);
  });
});

describe('seed 002: GET comp/{compId}/property', () => {
  const f = (name: string, seedUrl: string, want: string) =>
    it(name, async () => {
      const r = await replay('GET', seedUrl);
      assert.equal(r.status, 200, r.body);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.body, want);
    });

  f("Get a component's name", 'http://grovestreams.com/api/comp/front_door/property?name', '[{"message":"","component":{"name":"Front Door"},"success":true}]');
  f("Get a component's description", 'http://grovestreams.com/api/comp/front_door/property?description', `[{"message":"","component":{"description":"${FRONT_DOOR_DESCRIPTION}"},"success":true}]`);
  f("Get a component's name and description", 'http://grovestreams.com/api/comp/front_door/property?description&name', `[{"message":"","component":{"name":"Front Door","description":"${FRONT_DOOR_DESCRIPTION}"},"success":true}]`);
});

describe('seed 002: POST comp/{compId}/property', () => {
  const NEW_DESCRIPTION = 'This sensor was previously used for the front door.';
  const f = (name: string, body: unknown, want: Record<string, string>) =>
    it(name, async () => {
      const r = await replay('POST', 'http://grovestreams.com/api/comp/front_door/property', body);
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json()[0].success, true);
      assert.deepEqual(await read('/api/comp/front_door/property?name&description'), [{ message: '', component: want, success: true }]);
    });

  f("Set a component's name", [{ component: { name: 'Back Door' } }], { name: 'Back Door', description: FRONT_DOOR_DESCRIPTION });
  f("Set a component's description", [{ component: { description: NEW_DESCRIPTION } }], { name: 'Back Door', description: NEW_DESCRIPTION });
  // put the old values back first so this example changes both
  it('(reset before the last example)', async () => {
    const r = await request(server, 'POST', `/api/comp/front_door/property?api_key=${SEED_API_KEY}`, { body: [{ component: { name: 'Front Door', description: FRONT_DOOR_DESCRIPTION } }] });
    assert.equal(r.status, 200, r.body);
  });
  f("Set a component's name and description", [{ component: { name: 'Back Door', description: NEW_DESCRIPTION } }], { name: 'Back Door', description: NEW_DESCRIPTION });
});

describe('seed 002: the other documented response shapes', () => {
  it('rsid of a stream with no samples is null; a created component is listed as missing', async () => {
    const r = await request(server, 'PUT', `/api/feed?compTmplId=compTmpl1&compId=station2&temp=1&rsid=wind&rsid=temp&api_key=${SEED_API_KEY}`);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json(), { missing: [{ itemType: 'component', itemId: 'station2' }], wind: null, temp: 1 });
  });

  it('a stream auto-created by an rsid call is listed as missing (the seed\'s third response)', async () => {
    await putOk('/api/feed?compId=station3&temp=1&wind=2&sleep_time=600000&awake_time=5000', undefined);
    const r = await request(server, 'PUT', `/api/feed?;compId=station3&temp=3&wind=4&winddir=sw&rsid=sleep_time&rsid=awake_time&api_key=${SEED_API_KEY}`);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json(), { missing: [{ itemType: 'stream', itemId: 'winddir', componentId: 'station3' }], sleep_time: 600000, awake_time: 5000 });
    assert.ok(r.body.startsWith('{"missing":'), r.body);
  });

  it('a missing component is auto-created from compTmplId with compName (as the freq example describes)', async () => {
    // the seed's freq URL with a component id that does not exist yet
    const w = await putEmpty('http://grovestreams.com:80/api/feed?compTmplId=compTmpl1&compId=station4&compName=Weather&freq=60000&data=1,2&data=3.0,4.0');
    assert.deepEqual(await read('/api/comp/station4/property?name'), [{ message: '', component: { name: 'Weather' }, success: true }]);
    const a = (await read('/api/comp/station4/feed?retStreamId')) as { streamId: string; data: unknown; time: number }[];
    assert.deepEqual(a.map((s) => [s.streamId, s.data]), [['temp', 2], ['temp', 1], ['wind', 4], ['wind', 3]]);
    assertWithin(a[0]!.time, w, 'temp');
    assert.equal(a[1]!.time, a[0]!.time - 60000);
  });

  it('ret* attributes come in the documented order, fData formatted with the unit', async () => {
    const r = await request(server, 'GET', `/api/comp/comp1/stream/wind/last_value?retFData&retUnit&retStreamId&retCompId&retIntvlSd&api_key=${SEED_API_KEY}`);
    assert.equal(r.status, 200, r.body);
    assert.match(r.body, /^\[\{"compId":"comp1","streamId":"wind","data":2\.34,"time":\d{13},"fData":"2\.3 mph","unit":"mph"\}\]$/);
  });
});

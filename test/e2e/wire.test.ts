/**
 * The bytes on the wire (grovestreams-notes §6): requests as real devices send them, written
 * on a raw socket, and the exact response head devices parse — status line, Date first, then
 * Content-Length, then Content-Type: application/json, never chunked.
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { connect, rawRequest, readResponse, request, startServer, type RawResponse, type RunningServer } from './spawn-server.js';

let server: RunningServer;
let KEY: string;

before(async () => {
  server = await startServer();
  KEY = server.apiKey;
});
after(() => server?.stop());

const DATE = /^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Status line, then Date, Content-Length, Content-Type in that order and case; never chunked. */
function assertCanonical(r: RawResponse, statusLine: string, contentType = 'application/json'): void {
  assert.equal(r.statusLine, statusLine, r.raw);
  assert.match(r.headerLines[0] ?? '', DATE, r.raw);
  assert.equal(r.headerLines[1], `Content-Length: ${Buffer.byteLength(r.body)}`, r.raw);
  assert.equal(r.headerLines[2], `Content-Type: ${contentType}`, r.raw);
  assert.ok(!r.headerLines.some((l) => /^transfer-encoding:/i.test(l)), r.raw);
}

/** The last value of a stream through the API. */
async function lastValue(compId: string, streamId: string): Promise<unknown> {
  const r = await request(server, 'GET', `/api/comp/${compId}/stream/${streamId}/last_value?api_key=${KEY}`);
  assert.equal(r.status, 200, r.body);
  return (r.json() as { data: unknown }[])[0]?.data;
}

describe('wire: response bytes', () => {
  it('a read answers HTTP/1.1 200 OK, Date, Content-Length, Content-Type: application/json', async () => {
    assert.equal((await request(server, 'PUT', `/api/feed?compId=w1&temp=21.5&api_key=${KEY}`)).status, 200);
    const r = await rawRequest(server, `GET /api/comp/w1/stream/temp/last_value?api_key=${KEY} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.match(r.body, /^\[\{"data":21\.5,"time":\d{13}\}\]$/);
  });

  it('an error keeps the same head and the {"success":false,"message"} body', async () => {
    const r = await rawRequest(server, 'GET /api/comp/w1/last_value HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assertCanonical(r, 'HTTP/1.1 401 Unauthorized');
    const body = JSON.parse(r.body) as { success: boolean; message: string };
    assert.equal(body.success, false);
    assert.equal(typeof body.message, 'string');
  });

  it('an unknown /api path is a JSON 404 with the same head', async () => {
    const r = await rawRequest(server, `GET /api/nope?api_key=${KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 404 Not Found');
    assert.equal(JSON.parse(r.body).success, false);
  });

  it('rsid answers compact JSON with the same head', async () => {
    const r = await rawRequest(server, `PUT /api/feed?compId=w1&temp=22&rsid=temp&api_key=${KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(r.body, '{"temp":22}');
  });

  it('GET / answers 200', async () => {
    const r = await rawRequest(server, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(r.statusLine, 'HTTP/1.1 200 OK');
    assert.match(r.headerLines[0] ?? '', DATE);
    assert.match(r.headerLines[1] ?? '', /^Content-Length: \d+$/);
  });
});

describe('wire: requests as devices send them', () => {
  it('PUT with no body, no Content-Length and Connection: close → 200, empty body, then close', async () => {
    const sock = await connect(server);
    try {
      const pending = readResponse(sock);
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      sock.write(`PUT /api/feed?compId=w2&temp=3&wind=4&api_key=${KEY} HTTP/1.1\r\nHost: 192.168.1.10\r\nConnection: close\r\n\r\n`);
      const r = await pending;
      assertCanonical(r, 'HTTP/1.1 200 OK');
      assert.equal(r.headerLines[1], 'Content-Length: 0');
      assert.equal(r.body, '');
      assert.ok(r.headerLines.includes('Connection: close'), r.raw);
      await closed;
    } finally {
      sock.destroy();
    }
    assert.equal(await lastValue('w2', 'wind'), 4);
  });

  it('an HTTP/1.0 request still gets an HTTP/1.1 status line', async () => {
    const r = await rawRequest(server, `PUT /api/feed?compId=w2&temp=5&api_key=${KEY} HTTP/1.0\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w2', 'temp'), 5);
  });

  it('an empty Host: header', async () => {
    const r = await rawRequest(server, `PUT /api/feed?compId=w3&temp=1&api_key=${KEY} HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w3', 'temp'), 1);
  });

  it('headers without a space after the colon, a Keep-Alive header, a duplicated Content-Type', async () => {
    const body = '[{"compId":"w3","streamId":"temp","data":2}]';
    const r = await rawRequest(
      server,
      `PUT /api/feed?api_key=${KEY} HTTP/1.1\r\nHost:127.0.0.1\r\nConnection:close\r\nKeep-Alive:timeout=40\r\nContent-Type:application/json\r\nContent-Type:application/json\r\nContent-Length:${body.length}\r\n\r\n${body}`,
    );
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w3', 'temp'), 2);
  });

  it('GET /api/feed?...&asPut is a PUT', async () => {
    const r = await rawRequest(server, `GET /api/feed?compId=w4&temp=7&asPut&api_key=${KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(r.body, '');
    assert.equal(await lastValue('w4', 'temp'), 7);
    // the flag first, after a leading ?&
    const r2 = await rawRequest(server, `GET /api/feed?&asPut&api_key=${KEY}&compId=w4&temp=8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r2, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w4', 'temp'), 8);
  });

  it('GET /api/feed without asPut writes nothing', async () => {
    const r = await rawRequest(server, `GET /api/feed?compId=w4&temp=9&api_key=${KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 400 Bad Request');
    assert.equal(await lastValue('w4', 'temp'), 8);
  });

  const cookies: [string, string][] = [
    ['Cookie: api_key=K;org=O', 'Cookie: api_key=%K%;org=5f1c1a9e-0d8b-5d6e-9a3c-2b7e4f0c1d2a'],
    ['Cookie: org=O;api_key=K', 'Cookie: org=5f1c1a9e-0d8b-5d6e-9a3c-2b7e4f0c1d2a;api_key=%K%'],
    ['Cookie:api_key=K (no space)', 'Cookie:api_key=%K%'],
    ['Cookie: api_key=K; other=1', 'Cookie: api_key=%K%; other=1'],
  ];
  cookies.forEach(([name, header], i) => {
    it(`api_key as a cookie: ${name}`, async () => {
      const r = await rawRequest(server, `PUT /api/feed?compId=w5&temp=${i + 1} HTTP/1.1\r\nHost: x\r\n${header.replace('%K%', KEY)}\r\nConnection: close\r\n\r\n`);
      assertCanonical(r, 'HTTP/1.1 200 OK');
      assert.equal(await lastValue('w5', 'temp'), i + 1);
    });
  });

  it('the api_key parameter wins over a wrong cookie', async () => {
    const r = await rawRequest(server, `GET /api/comp/w5/last_value?api_key=${KEY} HTTP/1.1\r\nHost: x\r\nCookie: api_key=wrong-key\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    // and a wrong parameter is not rescued by a right cookie
    const r2 = await rawRequest(server, `GET /api/comp/w5/last_value?api_key=wrong-key HTTP/1.1\r\nHost: x\r\nCookie: api_key=${KEY}\r\nConnection: close\r\n\r\n`);
    assertCanonical(r2, 'HTTP/1.1 401 Unauthorized');
  });

  it('a gzip-encoded JSON body', async () => {
    const gz = zlib.gzipSync(JSON.stringify({ feed: { component: [{ componentId: 'w6', stream: [{ streamId: 'temp', time: [1380225121172], data: [48.5] }] }] } }));
    const head = `PUT /api/feed?api_key=${KEY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\nConnection: close\r\n\r\n`;
    const r = await rawRequest(server, Buffer.concat([Buffer.from(head), gz]));
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w6', 'temp'), 48.5);
  });

  it('Expect: 100-continue', async () => {
    const body = '[{"compId":"w7","streamId":"temp","data":12.5}]';
    const sock = await connect(server);
    try {
      let seen = '';
      const interim = new Promise<string>((resolve) => {
        const on = (d: Buffer) => {
          seen += d.toString('latin1');
          if (seen.includes('\r\n\r\n')) {
            sock.off('data', on);
            resolve(seen);
          }
        };
        sock.on('data', on);
      });
      sock.write(`PUT /api/feed?api_key=${KEY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
      assert.match(await interim, /^HTTP\/1\.1 100 Continue\r\n/);
      const pending = readResponse(sock);
      sock.write(body);
      assertCanonical(await pending, 'HTTP/1.1 200 OK');
    } finally {
      sock.destroy();
    }
    assert.equal(await lastValue('w7', 'temp'), 12.5);
  });

  it('keep-alive: Keep-Alive: timeout ≥ 60, and a second request on the socket after 1 s works', async () => {
    const sock = await connect(server);
    try {
      let pending = readResponse(sock);
      sock.write(`PUT /api/feed?compId=w8&temp=1&api_key=${KEY} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`);
      const r1 = await pending;
      assertCanonical(r1, 'HTTP/1.1 200 OK');
      assert.ok(r1.headerLines.includes('Connection: keep-alive'), r1.raw);
      const m = /^timeout=(\d+)/.exec(r1.header('keep-alive') ?? '');
      assert.ok(m && Number(m[1]) >= 60, `Keep-Alive: ${r1.header('keep-alive')}`);
      await new Promise((r) => setTimeout(r, 1100));
      assert.ok(!sock.destroyed && sock.readyState === 'open', 'the server kept the connection');
      pending = readResponse(sock);
      sock.write(`GET /api/comp/w8/stream/temp/last_value?api_key=${KEY} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const r2 = await pending;
      assertCanonical(r2, 'HTTP/1.1 200 OK');
      assert.match(r2.body, /^\[\{"data":1,"time":\d+\}\]$/);
    } finally {
      sock.destroy();
    }
  });

  it('CORS headers on a GET with Origin', async () => {
    const r = await rawRequest(server, `GET /api/comp/w8/last_value?api_key=${KEY} HTTP/1.1\r\nHost: x\r\nOrigin: http://dashboard.example\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(r.header('access-control-allow-origin'), 'http://dashboard.example');
    assert.ok(r.headerLines.includes('Access-Control-Allow-Origin: http://dashboard.example'), r.raw);
  });

  it('a CORS preflight is answered', async () => {
    const r = await rawRequest(
      server,
      'OPTIONS /api/feed HTTP/1.1\r\nHost: x\r\nOrigin: http://dashboard.example\r\nAccess-Control-Request-Method: PUT\r\nConnection: close\r\n\r\n',
    );
    assert.equal(r.statusLine, 'HTTP/1.1 204 No Content');
    assert.equal(r.header('access-control-allow-origin'), 'http://dashboard.example');
    assert.match(r.header('access-control-allow-methods') ?? '', /PUT/);
  });

  it('unencoded : ( ) [ ] and a trailing & in the query', async () => {
    const r = await rawRequest(server, `PUT /api/feed?compId=w9&note=a:b(c)[d]&api_key=${KEY}& HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertCanonical(r, 'HTTP/1.1 200 OK');
    assert.equal(await lastValue('w9', 'note'), 'a:b(c)[d]');
  });
});

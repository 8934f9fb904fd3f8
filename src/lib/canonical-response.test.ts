import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { canonicalHeaderName, CanonicalResponse } from './canonical-response.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

// Each path's handler writes its response the way some framework or hand-written code would.
const handlers: Record<string, Handler> = {
  '/fastify-like': (_q, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('x-custom', 'a');
    res.setHeader('content-length', '2');
    res.end('{}');
  },
  '/empty-json': (_q, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', '0');
    res.end('');
  },
  '/writehead-object': (_q, res) => {
    res.writeHead(201, { 'x-foo': '1', 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  },
  '/writehead-reason-flat': (_q, res) => {
    res.writeHead(200, 'OK', ['content-type', 'application/json', 'content-length', '0']);
    res.end();
  },
  '/writehead-tuples': (_q, res) => {
    res.writeHead(200, 'OK', [['Content-Type', 'application/json'], ['Content-Length', '2'], ['X-A', 'b']] as never);
    res.end('[]');
  },
  '/implicit-length': (_q, res) => {
    res.statusCode = 404;
    res.setHeader('x-a', '1');
    res.end('nf');
  },
  '/implicit-empty': (_q, res) => res.end(),
  '/implicit-utf8': (_q, res) => res.end('é€'),
  '/no-content': (_q, res) => {
    res.statusCode = 204;
    res.end();
  },
  '/set-cookie': (_q, res) => {
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.setHeader('content-length', '0');
    res.end();
  },
  '/special-names': (_q, res) => {
    res.setHeader('etag', '"x"');
    res.setHeader('www-authenticate', 'Bearer');
    res.setHeader('x-xss-protection', '0');
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('content-length', '0');
    res.end();
  },
  '/date-given': (_q, res) => {
    res.setHeader('content-length', '0');
    res.setHeader('date', 'Thu, 01 Jan 2015 00:00:00 GMT');
    res.end();
  },
  '/no-date': (_q, res) => {
    res.sendDate = false;
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', '0');
    res.end();
  },
  '/override': (_q, res) => {
    res.setHeader('x-a', '1');
    res.writeHead(200, { 'X-A': '2', 'Content-Length': '0' });
    res.end();
  },
  '/other-charset': (_q, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('content-length', '0');
    res.end();
  },
};

let server: http.Server;
let port: number;

before(async () => {
  server = http.createServer({ ServerResponse: CanonicalResponse as typeof http.ServerResponse }, (req, res) => {
    const h = handlers[req.url ?? ''];
    if (h) h(req, res);
    else {
      res.statusCode = 500;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw response to one GET on its own connection. */
function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    sock.on('error', reject);
  });
}

const DATE = /^Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('CanonicalResponse on the wire', () => {
  // `want` is the exact response with the Date line written as <DATE> (checked separately).
  const f = (path: string, want: string) =>
    it(path, async () => {
      const got = await rawGet(path);
      const lines = got.split('\r\n');
      const dateLine = lines.find((l) => l.startsWith('Date: '));
      if (want.includes('<DATE>')) assert.match(dateLine ?? '', DATE);
      assert.equal(dateLine === undefined || !want.includes('<DATE>') ? got : got.replace(dateLine, '<DATE>'), want);
    });

  f('/fastify-like', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 2\r\nContent-Type: application/json\r\nX-Custom: a\r\nConnection: close\r\n\r\n{}');
  f('/empty-json', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
  f('/writehead-object', 'HTTP/1.1 201 Created\r\n<DATE>\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nX-Foo: 1\r\nConnection: close\r\n\r\nok');
  f('/writehead-reason-flat', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
  f('/writehead-tuples', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 2\r\nContent-Type: application/json\r\nX-A: b\r\nConnection: close\r\n\r\n[]');
  f('/implicit-length', 'HTTP/1.1 404 Not Found\r\n<DATE>\r\nContent-Length: 2\r\nX-A: 1\r\nConnection: close\r\n\r\nnf');
  f('/implicit-empty', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  f('/implicit-utf8', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 5\r\nConnection: close\r\n\r\né€');
  f('/no-content', 'HTTP/1.1 204 No Content\r\n<DATE>\r\nConnection: close\r\n\r\n');
  f('/set-cookie', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nConnection: close\r\n\r\n');
  f('/special-names', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nETag: "x"\r\nWWW-Authenticate: Bearer\r\nX-XSS-Protection: 0\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n');
  f('/date-given', 'HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2015 00:00:00 GMT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  f('/no-date', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
  f('/override', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nX-A: 2\r\nConnection: close\r\n\r\n');
  f('/other-charset', 'HTTP/1.1 200 OK\r\n<DATE>\r\nContent-Length: 0\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n');
});

describe('canonicalHeaderName', () => {
  const f = (lower: string, want: string) => it(`${lower} → ${want}`, () => assert.equal(canonicalHeaderName(lower), want));

  f('date', 'Date');
  f('content-length', 'Content-Length');
  f('content-type', 'Content-Type');
  f('keep-alive', 'Keep-Alive');
  f('access-control-allow-credentials', 'Access-Control-Allow-Credentials');
  f('x-ratelimit-remaining', 'X-Ratelimit-Remaining');
  f('etag', 'ETag');
  f('www-authenticate', 'WWW-Authenticate');
  f('x-xss-protection', 'X-XSS-Protection');
  f('vary', 'Vary');
});

/**
 * Request bodies as devices send them: JSON with or without a Content-Type (or with a wrong
 * one), empty bodies on PUT with Content-Type: application/json, gzip/deflate-encoded bodies,
 * and form bodies (OAuth). The body limit applies after decompression, so a small gzip bomb
 * cannot expand past it.
 */
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../domain/errors.js';
import { parseQuery } from './query-string.js';

function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`cannot parse the JSON body: ${(e as Error).message}`);
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (enc === '' || enc === 'identity') return payload;
    let out: NodeJS.ReadWriteStream;
    if (enc === 'gzip' || enc === 'x-gzip') out = zlib.createGunzip();
    else if (enc === 'deflate') out = zlib.createInflate();
    else if (enc === 'br') out = zlib.createBrotliDecompress();
    else throw Object.assign(new Error(`unsupported Content-Encoding '${enc}'`), { statusCode: 415 });
    const stream = payload.pipe(out);
    // the declared Content-Length is the compressed size; Fastify checks what it received against it
    (stream as unknown as { receivedEncodedLength: number }).receivedEncodedLength = 0;
    payload.on('data', (d: Buffer) => ((stream as unknown as { receivedEncodedLength: number }).receivedEncodedLength += d.length));
    out.on('error', () => undefined);
    return stream as unknown as typeof payload;
  });
  app.removeAllContentTypeParsers();
  // An empty form body (curl -X PUT -d '', HTTP stacks that always send a form type) is no body,
  // so a URL-form feed PUT is not mistaken for a JSON one.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, String(body).trim() === '' ? undefined : parseQuery(String(body))),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      const text = String(body);
      // Anything that looks like JSON is JSON, whatever the Content-Type says.
      if (/^\s*[[{"]/.test(text) || /^\s*(true|false|null|-?\d)/.test(text)) done(null, parseJsonText(text));
      else done(null, text.trim() === '' ? undefined : text);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}

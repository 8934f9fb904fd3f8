/**
 * Real devices parse HTTP responses byte by byte (grovestreams-notes §6): they expect the
 * status line, then `Date` first, then `Content-Length`, then `Content-Type`, with exactly that
 * capitalisation. Node writes headers as given, and frameworks hand them over lower-cased, so
 * the server is created with this ServerResponse subclass that writes every response's
 * headers in canonical case and in that order. Header names are case-insensitive to every
 * conforming client, so the whole server can use it.
 */
import http from 'node:http';

const FIRST = ['date', 'content-length', 'content-type'];
const SPECIAL: Record<string, string> = { etag: 'ETag', 'www-authenticate': 'WWW-Authenticate', 'x-xss-protection': 'X-XSS-Protection' };

export function canonicalHeaderName(lower: string): string {
  return SPECIAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

type HeaderValue = string | number | readonly string[];

export class CanonicalResponse<Req extends http.IncomingMessage = http.IncomingMessage> extends http.ServerResponse<Req> {
  override writeHead(statusCode: number, reasonOrHeaders?: string | http.OutgoingHttpHeaders | http.OutgoingHttpHeader[], maybeHeaders?: http.OutgoingHttpHeaders | http.OutgoingHttpHeader[]): this {
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const given = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    const all = new Map<string, HeaderValue>();
    // headers set earlier with setHeader(), then the ones passed here (they win)
    for (const [k, v] of Object.entries(this.getHeaders())) if (v !== undefined) all.set(k.toLowerCase(), v);
    if (Array.isArray(given)) {
      for (let i = 0; i + 1 < given.length; i += 2) all.set(String(given[i]).toLowerCase(), given[i + 1] as HeaderValue);
    } else if (given) {
      for (const [k, v] of Object.entries(given)) if (v !== undefined) all.set(k.toLowerCase(), v);
    }
    for (const name of this.getHeaderNames()) this.removeHeader(name);
    // JSON is UTF-8 by definition (RFC 8259 defines no charset parameter); firmware compares the text.
    if (all.get('content-type') === 'application/json; charset=utf-8') all.set('content-type', 'application/json');
    if (!all.has('date') && this.sendDate) all.set('date', new Date().toUTCString());
    const names = [...FIRST.filter((n) => all.has(n)), ...[...all.keys()].filter((n) => !FIRST.includes(n))];
    const flat: string[] = [];
    for (const n of names) {
      const v = all.get(n)!;
      for (const one of Array.isArray(v) ? v : [v]) flat.push(canonicalHeaderName(n), String(one));
    }
    return reason === undefined ? super.writeHead(statusCode, flat) : super.writeHead(statusCode, reason, flat);
  }
}

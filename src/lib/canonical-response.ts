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
    if (Array.isArray(given) && Array.isArray(given[0])) {
      // [[name, value], ...]: the tuple form Node's writeHead also accepts
      for (const pair of given as unknown as [string, HeaderValue][]) all.set(String(pair[0]).toLowerCase(), pair[1]);
    } else if (Array.isArray(given)) {
      for (let i = 0; i + 1 < given.length; i += 2) all.set(String(given[i]).toLowerCase(), given[i + 1] as HeaderValue);
    } else if (given) {
      for (const [k, v] of Object.entries(given)) if (v !== undefined) all.set(k.toLowerCase(), v);
    }
    for (const name of this.getHeaderNames()) this.removeHeader(name);
    // JSON is UTF-8 by definition (RFC 8259 defines no charset parameter); firmware compares the text.
    if (all.get('content-type') === 'application/json; charset=utf-8') all.set('content-type', 'application/json');
    if (!all.has('date') && this.sendDate) all.set('date', new Date().toUTCString());
    const names = [...FIRST.filter((n) => all.has(n)), ...[...all.keys()].filter((n) => !FIRST.includes(n))];
    // A repeated header (Set-Cookie) stays one array entry: Node applies a flat list with
    // setHeader, so two entries of the same name would overwrite each other.
    const flat: (string | string[])[] = [];
    for (const n of names) {
      const v = all.get(n)!;
      flat.push(canonicalHeaderName(n), Array.isArray(v) ? v.map(String) : String(v));
    }
    return reason === undefined ? super.writeHead(statusCode, flat) : super.writeHead(statusCode, reason, flat);
  }

  /**
   * res.end(body) before any header was sent: Node would append its own Content-Length after
   * Connection; declaring it here lets writeHead put it in its canonical place.
   */
  override end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    const status = this.statusCode;
    if (!this.headersSent && typeof chunk !== 'function' && !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding') && status >= 200 && status !== 204 && status !== 304) {
      const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
      const length = chunk === undefined || chunk === null ? 0 : typeof chunk === 'string' ? Buffer.byteLength(chunk, enc) : (chunk as Uint8Array).byteLength;
      this.setHeader('content-length', length);
    }
    return (super.end as (...a: unknown[]) => this)(chunk, encoding, cb);
  }
}

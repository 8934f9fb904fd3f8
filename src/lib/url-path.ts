/**
 * A request URL without its query string, for text sent back to the caller. The query carries
 * credentials (GroveStreams' api_key, an OAuth access_token, …), which an error message quoting
 * the URL must never echo: an answer may end up in logs, proxies and browser histories the key
 * was never meant for.
 */

import { queryPart } from './query-string.js';

/** The path of `url` (everything before '?'). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** `text` with every copy of `url`'s query string ('?' included) left out. */
export function withoutQuery(text: string, url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? text : text.split(url.slice(q)).join('');
}

/**
 * Query parameters that carry a secret: GroveStreams' api_key (and its session), an OAuth
 * access_token, refresh_token, client_secret or client assertion. Matched without regard to case,
 * as GroveStreams matches its reserved parameters.
 */
const SECRET_PARAMS = new Set(['api_key', 'session', 'access_token', 'refresh_token', 'client_secret', 'client_assertion', 'password']);

/**
 * `url` with the value of every secret-carrying query parameter replaced by `[redacted]`, for the
 * request log: the rest of the query (compId, stream ids, sd/ed) is what an operator needs to
 * tell requests apart, but a key in a log file is a key anyone with the log can use.
 */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url.slice(q + 1).split('&').map((part) => {
    // read as the server reads it (lib/query-string.ts): a name the parser decodes to api_key is one
    const qp = queryPart(part);
    if (qp?.rawValue === undefined || !SECRET_PARAMS.has(qp.key.toLowerCase())) return part;
    return `${part.slice(0, part.length - qp.rawValue.length)}[redacted]`;
  });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/**
 * A request URL without its query string, for text sent back to the caller. The query carries
 * credentials (GroveStreams' api_key, an OAuth access_token, …), which an error message quoting
 * the URL must never echo: an answer may end up in logs, proxies and browser histories the key
 * was never meant for.
 */

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

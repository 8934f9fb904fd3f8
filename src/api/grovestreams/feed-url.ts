/**
 * The URL form of PUT /api/feed (seed: "PUT feed (no JSON body)"): everything is in the query.
 * `data` parameters bind to streams by position, any other non-reserved parameter names a
 * stream; each may carry several values split by `delim`; sample times come from at most one of
 * `time` (epoch ms list), `timeEl` (ms elapsed before now) and `freq` (ms between samples, the
 * last one taken now), or are the server's time for single samples.
 */
import { badRequest } from '../../domain/errors.js';
import { parseEpochMs } from '../../domain/time.js';
import type { FeedItem } from '../../ingest/feed-input.js';
import { all, one, type Query } from '../../lib/query-string.js';

/** Parameters that are never stream ids (matched without regard to case, as devices vary). */
export const RESERVED = [
  'compId', 'compTmplId', 'compName', 'time', 'timeEl', 'freq', 'data', 'rsid', 'delim', 'folder', 'dtId', 'dsId',
  'asPut', 'api_key', 'org', 'session', 'retStreamId', 'retCompId', 'retFData', 'retUnit', 'retIntvlSd',
] as const;
const RESERVED_LOWER = new Map<string, string>(RESERVED.map((r) => [r.toLowerCase(), r]));

/** Renames reserved keys to their canonical spelling (compid → compId); stream ids keep their case. */
export function canonicalQuery(q: Query): Query {
  const out: Query = Object.create(null);
  for (const [k, v] of Object.entries(q)) {
    const name = RESERVED_LOWER.get(k.toLowerCase()) ?? k;
    const prev = out[name];
    out[name] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(v) ? v : [v])];
  }
  return out;
}

export interface UrlFeed {
  compId: string;
  items: FeedItem[];
  rsids: string[];
}

function parseIntList(name: string, text: string, delim: string, min: number): number[] {
  return text.split(delim).map((s) => {
    const n = name === 'time' ? parseEpochMs(s) : /^\d{1,15}$/.test(s.trim()) ? Number(s) : undefined;
    if (n === undefined || n < min) throw badRequest(`cannot read '${name}': '${s}' is not ${name === 'time' ? 'a time in epoch milliseconds' : 'a whole number of milliseconds'}`);
    return n;
  });
}

export function parseUrlFeed(q: Query, now: number): UrlFeed {
  const compId = one(q, 'compId');
  if (compId === undefined || compId === '') throw badRequest('cannot write feed: the compId parameter is required');
  const delim = one(q, 'delim') || ',';
  const timeParams = (['time', 'timeEl', 'freq'] as const).filter((p) => q[p] !== undefined);
  if (timeParams.length > 1) throw badRequest(`cannot write feed: use at most one of time, timeEl and freq (got ${timeParams.join(', ')})`);
  for (const p of timeParams) {
    const n = all(q, p).length;
    if (n > 1) throw badRequest(`cannot write feed: ${p} appears ${n} times; give one delimited list`);
  }

  const lists: { stream: FeedItem['stream']; name: string; values: string[] }[] = [];
  all(q, 'data').forEach((d, i) => lists.push({ stream: { position: i }, name: `data #${i + 1}`, values: d.split(delim) }));
  for (const [k, v] of Object.entries(q)) {
    if (RESERVED_LOWER.has(k.toLowerCase())) continue;
    const values = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(delim));
    lists.push({ stream: { id: k }, name: `'${k}'`, values });
  }
  if (lists.length === 0) throw badRequest('cannot write feed: the URL must have a data parameter or stream id parameters');

  let timesFor: (n: number, name: string) => number[];
  if (q.time !== undefined) {
    const t = parseIntList('time', one(q, 'time')!, delim, -Infinity);
    timesFor = (n, name) => {
      if (n !== t.length) throw badRequest(`cannot write feed: ${name} has ${n} value(s) but time has ${t.length}`);
      return t;
    };
  } else if (q.timeEl !== undefined) {
    const el = parseIntList('timeEl', one(q, 'timeEl')!, delim, 0);
    timesFor = (n, name) => {
      if (n !== el.length) throw badRequest(`cannot write feed: ${name} has ${n} value(s) but timeEl has ${el.length}`);
      return el.map((e) => now - e);
    };
  } else if (q.freq !== undefined) {
    const f = one(q, 'freq')!.trim();
    if (!/^\d{1,12}$/.test(f) || Number(f) <= 0) throw badRequest(`cannot write feed: freq must be a positive whole number of milliseconds, got '${f}'`);
    const freq = Number(f);
    timesFor = (n) => Array.from({ length: n }, (_, i) => now - (n - 1 - i) * freq);
  } else {
    timesFor = (n, name) => {
      if (n > 1) throw badRequest(`cannot write feed: ${name} has ${n} values; several values per stream need time, timeEl or freq`);
      return [now];
    };
  }
  const items = lists.map((l) => {
    const times = timesFor(l.values.length, l.name);
    return { compId, stream: l.stream, samples: l.values.map((value, i) => ({ time: times[i]!, value })) };
  });
  return { compId, items, rsids: all(q, 'rsid').filter((r) => r !== '') };
}

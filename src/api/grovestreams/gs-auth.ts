/**
 * Who is calling the GroveStreams dialect: the api_key secret from the query parameter or,
 * failing that, the cookie (the parameter wins; notes §2.1), looked up by its SHA-256 and
 * checked against the key's IP restrictions. Keys are cached briefly so a device's feed PUTs
 * do not each cost a lookup; a deleted key stops working within the cache lifetime.
 */
import net from 'node:net';
import { parse as parseCookie } from 'cookie';
import type { FastifyRequest } from 'fastify';
import { allows, type Action } from '../../auth/api-key-rights.js';
import { hashEquals, sha256 } from '../../auth/secrets.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import type { ApiKey, Org } from '../../domain/model.js';
import type { Clock } from '../../lib/clock.js';
import { one, type Query } from '../../lib/query-string.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { Store } from '../../storage/store.js';

export interface GsCaller {
  org: Org;
  key: ApiKey;
}

const TTL_MS = 5_000;
const MAX_KEYS = 10_000;

/** The key's IP/CIDR restrictions as one matcher, built once per cached lookup; undefined = anywhere. */
function ipMatcher(ranges: readonly string[]): ((ip: string) => boolean) | undefined {
  if (ranges.length === 0) return undefined;
  const list = new net.BlockList();
  for (const r of ranges) {
    const [addr, bits] = r.split('/');
    const type = net.isIPv6(addr!) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, type);
    else list.addSubnet(addr!, Number(bits), type);
  }
  return (ip) => {
    const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    const addr = v4mapped ? v4mapped[1]! : ip;
    return list.check(addr, net.isIPv6(addr) ? 'ipv6' : 'ipv4');
  };
}

export function createGsAuth(store: Store, clock: Clock) {
  // by the secret's SHA-256; an unknown key (or one whose org is gone) is not cached
  const cache = new TtlCache<string, { caller: GsCaller; ipOk: ((ip: string) => boolean) | undefined }>(clock, TTL_MS, MAX_KEYS);

  function lookup(secret: string) {
    const hash = sha256(secret);
    return cache.get(hash, async () => {
      const key = await store.apiKeys.findBySecretHash(hash);
      if (!key || !hashEquals(key.secretHash, hash)) return undefined;
      const org = await store.orgs.get(key.orgKey);
      if (!org) return undefined;
      const { secretHash: _omit, ...pub } = key;
      return { caller: { org, key: pub }, ipOk: ipMatcher(pub.ipRanges) };
    });
  }

  /** The caller of a request, or a DomainError (401 / 403). */
  async function authenticate(req: FastifyRequest): Promise<GsCaller> {
    const q = req.query as Query;
    let secret = one(q, 'api_key');
    if (!secret && req.headers.cookie) secret = parseCookie(req.headers.cookie).api_key;
    if (!secret) throw new DomainError('unauthenticated', 'an api_key is required (query parameter or cookie)');
    const found = await lookup(secret);
    if (!found) throw new DomainError('unauthenticated', 'unknown api_key');
    if (found.ipOk && !found.ipOk(req.socket.remoteAddress ?? req.ip)) {
      throw forbidden(`the api_key may not be used from ${req.ip}`);
    }
    return found.caller;
  }

  return { authenticate };
}

/** Throws 403 unless the caller's key allows `action` on `path`. */
export function requireRight(caller: GsCaller, path: string[], action: Action, componentUid?: string): void {
  if (!allows(caller.key.rights, path, action, componentUid)) {
    throw forbidden(`the api_key has no ${action} right on '${path.join('/')}'`);
  }
}

export function mayDo(caller: GsCaller, path: string[], action: Action, componentUid?: string): boolean {
  return allows(caller.key.rights, path, action, componentUid);
}

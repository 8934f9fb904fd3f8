/**
 * The one reader of process.env. Every variable GridGrove understands is declared here with its
 * type, default and what it changes; the result is validated once at start and frozen.
 * A bad value stops the start with a message naming the variable (contract §2).
 */
import path from 'node:path';
import { canonicalTimeZone } from '../domain/time-zone.js';

export interface RateLimit {
  /** requests allowed per window; 0 turns the limiter off */
  readonly max: number;
  readonly windowMs: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://... puts all data in PostgreSQL instead of the embedded SQLite file */
  readonly databaseUrl: string | undefined;
  readonly timezone: string;
  readonly logLevel: string;
  /** largest accepted request body after decompression, bytes */
  readonly bodyLimit: number;
  /** feed PUT rate limit, keyed by remote address + X-Forwarded-For */
  readonly feedRateLimit: RateLimit;
  /** seconds an idle keep-alive connection stays open (devices ask for 40–60 s) */
  readonly keepAliveTimeoutS: number;
  /**
   * GG_ROLLUPS=off: materialise no rollup states (statistics are then computed from raw samples
   * on read — still exact, slower for long ranges). For bulk imports and the benchmark baseline.
   */
  readonly materializeRollups: boolean;
  /** GG_SERVER_TIMING=on: a Server-Timing header with the time spent on each request */
  readonly serverTiming: boolean;
  /** how often the retention job applies delete profiles, ms; 0 turns it off */
  readonly retentionIntervalMs: number;
  /** lifetime of an OAuth2 access token (GridDuck dialect), seconds */
  readonly tokenTtlS: number;
  readonly bootstrap: {
    readonly apiKey: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly adminEmail: string | undefined;
    readonly adminPassword: string | undefined;
  };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function onOff(env: Env, name: string, dflt: boolean): boolean {
  const raw = str(env, name)?.trim().toLowerCase();
  if (raw === undefined) return dflt;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be 'on' or 'off', got '${env[name]}'`);
}

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** "12/120" = 12 requests per 120 s; "0" or "off" = no limit. */
export function parseRateLimit(name: string, raw: string | undefined): RateLimit {
  if (raw === undefined || raw === '' || raw === '0' || raw.toLowerCase() === 'off') return { max: 0, windowMs: 60_000 };
  const m = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m)?$/.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must look like '12/120s' (requests per window) or 'off', got '${raw}'`);
  const unit = m[3] === 'ms' ? 1 : m[3] === 'm' ? 60_000 : 1000;
  const windowMs = Number(m[2]) * unit;
  if (windowMs <= 0) throw new ConfigError(`${name}: the window must be longer than 0`);
  return { max: Number(m[1]), windowMs };
}

const INTERVAL_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A job interval: "90s", "15m", "1h", "1d", or plain seconds; "0" or "off" = never runs.
 * Between 1 second (a tighter loop would only load the store) and 30 days.
 */
export function parseInterval(name: string, raw: string | undefined, dfltMs: number): number {
  if (raw === undefined || raw === '') return dfltMs;
  const text = raw.trim().toLowerCase();
  if (text === '0' || text === 'off') return 0;
  const m = /^(\d{1,9})\s*([smhd])?$/.exec(text);
  if (!m) throw new ConfigError(`${name} must look like '1h', '15m', '90s', '1d' (or plain seconds) or 'off', got '${raw}'`);
  const ms = Number(m[1]) * INTERVAL_UNITS[m[2] ?? 's']!;
  if (ms < 1000 || ms > 30 * 86_400_000) throw new ConfigError(`${name} must be between 1s and 30d, got '${raw}'`);
  return ms;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const zoneText = str(env, 'GG_TIMEZONE') ?? 'UTC';
  const timezone = canonicalTimeZone(zoneText);
  if (timezone === undefined) throw new ConfigError(`GG_TIMEZONE must be an IANA time zone such as Europe/London, got '${zoneText}'`);
  const logLevel = str(env, 'GG_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`GG_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const databaseUrl = str(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got '${databaseUrl}'`);
  }
  const config: Config = {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    dataDir: path.resolve(str(env, 'GG_DATA_DIR') ?? './data'),
    databaseUrl,
    timezone,
    logLevel,
    bodyLimit: int(env, 'GG_BODY_LIMIT', 200 * 1024 * 1024, 1024, 2 ** 31),
    feedRateLimit: parseRateLimit('GG_FEED_RATE_LIMIT', str(env, 'GG_FEED_RATE_LIMIT')),
    keepAliveTimeoutS: int(env, 'GG_KEEPALIVE_TIMEOUT', 65, 1, 3600),
    materializeRollups: onOff(env, 'GG_ROLLUPS', true),
    serverTiming: onOff(env, 'GG_SERVER_TIMING', false),
    retentionIntervalMs: parseInterval('GG_RETENTION_INTERVAL', str(env, 'GG_RETENTION_INTERVAL'), 3_600_000),
    tokenTtlS: int(env, 'GG_TOKEN_TTL', 3600, 1, 366 * 86400),
    bootstrap: {
      apiKey: str(env, 'GG_BOOTSTRAP_API_KEY'),
      clientId: str(env, 'GG_BOOTSTRAP_CLIENT_ID'),
      clientSecret: str(env, 'GG_BOOTSTRAP_CLIENT_SECRET'),
      adminEmail: str(env, 'GG_BOOTSTRAP_ADMIN_EMAIL'),
      adminPassword: str(env, 'GG_BOOTSTRAP_ADMIN_PASSWORD'),
    },
  };
  if ((config.bootstrap.clientId === undefined) !== (config.bootstrap.clientSecret === undefined)) {
    throw new ConfigError('GG_BOOTSTRAP_CLIENT_ID and GG_BOOTSTRAP_CLIENT_SECRET must be set together');
  }
  return Object.freeze(config);
}

/** Configuration by environment, the same names everywhere (design.md). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** How long a session lives without being used again. */
  sessionTtlMs: number;
  /** The built PWA to serve; absent in API-only test servers. */
  staticDir: string | null;
  version: string;
  /**
   * Which proxies to believe about the client's address and protocol (TRUST_PROXY): false, true,
   * a number of hops, or addresses. Behind a TLS-terminating proxy this makes the session cookie
   * Secure, and sign-in limits see the real client's address.
   */
  trustProxy: boolean | number | string;
  /** The longest a request may take to arrive, headers and body (a slow client is cut off). */
  requestTimeoutMs: number;
  /** Request log level: silent, error, warn or info. Logs carry no personal data. */
  logLevel: 'silent' | 'error' | 'warn' | 'info';
  /** Pushes and pulls worked on at once (SYNC_SLOTS); the others wait their turn. */
  syncSlots: number;
  /** Pushes and pulls that may wait (SYNC_QUEUE); one more is answered 503 busy at once. */
  syncQueue: number;
  /**
   * The key a district office's system shows to read the district report (DISTRICT_REPORT_TOKEN,
   * at least 32 characters); without one the report is off.
   */
  districtReportToken: string | null;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

const MIN_TOKEN = 32;

function token(name: string, raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.length < MIN_TOKEN) throw new Error(`${name} must be at least ${MIN_TOKEN} characters, got ${raw.length}`);
  return raw;
}

function logLevel(raw: string | undefined): Config['logLevel'] {
  if (raw === undefined || raw === '') return 'info';
  if (raw === 'silent' || raw === 'error' || raw === 'warn' || raw === 'info') return raw;
  throw new Error(`LOG_LEVEL must be silent, error, warn or info, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer('PORT', env.PORT, 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || 'file:./data/gridwork.db',
    sessionTtlMs: integer('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 24 * 30, 1, 24 * 365) * 3600 * 1000,
    staticDir: env.STATIC_DIR === '' ? null : resolve(env.STATIC_DIR || 'dist'),
    version: packageVersion(),
    trustProxy: trustProxy(env.TRUST_PROXY),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_SECONDS', env.REQUEST_TIMEOUT_SECONDS, 120, 1, 3600) * 1000,
    logLevel: logLevel(env.LOG_LEVEL),
    syncSlots: integer('SYNC_SLOTS', env.SYNC_SLOTS, 2, 1, 64),
    syncQueue: integer('SYNC_QUEUE', env.SYNC_QUEUE, 200, 0, 100_000),
    districtReportToken: token('DISTRICT_REPORT_TOKEN', env.DISTRICT_REPORT_TOKEN),
  };
}

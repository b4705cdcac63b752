/**
 * Real servers for tests, on 127.0.0.1 with a real database of their own (SQLite or PostgreSQL:
 * the test run's, see databases.ts): in-process (buildApp + listen) for API tests, or as a child
 * process (`server/main.ts`) for tests that kill and restart it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../../server/app.ts';
import type { LoginLimits } from '../../server/auth/login-limiter.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseKind } from '../../server/db/dialect.ts';
import { openDatabase } from '../../server/db/open.ts';
import type { Database } from '../../server/db/schema.ts';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { type DatabaseTarget, databaseOfThisRun, freshDatabaseUrl, removeFreshDatabase } from './databases.ts';
import { ROOT } from './paths.ts';

export interface TestServer {
  url: string;
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  app: FastifyInstance;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startServer(
  options: {
    seeded?: boolean;
    serveApp?: boolean;
    env?: NodeJS.ProcessEnv;
    loginLimits?: LoginLimits;
    /** The test run's database unless given (benchmarks name theirs). */
    database?: DatabaseTarget;
    /** An existing database instead of a fresh one: a second server instance on it. */
    databaseUrl?: string;
    /** Keep the fresh database after `stop` (deleted then otherwise): the caller reads it still. */
    keepDatabase?: boolean;
    /** How long a PostgreSQL statement may wait for a lock (the server's default otherwise). */
    postgresLockWaitMs?: number;
  } = {},
) {
  const databaseUrl =
    options.databaseUrl ?? (await freshDatabaseUrl(options.database ?? databaseOfThisRun(), options.seeded ?? true));
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', ...options.env, DATABASE_URL: databaseUrl }),
    staticDir: options.serveApp ? join(ROOT, 'dist') : null,
  };
  const database = await openDatabase(
    config.databaseUrl,
    options.postgresLockWaitMs ? { postgresLockWaitMs: options.postgresLockWaitMs } : {},
  );
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    db: database.db,
    databaseKind: database.kind,
    app,
    databaseUrl,
    async stop() {
      await app.close();
      await database.close();
      if (!options.databaseUrl && !options.keepDatabase) removeFreshDatabase(databaseUrl);
    },
  } satisfies TestServer;
}

export interface ServerProcess {
  url: string;
  port: number;
  /** The process id, to read its memory from /proc. */
  pid: number;
  databaseUrl: string;
  /** Kills the process at once (SIGKILL: no graceful shutdown, as in a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Everything the process printed (its log), over all its restarts. */
  log(): string;
}

interface Launched {
  child: ChildProcess;
  port: number;
}

/** The log lines a process printed, kept in full (the pipes are always drained, or the child would block). */
class ProcessLog {
  text = '';
  add = (chunk: Buffer) => {
    this.text += chunk.toString();
  };
}

interface LaunchOptions {
  /** The built PWA to serve, or null for the API only. */
  staticDir: string | null;
  logLevel: string;
  /** Flags for Node itself, e.g. a heap limit the server must live within. */
  nodeOptions: string[];
  /** Modules the process imports first (e.g. hooks that break it on purpose, for the simulation). */
  nodeImports: string[];
  env: NodeJS.ProcessEnv;
}

function launch(port: number, databaseUrl: string, options: LaunchOptions, log: ProcessLog): Promise<Launched> {
  const { staticDir, logLevel } = options;
  const imports = [...options.nodeImports, 'tsx'].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...options.nodeOptions, ...imports, join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      STATIC_DIR: staticDir ?? '',
      LOG_LEVEL: logLevel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const start = log.text.length;
  child.stdout?.on('data', log.add);
  child.stderr?.on('data', log.add);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 30 s:\n${log.text.slice(start)}`)),
      30_000,
    );
    const onData = () => {
      const match = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(log.text.slice(start));
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve({ child, port: Number(match[1]) });
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log.text.slice(start)}`));
    };
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startServerProcess(
  options: {
    seeded?: boolean;
    serveApp?: boolean;
    logLevel?: 'silent' | 'error' | 'warn' | 'info';
    nodeImports?: string[];
    nodeOptions?: string[];
    env?: NodeJS.ProcessEnv;
    /** The test run's database unless given (benchmarks name theirs). */
    database?: DatabaseTarget;
    /** An existing database instead of a fresh one. */
    databaseUrl?: string;
    /** Another build of the PWA to serve than dist/ (implies serveApp). */
    staticDir?: string;
  } = {},
): Promise<ServerProcess> {
  const databaseUrl =
    options.databaseUrl ?? (await freshDatabaseUrl(options.database ?? databaseOfThisRun(), options.seeded ?? true));
  const launchOptions: LaunchOptions = {
    staticDir: options.staticDir ?? (options.serveApp ? join(ROOT, 'dist') : null),
    logLevel: options.logLevel ?? 'warn',
    nodeImports: options.nodeImports ?? [],
    nodeOptions: options.nodeOptions ?? [],
    env: options.env ?? {},
  };
  const log = new ProcessLog();
  let { child, port } = await launch(0, databaseUrl, launchOptions, log);
  const kill = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return child.pid ?? 0;
    },
    databaseUrl,
    kill,
    async restart() {
      ({ child, port } = await launch(port, databaseUrl, launchOptions, log));
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      if (!options.databaseUrl) removeFreshDatabase(databaseUrl);
    },
    log: () => log.text,
  };
}

/** Answers are arbitrary JSON whose shape each test asserts. */
// biome-ignore lint/suspicious/noExplicitAny: the assertions narrow it
export type JsonBody = any;

/** A tiny HTTP client with a cookie jar of one session, for API tests and simulated devices. */
export class ApiClient {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    rawBody?: string | Uint8Array<ArrayBuffer>,
    contentType = 'application/json',
  ): Promise<{ status: number; body: JsonBody; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined || rawBody !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (the PWA's HTML): leave as text.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** Uploads a file as the request body, with its content type (imports). */
  upload(path: string, bytes: Uint8Array<ArrayBuffer>, contentType: string) {
    return this.request('POST', path, undefined, bytes, contentType);
  }

  /** A download's bytes, status and headers (exports, templates). */
  async download(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  async login(username: string, password = 'gridwork-demo') {
    const response = await this.request('POST', '/api/auth/login', { username, password });
    if (response.status !== 200)
      throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.user as SessionUser;
  }

  /** The session cookie, for fetches made outside this client (simulated devices). */
  sessionCookie(): string {
    return this.cookie;
  }
}

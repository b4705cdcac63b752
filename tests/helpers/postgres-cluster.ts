/**
 * A throwaway PostgreSQL cluster for tests and benchmarks, never a system service: Debian's own
 * binaries (/usr/lib/postgresql/<version>/bin, the newest installed), a fresh data directory
 * under test-results/, listening on 127.0.0.1 only on a free port, password required; stopped and
 * deleted at the end.
 *
 * initdb refuses to run as root, and CI runs as root: there the cluster runs as Debian's
 * `postgres` system user (made by the postgresql package), through runuser. As anyone else, it
 * runs as that user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { TMP_ROOT, tempDir } from './paths.ts';

const run = promisify(execFile);

const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';
const SUPERUSER = 'gridwork';
const CLUSTER_DIR_PREFIX = 'postgres';
const STARTER_PID_FILE = 'started-by.pid';

export interface PostgresCluster {
  /** The cluster's maintenance database (postgres://…/postgres), for creating the others. */
  url: string;
  /** Stops the cluster and deletes its files. */
  stop(): Promise<void>;
}

/** The bin directory of the newest PostgreSQL installed the Debian way, or POSTGRES_BIN_DIR. */
export function postgresBinDir(): string {
  const override = process.env.POSTGRES_BIN_DIR;
  if (override) return override;
  const versions = existsSync(DEBIAN_POSTGRESQL)
    ? readdirSync(DEBIAN_POSTGRESQL)
        .filter((version) => existsSync(join(DEBIAN_POSTGRESQL, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) {
    throw new Error(
      `PostgreSQL not found: no ${DEBIAN_POSTGRESQL}/<version>/bin/initdb. Install Debian's postgresql ` +
        '(apt-get install postgresql; no service needs to run, the tests start their own cluster) or set ' +
        'POSTGRES_BIN_DIR. The server tests and the simulation run on PostgreSQL too and are never skipped.',
    );
  }
  return join(DEBIAN_POSTGRESQL, versions[0], 'bin');
}

interface ClusterOwner {
  /** Runs a PostgreSQL program as the user the cluster belongs to. */
  exec(program: string, args: string[]): Promise<void>;
  /** Gives a directory or file we created to that user, and checks that they can reach it. */
  own(path: string): Promise<void>;
}

function clusterOwner(): ClusterOwner {
  const asRoot = process.getuid?.() === 0;
  const exec = async (program: string, args: string[]) => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
    try {
      await run(command, commandArgs, { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${[command, ...commandArgs].join(' ')} failed:\n${stderr || stdout || String(error)}`);
    }
  };
  if (!asRoot) return { exec, own: async () => {} };
  let ids: { uid: number; gid: number };
  try {
    ids = {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    };
  } catch {
    throw new Error(
      'Running as root, and initdb refuses to: the test cluster runs as the postgres system user, which is ' +
        "missing. Install Debian's postgresql package (it creates the user), or run the tests as another user.",
    );
  }
  return {
    exec,
    async own(path) {
      chownSync(path, ids.uid, ids.gid);
      await exec('test', ['-r', path]).catch(() => {
        throw new Error(
          `The postgres system user cannot reach ${path}: a directory above it is closed to other users. ` +
            'Make them traversable (chmod o+x) or run the tests as a user other than root.',
        );
      });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port on 127.0.0.1');
  return address.port;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops the clusters that interrupted earlier runs left running, and deletes them: those whose
 * starting process is gone (a test run and a benchmark may run side by side, each with its own).
 */
async function stopLeftovers(binDir: string, owner: ClusterOwner): Promise<void> {
  if (!existsSync(TMP_ROOT)) return;
  for (const name of readdirSync(TMP_ROOT)) {
    if (!name.startsWith(`${CLUSTER_DIR_PREFIX}-`)) continue;
    const starter = join(TMP_ROOT, name, STARTER_PID_FILE);
    if (existsSync(starter) && isRunning(Number(readFileSync(starter, 'utf8')))) continue;
    const data = join(TMP_ROOT, name, 'data');
    if (existsSync(join(data, 'postmaster.pid'))) {
      await owner.exec(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    rmSync(join(TMP_ROOT, name), { recursive: true, force: true });
  }
}

/**
 * Starts a cluster. `durable: false` (tests) turns off fsync and full-page writes: the cluster is
 * deleted after the run, so crash safety of its files protects nothing and costs time. Benchmarks
 * keep PostgreSQL's durable defaults, to compare with SQLite's synchronous=FULL.
 */
export async function startPostgresCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const binDir = postgresBinDir();
  const owner = clusterOwner();
  await stopLeftovers(binDir, owner);
  const dir = tempDir(CLUSTER_DIR_PREFIX);
  writeFileSync(join(dir, STARTER_PID_FILE), String(process.pid));
  await owner.own(dir);
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  await owner.own(passwordFile);
  await owner.exec(join(binDir, 'initdb'), [
    '--pgdata',
    data,
    '--username',
    SUPERUSER,
    '--pwfile',
    passwordFile,
    '--auth',
    'scram-sha-256',
    '--encoding',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  rmSync(passwordFile);
  const settings = [
    "listen_addresses = '127.0.0.1'",
    // No Unix socket: everything, pg_ctl's readiness check included, goes over 127.0.0.1.
    "unix_socket_directories = ''",
    'max_connections = 200',
    ...(options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
  ];
  appendFileSync(join(data, 'postgresql.conf'), `\n# Gridwork's throwaway cluster\n${settings.join('\n')}\n`);

  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await owner.exec(join(binDir, 'pg_ctl'), [
        '--pgdata',
        data,
        '--log',
        join(dir, 'server.log'),
        '--options',
        `-p ${port}`,
        '--wait',
        'start',
      ]);
      break;
    } catch (error) {
      // Another process may have taken the port between our check and the start.
      if (attempt === 3) throw error;
    }
  }
  return {
    url: `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await owner.exec(join(binDir, 'pg_ctl'), ['--pgdata', data, '--mode', 'fast', '--wait', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The URL of another database of the same cluster. */
export function databaseUrl(clusterUrl: string, database: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database, empty or as a copy of `template` (which must have no open connection). */
export async function createDatabase(clusterUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    const ident = (identifier: string) => client.escapeIdentifier(identifier);
    await client.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`);
  } finally {
    await client.end();
  }
  return databaseUrl(clusterUrl, name);
}

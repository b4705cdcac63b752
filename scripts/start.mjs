// `npm start`: builds the PWA if the build is missing or older than its sources, then serves it
// with the API. `npm run demo` seeds demo data into an empty database first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

const SOURCES = ['src', 'sw', 'shared', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function buildIsStale() {
  const built = 'dist/index.html';
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => existsSync(source) && newestChange(source) > builtAt);
}

if (buildIsStale()) {
  console.log('Building the PWA…');
  // NODE_ENV decides whether Vite makes a production bundle; an inherited "test" or "development"
  // would ship a build without the service worker.
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

register();
if (process.argv.includes('--demo')) await import('../server/seed-cli.ts');
await import('../server/main.ts');

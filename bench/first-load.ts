/**
 * The built PWA's first load over real HTTP, as a phone meets it: the app is built (vite build,
 * with its brotli and gzip copies), served by our server process from 127.0.0.1, and opened in a
 * fresh Chromium profile at phone size, twice: the sign-in screen of a first visit, and a grid
 * worker's home right after signing in. What the page fetched is read from Chromium itself: the
 * JavaScript bytes on the wire (brotli, as Chromium asks for it), and the same files' gzip copies
 * (a browser without brotli) and plain sizes. The service worker's precache, fetched after the
 * page is up, is not the page's first load and is not counted.
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, PHONE } from '../tests/helpers/browser.ts';
import { ROOT, tempDir } from '../tests/helpers/paths.ts';
import { startServerProcess } from '../tests/helpers/server.ts';
import { kb, type Report } from './report.ts';

interface Loaded {
  /** The distinct script files, each with its size on the wire. */
  scripts: string[];
  wire: number;
  gzip: number;
  plain: number;
  requests: number;
  encodings: string[];
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Opens `/` in a fresh context (signed in first as `username`, if given) and adds up the JS it fetched. */
async function firstLoad(browser: Browser, url: string, outDir: string, username?: string): Promise<Loaded> {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'allow' });
  try {
    if (username) {
      const response = await context.request.post(`${url}/api/auth/login`, {
        data: { username, password: 'gridwork-demo' },
      });
      if (response.status() !== 200) throw new Error(`sign-in failed: ${response.status()}`);
    }
    const page = await context.newPage();
    const pending: Promise<{ path: string; encoding: string }>[] = [];
    page.on('requestfinished', (request) => {
      const path = new URL(request.url()).pathname;
      if (!/\.m?js$/.test(path)) return;
      pending.push(
        request.response().then((response) => ({ path, encoding: response?.headers()['content-encoding'] ?? '' })),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    const requested = await Promise.all(pending);
    // A chunk that the page and its sync worker both import is requested twice but sent once: the
    // page's copy is in the browser's cache before the worker starts, and the assets are immutable
    // (server/routes/app-shell.ts), so the worker's request never reaches the server. Each file
    // counts once.
    const loaded = [...new Map(requested.map((script) => [script.path, script])).values()];
    const file = (path: string) => join(outDir, path);
    // The bytes on the wire are the file the server sent: its brotli or gzip copy, or the plain one.
    // (Chromium's own count leaves out what a dedicated worker fetched.)
    const onWire = ({ path, encoding }: { path: string; encoding: string }) =>
      sizeOf(`${file(path)}${encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : ''}`);
    return {
      scripts: loaded.map((script) => `${script.path.split('/').pop()} ${kb(onWire(script))}`),
      wire: loaded.reduce((sum, script) => sum + onWire(script), 0),
      encodings: [...new Set(loaded.map((script) => script.encoding || 'identity'))],
      gzip: loaded.reduce((sum, script) => sum + (sizeOf(`${file(script.path)}.gz`) || sizeOf(file(script.path))), 0),
      plain: loaded.reduce((sum, script) => sum + sizeOf(file(script.path)), 0),
      requests: requested.length,
    };
  } finally {
    await context.close();
  }
}

export async function benchFirstLoad(report: Report): Promise<void> {
  const dir = tempDir('bench-first-load');
  const outDir = join(dir, 'dist');
  console.error('first load: building the PWA');
  await build({ root: ROOT, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await startServerProcess({ database: { kind: 'sqlite' }, seeded: true, staticDir: outDir });
  const browser = await launchChromium();
  try {
    console.error('first load: the sign-in screen, and a grid worker’s home');
    const signIn = await firstLoad(browser, server.url, outDir);
    const worker = await firstLoad(browser, server.url, outDir, 'worker01');
    for (const [label, loaded] of [
      ['sign-in screen, first visit', signIn],
      ['grid worker’s home, after sign-in', worker],
    ] as const) {
      report.row(
        'first load, built PWA over HTTP',
        `${label}: JS on the wire (brotli)`,
        kb(loaded.wire),
        `gzip ${kb(loaded.gzip)}, plain ${kb(loaded.plain)}; ${loaded.scripts.length} scripts (${loaded.requests} requests), sent ${loaded.encodings.join(', ')}; aim < 100 KB`,
      );
    }
    report.set('first_load_js_wire_kb', worker.wire / 1024);
    report.set('first_load_js_gzip_kb', worker.gzip / 1024);
    report.set('first_load_js_plain_kb', worker.plain / 1024);
    report.set('first_load_scripts', worker.scripts.join(', '));
    report.note(`first load's scripts on the wire: ${worker.scripts.join(', ')}`);
    report.set('sign_in_screen_js_wire_kb', signIn.wire / 1024);
  } finally {
    await browser.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Steps a user takes in the PWA, for the end-to-end tests. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, PHONE } from './browser.ts';
import { TMP_ROOT } from './paths.ts';
import { startServer, type TestServer } from './server.ts';

export const SCREENSHOTS = join(TMP_ROOT, 'screenshots');

export async function signIn(page: Page, username: string, password = 'gridwork-demo'): Promise<void> {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=sync-bar]');
}

/** Waits until the service worker controls the page, reloading once if it took over late. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const controlled = await page
    .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (!controlled) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  }
}

/**
 * Holds the device's writes back: another readwrite transaction on the outbox, which every
 * user's step writes, kept open (a transaction lives while it has requests) until `letWritesGo`.
 */
export async function holdWrites(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('gridwork');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const outbox = opening.result.transaction(['outbox'], 'readwrite').objectStore('outbox');
          const held = { letGo: false };
          Object.assign(window, { heldWrites: held });
          const askAgain = () => {
            if (!held.letGo) outbox.count().onsuccess = askAgain;
          };
          outbox.count().onsuccess = () => {
            askAgain();
            resolve();
          };
        };
      }),
  );
}

export async function letWritesGo(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { heldWrites: { letGo: boolean } }).heldWrites.letGo = true;
  });
}

/** Changes still waiting in the device's outbox, read from IndexedDB itself. */
export function outboxCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('gridwork');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('outbox').objectStore('outbox').count();
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** All records of one device table, read from IndexedDB itself. */
export function localRecords(page: Page, table: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (name) =>
      new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
        const open = indexedDB.open('gridwork');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as Array<Record<string, unknown>>);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Opens the first household of the first building on the grid worker's home screen. */
export async function openFirstHousehold(page: Page): Promise<string> {
  await page.click('[data-testid=buildings] li a');
  await page.waitForSelector('[data-testid=households] li a');
  await page.click('[data-testid=households] li a');
  await page.waitForSelector('[data-testid=log-visit]');
  return page.url();
}

export async function logVisit(page: Page, needText: string): Promise<void> {
  await page.click('[data-testid=log-visit]');
  await page.waitForSelector('.visit-form');
  await page.click('.visit-form .choices button:nth-child(2)');
  await page.click('.visit-form button.secondary');
  await page.fill('.need input', needText);
  await page.click('.visit-form button[type=submit]');
  await page.waitForSelector(`[data-testid=visit-history] .visit:has-text("${needText}")`);
}

/** The app under test: a seeded server serving the built PWA, and Chromium, for one file. */
export function appUnderTest(): { server: TestServer; browser: Browser } {
  const state = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    state.server = await startServer({ seeded: true, serveApp: true });
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
  });
  return state;
}

/** A phone signed in as `username`, its data pulled, with the service worker in control. */
export async function openSignedIn(
  app: { server: TestServer; browser: Browser },
  username: string,
  initScript?: () => void,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext(PHONE);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  await page.goto(app.server.url);
  await signIn(page, username);
  await page.waitForSelector('main h1');
  await waitForServiceWorkerControl(page);
  return { context, page };
}

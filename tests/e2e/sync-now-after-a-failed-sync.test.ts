/**
 * A grid worker's phone shows 在线 but the server cannot be reached (a weak signal, a server
 * restarting): the service worker's background sync fails, and Chromium puts the next attempt
 * off by minutes, whatever the page asks (registering the same tag again does not bring it
 * forward). When the server is back, "↻ 同步" must send the visit at once, not minutes later.
 */
import { describe, expect, it } from 'vitest';
import { appUnderTest, logVisit, openFirstHousehold, openSignedIn, screenshot } from '../helpers/app-page.ts';

describe('sync now, after a background sync failed', () => {
  const app = appUnderTest();

  it('sends the visit as soon as the server is back and the worker asks', { timeout: 90_000 }, async () => {
    const { page } = await openSignedIn(app, 'worker01');
    await page.evaluate(() => {
      const heard: { type: string; by?: string }[] = [];
      Object.assign(window, { heardSyncs: heard });
      new BroadcastChannel('gridwork-sync').onmessage = (event) => heard.push(event.data);
    });
    const http = app.server.app.server;
    const port = Number(new URL(app.server.url).port);

    // The server goes away; the phone still thinks it is online.
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    await openFirstHousehold(page);
    await logVisit(page, '楼道堆放杂物，需要清理');
    // The service worker's sync ran, and failed.
    await page.waitForFunction(
      () => {
        const heard = (window as unknown as { heardSyncs: { type: string; by?: string }[] }).heardSyncs;
        return (
          heard.some((message) => message.type === 'sync-started' && message.by === 'service-worker') &&
          heard.some((message) => message.type === 'sync-failed')
        );
      },
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.getAttribute('[data-testid=unsynced-count]', 'data-count')).toBe('1');
    await screenshot(page, 'sync-failed-server-unreachable');

    // The server is back; the worker taps ↻ 同步 and the visit goes, well inside a minute.
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()));
    await page.click('[data-testid=sync-bar] button:has-text("同步")');
    await page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=visit-history] [data-sync-state=synced]');
  });
});

/**
 * A grid worker opens the app once online, walks into a stairwell with no signal, reopens the
 * app, logs a visit, and comes back online: the app opened from the precache, the visit was in
 * IndexedDB at once, and it reached the server without a tap.
 */
import { describe, expect, it } from 'vitest';
import {
  appUnderTest,
  localRecords,
  logVisit,
  openFirstHousehold,
  outboxCount,
  screenshot,
  signIn,
  waitForServiceWorkerControl,
} from '../helpers/app-page.ts';
import { PHONE } from '../helpers/browser.ts';
import { ApiClient } from '../helpers/server.ts';

describe('grid worker, offline in a stairwell', () => {
  const app = appUnderTest();

  it('opens with the network cut, logs a visit into IndexedDB, and syncs it on reconnect without a tap', {
    timeout: 120_000,
  }, async () => {
    const context = await app.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await screenshot(page, 'sign-in');
    await signIn(page, 'worker01');
    await page.waitForSelector('[data-testid=buildings] li');
    await waitForServiceWorkerControl(page);
    await screenshot(page, 'grid-worker-home-online');

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=buildings] li');
    expect(await page.textContent('header')).toContain('网格通');
    // The browser may tell the page it is offline a moment after the first render (a full test run
    // once read 在线 here): the bar must say so within seconds.
    await page.waitForFunction(
      () => document.querySelector('[data-testid=online-state]')?.textContent === '离线',
      null,
      {
        timeout: 5_000,
      },
    );
    await screenshot(page, 'grid-worker-home-offline');

    await openFirstHousehold(page);
    await logVisit(page, '楼道灯坏了，需要维修');
    // The one written here, beside the visits of the demo's quarter pulled earlier.
    const visits = (await localRecords(page, 'visits')).filter((visit) => visit.syncState === 'pending');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ purpose: 'sentiment', syncState: 'pending' });
    expect(await outboxCount(page)).toBe(1);
    await page.waitForSelector('[data-testid=unsynced-count][data-count="1"]');
    await screenshot(page, 'household-after-offline-visit');

    // Listen to what every context says about syncs: who ran them.
    await page.evaluate(() => {
      const heard: { type: string; by?: string }[] = [];
      Object.assign(window, { heardSyncs: heard });
      new BroadcastChannel('gridwork-sync').onmessage = (event) => heard.push(event.data);
    });

    // Back online: nothing is clicked; the service worker's background sync sends it.
    await context.setOffline(false);
    await page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 30_000 });
    expect(
      await page.evaluate(() =>
        (window as unknown as { gridwork: { scheduler: { path(): string } } }).gridwork.scheduler.path(),
      ),
    ).toBe('background-sync');
    // The service worker itself ran the sync that sent the visit (not the page's fallback).
    await page.waitForFunction(() =>
      (window as unknown as { heardSyncs: { type: string }[] }).heardSyncs.some((m) => m.type === 'sync-finished'),
    );
    const heard = await page.evaluate(
      () => (window as unknown as { heardSyncs: { type: string; by?: string }[] }).heardSyncs,
    );
    const runs = heard.filter((message) => message.type === 'sync-started');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((message) => message.by)).toEqual(runs.map(() => 'service-worker'));
    await page.waitForSelector('[data-testid=visit-history] [data-sync-state=synced]');
    expect(await outboxCount(page)).toBe(0);
    await screenshot(page, 'household-after-sync');

    const supervisor = new ApiClient(app.server.url);
    await supervisor.login('supervisor');
    const { body } = await supervisor.request('GET', '/api/sync/pull?limit=5000');
    const visitChanges = body.changes.filter(
      (change: { table: string; recordId: string }) => change.table === 'visits' && change.recordId === visits[0]?.id,
    );
    expect(visitChanges).toHaveLength(1);
    expect(visitChanges[0].record).toMatchObject({ id: visits[0]?.id, purpose: 'sentiment' });
  });
});

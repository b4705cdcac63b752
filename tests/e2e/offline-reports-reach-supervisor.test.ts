/**
 * Two people, two browsers. A grid worker, offline, logs a visit and reports a broken lift; when
 * the network returns the records leave the phone by themselves, and the community supervisor,
 * signing in elsewhere, sees both. Run twice: through the service worker's Background Sync
 * (Chromium), and through the page's own fallback with `registration.sync` made unavailable, as
 * on Safari, Firefox and Android WebView.
 */
import { describe, expect, it } from 'vitest';
import {
  appUnderTest,
  logVisit,
  openFirstHousehold,
  openSignedIn,
  outboxCount,
  screenshot,
  signIn,
} from '../helpers/app-page.ts';
import { PHONE } from '../helpers/browser.ts';

/** What Safari and Firefox look like to the app: no Background Sync on the registration. */
function hideBackgroundSync(): void {
  Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', { get: () => undefined, configurable: true });
}

const PATHS = [
  { path: 'background-sync', withoutBackgroundSync: false },
  { path: 'page', withoutBackgroundSync: true },
] as const;

describe.each(PATHS)('offline reports reach the supervisor ($path path)', ({ path, withoutBackgroundSync }) => {
  const app = appUnderTest();

  it('syncs without a tap when the network returns, and the supervisor sees both records', {
    timeout: 120_000,
  }, async () => {
    const { context: worker, page: workerPage } = await openSignedIn(
      app,
      'worker02',
      withoutBackgroundSync ? hideBackgroundSync : undefined,
    );
    await workerPage.waitForSelector('[data-testid=buildings] li');

    await worker.setOffline(true);
    await openFirstHousehold(workerPage);
    const householdTitle = (await workerPage.textContent('main h1'))?.trim() ?? '';
    await logVisit(workerPage, '独居老人需要送餐');
    await workerPage.goto(`${app.server.url}/#/report-issue`);
    // No building is preset: the worker picks the one the issue is in.
    expect(await workerPage.inputValue('select[name=building]')).toBe('');
    await workerPage.selectOption('select[name=building]', { index: 1 });
    await workerPage.click('form .choices button:has-text("电梯故障")');
    await workerPage.fill('input[name=title]', '3号楼电梯停运');
    await workerPage.fill('textarea[name=description]', '电梯停在5楼，老人下不了楼');
    await screenshot(workerPage, `report-issue-offline-${path}`);
    await workerPage.click('form button[type=submit]');
    await workerPage.waitForSelector('[data-testid=issue-status]');
    expect(await workerPage.textContent('main h1')).toBe('3号楼电梯停运');
    expect(await outboxCount(workerPage)).toBe(2);
    await workerPage.waitForSelector('[data-testid=unsynced-count][data-count="2"]');

    await worker.setOffline(false);
    await workerPage.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    expect(await outboxCount(workerPage)).toBe(0);
    const usedPath = await workerPage.evaluate(() =>
      (window as unknown as { gridwork: { scheduler: { path(): string } } }).gridwork.scheduler.path(),
    );
    expect(usedPath).toBe(path);

    const supervisor = await app.browser.newContext(PHONE);
    const supervisorPage = await supervisor.newPage();
    await supervisorPage.goto(app.server.url);
    await signIn(supervisorPage, 'supervisor');
    const [room, head] = householdTitle.split(' · ');
    await supervisorPage.waitForSelector(`[data-testid=recent-visits] li:has-text("${room} ${head}")`, {
      timeout: 60_000,
    });
    await supervisorPage.waitForSelector('[data-testid=issues] li:has-text("3号楼电梯停运")');
    expect(await supervisorPage.textContent('[data-testid=issues]')).toContain('已上报');
    await screenshot(supervisorPage, `supervisor-sees-reports-${path}`);
    await worker.close();
    await supervisor.close();
  });
});

/**
 * The community service screens as the community's secretary sees them on a 390×844 phone, online
 * and offline (they are the phone's own records): each renders its heading, nothing overflows
 * sideways, axe finds nothing serious, and a form saved empty says what is missing in words. Then
 * the desk's service pages at 1440×900, the quarterly report of the demo's quarter among them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, openSignedIn, screenshot, signIn } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';

async function expectFits(page: Page, name: string, width: number = PHONE.viewport.width): Promise<void> {
  await page.waitForSelector('main h1');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name} is wider than the screen`).toBeLessThanOrEqual(width);
  expect(await seriousA11yViolations(page), `${name}: accessibility`).toEqual([]);
  await screenshot(page, name);
}

/** Saves a form untouched: its first error is in words and in view. */
async function expectEmptyFormRefused(page: Page, name: string, words: string): Promise<void> {
  await page.click('form button[type=submit]');
  await page.waitForSelector('.form-error');
  expect(await page.textContent('.form-error')).toBe(words);
  expect(await page.isVisible('.form-error')).toBe(true);
  await expectFits(page, name);
}

describe('community service screens', () => {
  const app = appUnderTest();

  it('fit a phone, online and offline, and a form saved empty says what is missing', {
    timeout: 240_000,
  }, async () => {
    const { context, page } = await openSignedIn(app, 'supervisor');
    const go = async (hash: string) => {
      await page.goto(`${app.server.url}/#/service${hash}`);
      await page.waitForSelector('main h1');
    };
    // The whole community's quarter reaches the phone before it goes offline.
    await go('/wishes');
    await page.waitForSelector('[data-testid=wishes-closed] a', { timeout: 90_000 });
    await page.waitForSelector('[data-testid=unsynced-count]');
    for (const network of ['online', 'offline'] as const) {
      await context.setOffline(network === 'offline');
      await go('');
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=service-wishes]')?.textContent?.includes('待认领 0'),
      );
      await expectFits(page, `service-home-${network}`);
      await go('/wishes');
      await page.waitForSelector('[data-wish-id]');
      await expectFits(page, `service-wishes-${network}`);
      await page.click('[data-testid=wishes-closed] a');
      await page.waitForSelector('[data-testid=wish-history] .photos img');
      await expectFits(page, `service-wish-closed-${network}`);
      await go('/needs');
      await page.waitForSelector('[data-testid=needs] li .row-title');
      await expectFits(page, `service-needs-${network}`);
      await go('/need-new');
      await expectEmptyFormRefused(page, `service-need-form-error-${network}`, '请填写需求类别');
      await go('/resources');
      await page.waitForSelector('[data-testid=resources] li .row-title');
      await expectFits(page, `service-resources-${network}`);
      await go('/resource-new');
      await expectEmptyFormRefused(page, `service-resource-form-error-${network}`, '请填写资源类别');
      await go('/projects');
      await page.waitForSelector('[data-testid=projects] a');
      await expectFits(page, `service-projects-${network}`);
      await page.click('[data-testid=projects] a');
      await page.waitForSelector('[data-testid=project-status]');
      await expectFits(page, `service-project-${network}`);
      await go('/project-new');
      await expectEmptyFormRefused(page, `service-project-form-error-${network}`, '请填写项目名称');
      await go('/partners');
      await page.waitForSelector('[data-testid=partners] a');
      await expectFits(page, `service-partners-${network}`);
      await page.click('[data-testid=partners] a');
      await page.waitForSelector('[data-testid=partner-form] input[name=name]');
      expect(await page.inputValue('[data-testid=partner-form] input[name=name]')).not.toBe('');
      await expectFits(page, `service-partner-edit-${network}`);
      await go('/partner-new');
      await expectEmptyFormRefused(page, `service-partner-form-error-${network}`, '请填写单位名称');
      await go('/activities');
      await page.waitForSelector('[data-testid=activities] a');
      await expectFits(page, `service-activities-${network}`);
      await page.click('[data-testid=activities] a');
      await page.waitForSelector('[data-testid=activity-members] li');
      await expectFits(page, `service-activity-${network}`);
      await go('/activity-new');
      await page.fill('[data-testid=activity-form] input[name=title]', '重阳节慰问');
      await expectEmptyFormRefused(page, `service-activity-form-error-${network}`, '请填写服务居民人数');
    }
    await context.close();
  });

  it('shows a grid worker the wishes of their grid, and reads in English', { timeout: 120_000 }, async () => {
    const { context, page } = await openSignedIn(app, 'worker02');
    await page.goto(`${app.server.url}/#/service/wishes`);
    await page.waitForSelector('[data-wish-id]', { timeout: 60_000 });
    const shown = await page.$$eval('[data-wish-id]', (rows) => rows.length);
    expect(shown).toBeGreaterThanOrEqual(4);
    expect(shown).toBeLessThanOrEqual(6);
    await expectFits(page, 'worker-service-wishes');
    await page.goto(`${app.server.url}/#/service/partners`);
    await page.waitForSelector('[data-testid=partners] .row');
    // Everyone sees the units a wish may be claimed for; only supervisors keep the list.
    expect(await page.$('[data-testid=add-partner]')).toBeNull();
    await expectFits(page, 'worker-service-partners');
    await page.click('header button:has-text("English")');
    await page.goto(`${app.server.url}/#/service`);
    await page.waitForSelector('main h1:has-text("Community service")');
    await expectFits(page, 'worker-service-home-english');
    await context.close();
  });

  it('gives the desk its service figures, members’ hours and the quarterly report', { timeout: 120_000 }, async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await signIn(page, 'supervisor');
    const desk = async (hash: string, ready: string, name: string) => {
      await page.goto(`${app.server.url}/#/desk/${hash}`);
      await page.waitForSelector(ready);
      await expectFits(page, name, DESKTOP.viewport.width);
    };
    await page.goto(`${app.server.url}/#/desk/service`);
    await desk('service', '[data-testid=projects-by-quarter] tbody th', 'desk-service');
    expect(await page.textContent('[data-testid=projects-by-quarter]')).toContain('2026-Q3');
    expect(await page.textContent('[data-testid=wishes-by-month]')).toContain('2026-07');
    await desk('hours', '[data-testid=hours-by-employer] tbody th', 'desk-member-hours');
    expect(await page.textContent('[data-testid=hours-summary]')).toMatch(/合计 \d+(\.\d)? 小时/);
    await desk('quarterly?quarter=2026-Q3', '[data-testid=quarterly-report]', 'desk-quarterly-2026-q3');
    expect(Number(await page.textContent('[data-testid=report-wishes-recorded]'))).toBe(48);
    expect(Number(await page.textContent('[data-testid=report-activities]'))).toBe(18);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'desk-quarterly-2026-q3-print');
    await page.emulateMedia({ media: 'screen' });
    // On a phone the report still reads: wide tables scroll inside their own frame.
    await page.setViewportSize(PHONE.viewport);
    await page.reload();
    await page.waitForSelector('[data-testid=quarterly-report]');
    await expectFits(page, 'desk-quarterly-phone');
    await context.close();
  });
});

/**
 * Every screen, as each role sees it on a 390×844 phone, online and then offline: it renders its
 * heading, nothing overflows sideways (no horizontal scrolling with one thumb), and Chinese and
 * English both read. Screenshots land in test-results/screenshots for people to look at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, openSignedIn, screenshot, signIn } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { PHONE } from '../helpers/browser.ts';

async function expectFitsPhone(page: Page, name: string): Promise<void> {
  await page.waitForSelector('main h1');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} is wider than the phone`).toBeLessThanOrEqual(PHONE.viewport.width);
  expect(await seriousA11yViolations(page), `${name}: accessibility`).toEqual([]);
  await screenshot(page, name);
}

describe('screens at phone size', () => {
  const app = appUnderTest();

  it('grid worker and building lead screens fit, online and offline, in both languages', {
    timeout: 120_000,
  }, async () => {
    for (const username of ['worker04', 'lead03']) {
      const { context, page } = await openSignedIn(app, username);
      for (const network of ['online', 'offline'] as const) {
        await context.setOffline(network === 'offline');
        await page.goto(`${app.server.url}/#/`);
        await page.waitForSelector('[data-testid=unsynced-count]');
        await expectFitsPhone(page, `${username}-home-${network}`);
        const buildingLink = username.startsWith('lead') ? 'main a.button.secondary' : '[data-testid=buildings] li a';
        await page.click(buildingLink);
        await page.waitForSelector('[data-testid=households] li a');
        await expectFitsPhone(page, `${username}-building-${network}`);
        await page.click('[data-testid=households] li a');
        await expectFitsPhone(page, `${username}-household-${network}`);
        const householdUrl = page.url();
        await page.click('[data-testid=edit-household]');
        await expectFitsPhone(page, `${username}-household-edit-${network}`);
        await page.goto(householdUrl);
        await page.click('[data-testid=add-resident]');
        await expectFitsPhone(page, `${username}-resident-form-${network}`);
        await page.goto(householdUrl);
        await page.click('[data-testid=log-visit]');
        await expectFitsPhone(page, `${username}-visit-form-${network}`);
        // Saved with no purpose: the form says so in its own words, in view.
        await page.click('.visit-form button[type=submit]');
        await page.waitForSelector('.form-error[data-field=purpose]');
        expect(await page.textContent('.form-error[data-field=purpose]')).toBe('请填写走访事项');
        expect(await page.isVisible('.form-error[data-field=purpose]')).toBe(true);
        await expectFitsPhone(page, `${username}-visit-form-error-${network}`);
        await page.goto(`${app.server.url}/#/report-issue`);
        await expectFitsPhone(page, `${username}-report-issue-${network}`);
        for (const [route, name] of [
          ['#/due', 'due'],
          ['#/my-issues', 'my-issues'],
          ['#/settings', 'settings'],
          ['#/roster', 'roster'],
        ] as const) {
          await page.goto(`${app.server.url}/${route}`);
          await expectFitsPhone(page, `${username}-${name}-${network}`);
        }
        await page.click('.tree .tree .tree a');
        await page.waitForSelector('[data-testid=party-members] li a');
        await expectFitsPhone(page, `${username}-party-group-${network}`);
        await page.click('[data-testid=party-members] li a');
        await page.waitForSelector('[data-testid=hours-total]');
        await expectFitsPhone(page, `${username}-member-${network}`);
      }
      await context.setOffline(false);
      await page.goto(`${app.server.url}/#/`);
      await page.click('header button:has-text("English")');
      await page.waitForSelector('header button:has-text("中文")');
      expect(await page.textContent('main h1')).toMatch(/My (grid|building)/);
      await expectFitsPhone(page, `${username}-home-english`);
      await context.close();
    }
  });

  it('the supervisor overview and the sign-in screen fit', { timeout: 60_000 }, async () => {
    const context = await app.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForSelector('form');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
    await signIn(page, 'supervisor');
    await page.waitForSelector('[data-testid=recent-visits]');
    await expectFitsPhone(page, 'supervisor-home-online');
    await context.close();
  });
});

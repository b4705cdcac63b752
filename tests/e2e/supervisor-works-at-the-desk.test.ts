/**
 * The community's secretary at a desk: the dashboard's figures (and their change when a visit
 * syncs), the records of the whole community filtered, sorted and exported to a file, the
 * conflict log; then the same pages on a phone. A refusal (the network gone) is said in words.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { appUnderTest, screenshot, signIn } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';
import { ApiClient } from '../helpers/server.ts';
import { account, Device, householdsInGrid, visitFields } from '../server/support.ts';

async function checkScreen(page: Page, name: string, width: number): Promise<void> {
  await page.waitForSelector('.desk-main h1');
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} overflows`).toBeLessThanOrEqual(
    width,
  );
  expect(await seriousA11yViolations(page), `${name}: accessibility`).toEqual([]);
  await screenshot(page, name);
}

async function visitNow(url: string, username: string): Promise<void> {
  const worker = account(username);
  const client = new ApiClient(url);
  await client.login(username);
  const phone = new Device();
  const [householdId] = householdsInGrid(worker.place.id) as [string];
  const pushed = await phone.push(client, [phone.put('visits', uuidv7(), visitFields(householdId, worker.id))]);
  expect(pushed.body.results[0].status).toBe('accepted');
}

describe('a supervisor at the desk', () => {
  const app = appUnderTest();

  it('reads the dashboard, browses, sorts and exports the records, and reads the conflict log', {
    timeout: 120_000,
  }, async () => {
    const context = await app.browser.newContext({ ...DESKTOP, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await signIn(page, 'supervisor');
    await page.waitForSelector('[data-testid=figure-households]');
    expect(await page.textContent('[data-testid=figure-households]')).toBe('600');
    const visitsBefore = Number(await page.textContent('[data-testid=figure-visits]'));
    await page.waitForSelector('[data-testid=chart-coverage] canvas[data-drawn=true]');
    await page.click('[data-testid=chart-coverage] summary');
    expect(await page.textContent('[data-testid=chart-coverage] table')).toContain('第一网格');
    await checkScreen(page, 'supervisor-dashboard-desktop', DESKTOP.viewport.width);

    await visitNow(app.server.url, 'worker01');
    await page.click('.filters button[type=submit]');
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid=figure-visits]')?.textContent) === before + 1,
      visitsBefore,
    );

    await page.goto(`${app.server.url}/#/desk/browse/households`);
    await page.waitForSelector('[data-testid=browse-total]:has-text("共 600 条")');
    await page.selectOption('.filters label:has-text("网格") select', { label: '和平里小区 第一网格' });
    await page.click('.filters button[type=submit]');
    await page.waitForSelector('[data-testid=browse-total]:has-text("共 60 条")');
    // Every state of the table from the click on: under the new order's header, the rows are
    // not there yet or in that order, never the page before (the header changes at once).
    await page.evaluate(() => {
      const views: string[][] = [];
      Object.assign(window, { sortedViews: views });
      const table = document.querySelector('[data-testid=browse-table]') as Element;
      new MutationObserver(() => {
        if (!table.querySelector('th[aria-sort=ascending]')) return;
        views.push([...table.querySelectorAll('tbody tr td:nth-child(4)')].map((cell) => cell.textContent ?? ''));
      }).observe(table, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.click('th button.sort:has-text("户主")');
    await page.waitForSelector('th[aria-sort=ascending]:has-text("户主")');
    await page.waitForSelector('[data-testid=browse-table]:not([aria-busy=true]) tbody tr');
    const views = await page.evaluate(() => (window as unknown as { sortedViews: string[][] }).sortedViews);
    for (const view of views) expect(view).toEqual([...view].sort());
    const names = await page.$$eval('[data-testid=browse-table] tbody tr td:nth-child(4)', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    // The first page of the grid's 60, ordered by the database by code point (portable to
    // PostgreSQL), not by pinyin.
    expect(names).toHaveLength(50);
    expect(names).toEqual([...names].sort());
    const phones = await page.$$eval('[data-testid=browse-table] tbody tr td:nth-child(5)', (cells) =>
      cells.map((cell) => cell.textContent ?? '').filter((text) => text !== '—'),
    );
    expect(phones.length).toBeGreaterThan(0);
    for (const phone of phones) expect(phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    await checkScreen(page, 'supervisor-browse-desktop', DESKTOP.viewport.width);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("导出 CSV")')]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^住户-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.startsWith('\uFEFF小区,楼栋,网格,单元,门牌')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(61);
    await page.waitForSelector('[data-testid=export-done]:has-text("已导出 60 行")');

    // A conflict: two phones of worker02 change one household's notes; the earlier stamp loses.
    const client = new ApiClient(app.server.url);
    await client.login('worker02');
    const [householdId] = householdsInGrid(account('worker02').place.id) as [string];
    const [later, earlier] = [new Device(), new Device()];
    await later.push(client, [later.put('households', householdId, { notes: '老人已搬去女儿家' })]);
    await earlier.push(client, [earlier.put('households', householdId, { notes: '老人独居' }, earlier.hlc(-60_000))]);
    await page.goto(`${app.server.url}/#/desk/conflicts`);
    await page.waitForSelector('[data-testid=conflicts-table] tbody tr');
    const row = await page.textContent('[data-testid=conflicts-table] tbody tr');
    expect(row).toContain('备注');
    expect(row).toContain('老人已搬去女儿家');
    expect(row).toContain('老人独居');
    expect(row).toContain(account('worker02').displayName);
    await checkScreen(page, 'supervisor-conflicts-desktop', DESKTOP.viewport.width);

    // The network gone: the export says so in words.
    await page.goto(`${app.server.url}/#/desk/browse/visits`);
    await page.waitForSelector('[data-testid=browse-total]');
    await context.setOffline(true);
    await page.click('button:has-text("导出 Excel")');
    await page.waitForSelector('.export .desk-error');
    expect(await page.textContent('.export .desk-error')).toBe('连不上服务器，请联网后再试。');
    await checkScreen(page, 'supervisor-browse-offline-desktop', DESKTOP.viewport.width);
    await context.close();
  });

  it('the desk pages fit a phone', { timeout: 90_000 }, async () => {
    const context = await app.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await signIn(page, 'supervisor');
    // On a phone the supervisor's home stays the phone overview, with the desk a tap away.
    await page.waitForSelector('[data-testid=recent-visits]');
    await page.click('header a.desk-link');
    await page.waitForSelector('[data-testid=figure-households]');
    await page.waitForSelector('[data-testid=chart-coverage] canvas[data-drawn=true]');
    await checkScreen(page, 'supervisor-dashboard-phone', PHONE.viewport.width);
    await page.goto(`${app.server.url}/#/desk/browse/visits`);
    await page.waitForSelector('[data-testid=browse-total]');
    await checkScreen(page, 'supervisor-browse-phone', PHONE.viewport.width);
    await page.goto(`${app.server.url}/#/desk/conflicts`);
    await page.waitForSelector('.desk-main h1');
    await checkScreen(page, 'supervisor-conflicts-phone', PHONE.viewport.width);
    // The administrator's pages are not a supervisor's.
    await page.goto(`${app.server.url}/#/desk/accounts`);
    await page.waitForSelector('[data-testid=figure-households]');
    expect(await page.$('.desk-nav a[href="#/desk/accounts"]')).toBeNull();
    await context.close();
  });
});

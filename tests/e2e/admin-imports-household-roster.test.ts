/**
 * The community's administrator at a desk: imports a household roster from Excel (a check first,
 * every bad row reported in Chinese, then the import), creates an account (the form says what is
 * missing before anything is sent), looks after the places and the party organisation, and reads
 * the audit log. Each
 * screen at 1440×900 and at 390×844, with no serious accessibility violation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, screenshot, signIn } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { DESKTOP, PHONE } from '../helpers/browser.ts';
import { HOUSEHOLD_HEADER, householdRows, xlsxOf } from '../helpers/roster-fixture.ts';

async function checkScreen(page: Page, name: string, width: number): Promise<void> {
  await page.waitForSelector('.desk-main h1');
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} overflows`).toBeLessThanOrEqual(
    width,
  );
  expect(await seriousA11yViolations(page), `${name}: accessibility`).toEqual([]);
  await screenshot(page, name);
}

describe('an administrator at the desk', () => {
  const app = appUnderTest();

  it('imports a household roster: checks it, sees every bad row, imports the good ones', {
    timeout: 120_000,
  }, async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await signIn(page, 'admin');
    // At a desk the administrator starts on the desk.
    await page.waitForSelector('.desk-nav');
    await page.goto(`${app.server.url}/#/desk/import`);
    await page.waitForSelector('input[type=file]');
    const file = await xlsxOf(HOUSEHOLD_HEADER, householdRows('和平里小区', '1号楼', '2号楼'));
    await page.setInputFiles('input[type=file]', {
      name: '住户名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(file),
    });
    await page.click('[data-testid=import-check]');
    await page.waitForSelector('[data-testid=import-report]');
    expect(await page.textContent('[data-testid=import-figures]')).toBe('共 10 行：新增 5，更新 0，无变化 0，有问题 5');
    const rejected = await page.$$eval('[data-testid=import-rejected] tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    expect(rejected).toContainEqual(['8', '楼栋', '不能为空']);
    expect(rejected).toContainEqual(['9', '单元', '该楼栋没有单元「9单元」']);
    expect(rejected).toContainEqual(['10', '电话', '电话号码格式不对（5–20 位数字）']);
    await checkScreen(page, 'admin-import-check-desktop', DESKTOP.viewport.width);

    await page.click('[data-testid=import-run]');
    // The result, or the refusal in words: a refusal fails here, saying what it was.
    await page.waitForSelector('#import-report:has-text("导入结果"), #import-failure');
    const refusal = await page.$('#import-failure');
    expect(refusal ? await refusal.textContent() : null, 'the import was refused').toBeNull();
    expect(await page.textContent('[data-testid=import-figures]')).toContain('新增 5');
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-figures]:has-text("无变化 5")');

    // Without a file: said in words, in view, nothing sent.
    await page.reload();
    await page.waitForSelector('[data-testid=import-check]');
    await page.click('[data-testid=import-check]');
    expect(await page.textContent('.desk-error')).toBe('请先选择文件');
    await context.close();
  });

  it('creates an account, keeps places and the party organisation, at desk and phone size', {
    timeout: 120_000,
  }, async () => {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await app.browser.newContext(options);
      const page = await context.newPage();
      await page.goto(app.server.url);
      await signIn(page, 'admin');
      const width = options.viewport.width;

      await page.goto(`${app.server.url}/#/desk/accounts`);
      await page.waitForSelector('[data-testid=accounts-table] tbody tr');
      await page.click('[data-testid=new-account] button[type=submit]');
      await page.waitForSelector('.field-error');
      const errors = await page.$$eval('.field-error', (nodes) => nodes.map((node) => node.textContent));
      expect(errors).toEqual(['用户名为 2–32 位小写字母、数字或 _ . -', '请填写姓名', '请选择负责范围']);
      await checkScreen(page, `admin-accounts-errors-${size}`, width);
      await page.fill('input[name=new-username]', `zhang${size}`);
      await page.fill('input[name=new-name]', '张网格');
      await page.selectOption('select[name=new-place]', { index: 1 });
      await page.click('[data-testid=new-account] button[type=submit]');
      await page.waitForSelector('[data-testid=account-notice]:has-text("初始密码")');
      await page.waitForSelector(`[data-testid=account-zhang${size}]`);

      await page.goto(`${app.server.url}/#/desk/places`);
      await page.waitForSelector('[data-testid=place-tree] .tree-item');
      await page.click('[data-testid=place-tree] .tree-item:has-text("春华苑")');
      await page.waitForSelector('#place-editor-title');
      await checkScreen(page, `admin-places-${size}`, width);
      await page.fill('.inline-form input >> nth=1', `新建${size}楼`);
      await page.click('.inline-form:nth-of-type(2) button[type=submit]');
      await page.waitForSelector(`[data-testid=place-tree] .tree-item:has-text("新建${size}楼")`);

      await page.goto(`${app.server.url}/#/desk/party`);
      await page.waitForSelector('[data-testid=org-tree] .org-row');
      await checkScreen(page, `admin-party-${size}`, width);
      await page.goto(`${app.server.url}/#/desk/import`);
      await checkScreen(page, `admin-import-${size}`, width);

      // What was just done is in the audit log, in words: the account, by whom, on whom.
      await page.goto(`${app.server.url}/#/desk/audit`);
      await page.waitForSelector('[data-testid=audit-table] tbody tr');
      const entries = await page.$$eval('[data-testid=audit-table] tbody tr', (rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent)),
      );
      expect(entries).toContainEqual(['新建账号', '系统管理员', '127.0.0.1', '张网格', '']);
      expect(entries).toContainEqual(['导入名册', '系统管理员', '127.0.0.1', '住户', '新增 5，更新 0，未变 0，退回 5']);
      await checkScreen(page, `admin-audit-all-${size}`, width);
      await page.selectOption('[data-testid=audit-action]', 'sign_in');
      await page.waitForSelector('[data-testid=audit-table] tbody tr:first-child td:has-text("登录")');
      await checkScreen(page, `admin-audit-sign-ins-${size}`, width);
      await context.close();
    }
    // The buildings added on the desk reached the server through the outbox and push.
    const onServer = async () =>
      (await app.server.db.selectFrom('records').select('data').where('tbl', '=', 'places').execute()).filter((row) =>
        row.data.includes('新建'),
      ).length;
    for (let wait = 0; wait < 50 && (await onServer()) < 2; wait++) await new Promise((r) => setTimeout(r, 200));
    expect(await onServer()).toBe(2);
  });
});

/**
 * An issue worked end to end by three people on three devices: a building lead reports it offline
 * with a photo; it syncs; the supervisor, at a desk, assigns it to the grid worker; the worker
 * starts and resolves it on the phone; the lead confirms it is done. Each sees the state move, the
 * history says who did what, the dashboard's figures move with it, the export contains it, and a
 * refused action is explained on the issue in words.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  appUnderTest,
  holdWrites,
  letWritesGo,
  openSignedIn,
  screenshot,
  signIn,
  waitForServiceWorkerControl,
} from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { DESKTOP } from '../helpers/browser.ts';
import { account } from '../server/support.ts';

async function onePhoto(page: Page) {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1200, 900);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = '#607d8b';
    context.fillRect(0, 0, 1200, 900);
    context.fillStyle = '#ffeb3b';
    context.fillRect(300, 200, 600, 500);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return { name: 'lift.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

async function act(page: Page, action: string, note?: string): Promise<void> {
  await page.click(`[data-testid=issue-actions] button[data-action=${action}]`);
  if (note) await page.fill('[data-testid=action-panel] textarea[name=note]', note);
  await page.click('[data-testid=confirm-action]');
}

/** The dashboard's figure, read again after asking the server anew. */
async function figure(page: Page, testId: string): Promise<number> {
  await page.click('.filters button[type=submit]');
  await page.waitForSelector('.figures');
  return Number(await page.textContent(`[data-testid=${testId}]`));
}

/** Waits until the dashboard's figure reads `expected`, asking the server again each time. */
async function figureBecomes(page: Page, testId: string, expected: number): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await figure(page, testId)) === expected) return;
    await page.waitForTimeout(250);
  }
  expect(await figure(page, testId), testId).toBe(expected);
}

async function statusOf(page: Page): Promise<string> {
  return (await page.textContent('[data-testid=issue-status]'))?.trim() ?? '';
}

describe('an issue worked end to end', () => {
  const app = appUnderTest();

  it('goes from a lead’s offline report to the lead’s confirmation, through the supervisor and the worker', {
    timeout: 240_000,
  }, async () => {
    const contexts: BrowserContext[] = [];
    // 0. The supervisor's dashboard before: how many issues are open.
    const desk = await app.browser.newContext({ ...DESKTOP, acceptDownloads: true });
    contexts.push(desk);
    const dashboard = await desk.newPage();
    await dashboard.goto(app.server.url);
    await signIn(dashboard, 'supervisor');
    await dashboard.waitForSelector('[data-testid=figure-open-issues]');
    const openBefore = Number(await dashboard.textContent('[data-testid=figure-open-issues]'));

    // 1. The building lead reports a broken lift with a photo, offline.
    const lead = await openSignedIn(app, 'lead01');
    contexts.push(lead.context);
    await lead.context.setOffline(true);
    await lead.page.goto(`${app.server.url}/#/report-issue`);
    await lead.page.selectOption('select[name=building]', account('lead01').place.id);
    await lead.page.click('form .choices button:has-text("电梯故障")');
    await lead.page.fill('input[name=title]', '电梯停在五楼不动');
    await lead.page.fill('textarea[name=description]', '五楼以上的老人下不了楼');
    await lead.page.setInputFiles('[data-testid=photo-input]', [await onePhoto(lead.page)]);
    await lead.page.waitForSelector('[data-testid=photo-previews] img');
    await lead.page.click('form button[type=submit]');
    await lead.page.waitForSelector('[data-testid=issue-status]');
    expect(await statusOf(lead.page)).toBe('已上报');
    const issueUrl = lead.page.url();
    const issueId = issueUrl.split('/issue/')[1] as string;
    await lead.context.setOffline(false);
    await lead.page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });

    // 2. The supervisor, at a desk, sees one more open issue, accepts it and assigns it.
    await figureBecomes(dashboard, 'figure-open-issues', openBefore + 1);
    const supervisor = await desk.newPage();
    await supervisor.goto(app.server.url);
    await waitForServiceWorkerControl(supervisor);
    await supervisor.goto(`${app.server.url}/#/issue/${issueId}`);
    await supervisor.waitForSelector('[data-testid=issue-actions] button[data-action=accept]', { timeout: 60_000 });
    await supervisor.waitForSelector('.photos img');
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
    // While the step is saved (held back here), it cannot be confirmed twice, nor another action's
    // panel opened for the step's end to close; once saved, the panel closes.
    await holdWrites(supervisor);
    await act(supervisor, 'accept');
    await supervisor.waitForSelector('[data-testid=confirm-action][disabled]');
    expect(await supervisor.isDisabled('[data-testid=issue-actions] button[data-action=assign]')).toBe(true);
    await screenshot(supervisor, 'issue-supervisor-desk-saving');
    await letWritesGo(supervisor);
    await supervisor.waitForSelector('[data-testid=action-panel]', { state: 'detached' });
    await supervisor.click('[data-testid=issue-actions] button[data-action=assign]');
    await supervisor.selectOption('[data-testid=action-panel] select[name=assignee]', account('worker01').id);
    await supervisor.fill('[data-testid=action-panel] textarea[name=note]', '请今天联系物业');
    await supervisor.click('[data-testid=confirm-action]');
    await supervisor.waitForSelector(`[data-testid=issue-assignee]:has-text("${account('worker01').displayName}")`);
    await supervisor.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    await screenshot(supervisor, 'issue-supervisor-desk-assigned');

    // 3. The worker finds it among their issues, starts it and resolves it, with a note.
    const worker = await openSignedIn(app, 'worker01');
    contexts.push(worker.context);
    await worker.page.goto(`${app.server.url}/#/my-issues`);
    await worker.page.waitForSelector(`[data-issue-id="${issueId}"]`, { timeout: 60_000 });
    expect(await worker.page.textContent('main')).toContain('指派给我的');
    await worker.page.click(`[data-issue-id="${issueId}"]`);
    await worker.page.waitForSelector('[data-testid=issue-actions] button[data-action=start]');
    // The worker may not escalate or close: those buttons are not there.
    expect(await worker.page.$('[data-testid=issue-actions] button[data-action=close]')).toBeNull();
    expect(await worker.page.$('[data-testid=issue-actions] button[data-action=assign]')).toBeNull();
    await holdWrites(worker.page);
    await act(worker.page, 'start');
    await worker.page.waitForSelector('[data-testid=confirm-action][disabled]');
    await screenshot(worker.page, 'issue-worker-saving');
    await letWritesGo(worker.page);
    await worker.page.waitForSelector('[data-testid=issue-actions] button[data-action=resolve]');
    await worker.page.click('[data-testid=issue-actions] button[data-action=resolve]');
    await worker.page.click('[data-testid=confirm-action]');
    expect(await worker.page.textContent('[data-testid=action-panel] .form-error')).toBe('请填写说明');
    await worker.page.fill('[data-testid=action-panel] textarea[name=note]', '物业已修好电梯');
    await worker.page.click('[data-testid=confirm-action]');
    await worker.page.waitForFunction(() =>
      document.querySelector('[data-testid=issue-status]')?.textContent?.includes('已解决'),
    );
    await worker.page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    await screenshot(worker.page, 'issue-worker-resolved');

    // 4. The lead sees it resolved and confirms it.
    await lead.page.goto(issueUrl);
    await lead.page.click('[data-testid=sync-bar] button');
    await lead.page.waitForFunction(
      () => document.querySelector('[data-testid=issue-status]')?.textContent?.includes('已解决'),
      undefined,
      { timeout: 60_000 },
    );
    await act(lead.page, 'close', '电梯能用了，谢谢');
    await lead.page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    await lead.page.waitForFunction(() =>
      document.querySelector('[data-testid=issue-status]')?.textContent?.includes('已办结'),
    );
    const history = await lead.page.textContent('[data-testid=issue-history]');
    for (const step of ['确认解决', '办结', '开始处理', '受理', '指派给', '物业已修好电梯'])
      expect(history).toContain(step);
    expect(await seriousA11yViolations(lead.page)).toEqual([]);
    await screenshot(lead.page, 'issue-lead-confirmed');

    const stored = await app.server.db
      .selectFrom('records')
      .select('data')
      .where('id', '=', issueId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toMatchObject({ status: 'closed', assigneeId: account('worker01').id });
    expect(JSON.parse(stored.data).photoHashes).toHaveLength(1);

    // The dashboard counts it closed, and the export of issues contains it, closed and assigned.
    await figureBecomes(dashboard, 'figure-open-issues', openBefore);
    await dashboard.goto(`${app.server.url}/#/desk/browse/issues`);
    await dashboard.fill('.filters input[name=q]', '电梯停在五楼');
    await dashboard.click('.filters button[type=submit]');
    await dashboard.waitForSelector('[data-testid=browse-total]:has-text("共 1 条")');
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      dashboard.click('button:has-text("导出 CSV")'),
    ]);
    const rows = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\n');
    expect(rows).toHaveLength(2);
    for (const cell of ['电梯停在五楼不动', '电梯故障', '已办结', account('worker01').displayName]) {
      expect(rows[1]).toContain(cell);
    }

    // 5. A refused action is told on the issue, in words: the lead, offline, reopens the issue
    //    while the supervisor has already reopened it; the server refuses the second reopen.
    await lead.context.setOffline(true);
    await supervisor.goto(`${app.server.url}/#/issue/${issueId}`);
    await supervisor.click('[data-testid=sync-bar] button');
    await supervisor.waitForSelector('[data-testid=issue-actions] button[data-action=reopen]', { timeout: 60_000 });
    await act(supervisor, 'reopen', '电梯又停了');
    await supervisor.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    await act(lead.page, 'reopen', '电梯又坏了');
    await lead.context.setOffline(false);
    await lead.page.waitForSelector('[data-testid=refused-actions]', { timeout: 60_000 });
    const refusal = await lead.page.textContent('[data-testid=issue-history] [data-testid=refusal]');
    expect(refusal).toContain('这个问题现在的状态不能这样处理');
    expect(refusal).not.toMatch(/[A-Za-z]{3,}/);
    await lead.page.waitForFunction(() =>
      document.querySelector('[data-testid=issue-status]')?.textContent?.includes('处理中'),
    );
    await screenshot(lead.page, 'issue-refused-action-told');
    for (const context of contexts) await context.close();
  });
});

/**
 * A micro-wish granted end to end, by three people on their phones and a supervisor at a desk: the
 * grid worker, offline on a visit, notes a resident's wish; it syncs; the building lead claims it
 * for a co-building unit while the worker, offline, claims it too (the server keeps the first, and
 * the worker's phone says in words that someone was first); the lead fulfils it with a note and a
 * photo; the worker confirms it on the resident's word; the quarterly report counts it.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, localRecords, openSignedIn, screenshot, signIn } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { DESKTOP } from '../helpers/browser.ts';
import { account, buildingsInGrid, householdsInBuilding } from '../server/support.ts';

async function onePhoto(page: Page) {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1000, 750);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = '#fff8e1';
    context.fillRect(0, 0, 1000, 750);
    context.fillStyle = '#5d4037';
    context.fillRect(300, 300, 400, 120);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return { name: 'glasses.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

/** Syncs now and waits for the outbox to drain (the count is empty text while a refusal is shown). */
async function synced(page: Page): Promise<void> {
  await page.click('[data-testid=sync-bar] button');
  await page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000, state: 'attached' });
}

async function statusIs(page: Page, words: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=wish-status]')?.textContent?.includes(expected),
    words,
    { timeout: 60_000 },
  );
}

function currentQuarter(): string {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString();
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

describe('a micro-wish granted end to end', () => {
  const app = appUnderTest();

  it('is noted offline on a visit, claimed once, fulfilled with a photo, confirmed and counted', {
    timeout: 300_000,
  }, async () => {
    const contexts: BrowserContext[] = [];
    const lead = account('lead01');
    expect(buildingsInGrid(account('worker01').place.id)).toContain(lead.place.id);
    const householdId = householdsInBuilding(lead.place.id)[3] as string;

    // 1. The grid worker, in a stairwell with no signal, notes the resident's wish on a visit.
    const worker = await openSignedIn(app, 'worker01');
    contexts.push(worker.context);
    await worker.context.setOffline(true);
    await worker.page.goto(`${app.server.url}/#/household/${householdId}`);
    await worker.page.click('[data-testid=log-visit]');
    await worker.page.waitForSelector('.visit-form');
    await worker.page.click('.visit-form fieldset:first-of-type .choices button:has-text("精准服务")');
    await worker.page.click('[data-testid=add-wish]');
    await worker.page.fill('[data-testid=visit-wishes] input[name=wish]', '想要一副老花镜，看报纸方便些');
    expect(await seriousA11yViolations(worker.page)).toEqual([]);
    await screenshot(worker.page, 'wish-noted-on-visit-offline');
    await worker.page.click('.visit-form button[type=submit]');
    await worker.page.waitForSelector('[data-testid=household-wishes] a:has-text("老花镜")');
    const [wish] = (await localRecords(worker.page, 'wishes')).filter((record) => record.syncState === 'pending');
    const [visit] = (await localRecords(worker.page, 'visits')).filter((record) => record.syncState === 'pending');
    expect(wish).toMatchObject({ status: 'open', householdId, visitId: visit?.id, recordedBy: account('worker01').id });
    await screenshot(worker.page, 'wish-on-household-offline');
    await worker.context.setOffline(false);
    await worker.page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    const wishId = String(wish?.id);
    const wishUrl = `${app.server.url}/#/service/wish/${wishId}`;

    // 2. The building lead opens it; the worker, offline again, claims it for a party member…
    const leadPhone = await openSignedIn(app, 'lead01');
    contexts.push(leadPhone.context);
    await leadPhone.page.goto(wishUrl);
    await leadPhone.page.waitForSelector('[data-testid=wish-actions] button[data-action=claim]', { timeout: 60_000 });
    await worker.context.setOffline(true);
    await worker.page.goto(wishUrl);
    await worker.page.click('[data-testid=wish-actions] button[data-action=claim]');
    await worker.page.click('[data-testid=confirm-action]');
    expect(await worker.page.textContent('[data-testid=action-panel] .form-error')).toBe('请选择认领的党员或单位');
    await worker.page.selectOption('[data-testid=action-panel] select[name=claimant]', { index: 1 });
    await worker.page.click('[data-testid=confirm-action]');
    await statusIs(worker.page, '已认领');

    // 3. …while the lead, online, claims it for a co-building unit: the server takes the lead's.
    await leadPhone.page.click('[data-testid=wish-actions] button[data-action=claim]');
    await leadPhone.page.click('[data-testid=action-panel] .choices button:has-text("共建单位")');
    await leadPhone.page.selectOption('[data-testid=action-panel] select[name=claimant]', { index: 1 });
    const unit = (
      await leadPhone.page.textContent('[data-testid=action-panel] select[name=claimant] option:checked')
    )?.trim();
    expect(unit).toBeTruthy();
    await leadPhone.page.click('[data-testid=confirm-action]');
    await synced(leadPhone.page);
    await leadPhone.page.waitForSelector(`[data-testid=wish-claimant]:has-text("${unit}")`);
    expect(await seriousA11yViolations(leadPhone.page)).toEqual([]);
    await screenshot(leadPhone.page, 'wish-claimed-by-lead');

    // 4. The worker's phone comes back: its claim is refused, and it says so in words.
    await worker.context.setOffline(false);
    await worker.page.waitForSelector('[data-testid=refused-actions]', { timeout: 60_000 });
    const refusal = await worker.page.textContent('[data-testid=wish-history] [data-testid=refusal]');
    expect(refusal).toContain('这个微心愿已经有人先认领了');
    expect(refusal).not.toMatch(/[A-Za-z]{3,}/);
    await worker.page.waitForSelector(`[data-testid=wish-claimant]:has-text("${unit}")`, { timeout: 60_000 });
    expect(await seriousA11yViolations(worker.page)).toEqual([]);
    await screenshot(worker.page, 'wish-claim-lost-told-in-words');

    // 5. The lead fulfils it: a note and a photo, both required.
    await leadPhone.page.click('[data-testid=wish-actions] button[data-action=fulfil]');
    await leadPhone.page.fill('[data-testid=action-panel] textarea[name=note]', '已配好老花镜送到家中');
    await leadPhone.page.click('[data-testid=confirm-action]');
    expect(await leadPhone.page.textContent('[data-testid=action-panel] .form-error')).toBe(
      '请拍一张照片，证明心愿已实现',
    );
    await screenshot(leadPhone.page, 'wish-fulfil-needs-photo');
    await leadPhone.page.setInputFiles('[data-testid=action-panel] [data-testid=photo-input]', [
      await onePhoto(leadPhone.page),
    ]);
    await leadPhone.page.waitForSelector('[data-testid=action-panel] [data-testid=photo-previews] img');
    await leadPhone.page.click('[data-testid=confirm-action]');
    await statusIs(leadPhone.page, '已实现');
    await synced(leadPhone.page);
    await leadPhone.page.waitForSelector('[data-testid=wish-history] .photos img');
    await screenshot(leadPhone.page, 'wish-fulfilled-with-photo');

    // 6. The worker hears from the resident and confirms it.
    await synced(worker.page);
    await statusIs(worker.page, '已实现');
    await worker.page.click('[data-testid=wish-actions] button[data-action=confirm]');
    await worker.page.fill('[data-testid=action-panel] textarea[name=note]', '居民说老花镜很合适');
    await worker.page.click('[data-testid=confirm-action]');
    await statusIs(worker.page, '已确认');
    await synced(worker.page);
    const history = await worker.page.textContent('[data-testid=wish-history]');
    for (const step of ['居民确认', '登记实现', '认领', '已配好老花镜送到家中']) expect(history).toContain(step);
    await screenshot(worker.page, 'wish-confirmed');

    const stored = await app.server.db
      .selectFrom('records')
      .select(['tbl', 'data'])
      .where((eb) => eb.or([eb('id', '=', wishId), eb('parent_id', '=', wishId)]))
      .execute();
    const onServer = JSON.parse(stored.find((row) => row.tbl === 'wishes')?.data ?? '{}');
    expect(onServer).toMatchObject({ status: 'closed', claimantKind: 'partner', claimedBy: lead.id });
    const events = stored.filter((row) => row.tbl === 'wishEvents').map((row) => JSON.parse(row.data));
    expect(events.map((event) => event.action).sort()).toEqual(['claim', 'confirm', 'fulfil']);
    const photo = events.find((event) => event.action === 'fulfil')?.photoHashes?.[0];
    const blob = await app.server.db.selectFrom('blobs').select('size').where('hash', '=', photo).executeTakeFirst();
    expect(Number(blob?.size)).toBeGreaterThan(1000);

    // 7. The supervisor's quarterly report counts it, on screen, on paper and in the workbook.
    const desk = await app.browser.newContext({ ...DESKTOP, acceptDownloads: true });
    contexts.push(desk);
    const supervisor = await desk.newPage();
    await supervisor.goto(app.server.url);
    await signIn(supervisor, 'supervisor');
    const quarter = currentQuarter();
    await supervisor.goto(`${app.server.url}/#/desk/quarterly?quarter=${quarter}`);
    await supervisor.waitForSelector('[data-testid=quarterly-report]');
    for (const figure of ['recorded', 'claimed', 'fulfilled', 'confirmed']) {
      expect(await supervisor.textContent(`[data-testid=report-wishes-${figure}]`), figure).toBe('1');
    }
    expect(await supervisor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      DESKTOP.viewport.width,
    );
    expect(await seriousA11yViolations(supervisor)).toEqual([]);
    await screenshot(supervisor, 'quarterly-report-desk');
    await supervisor.emulateMedia({ media: 'print' });
    expect(await supervisor.isVisible('.desk-nav')).toBe(false);
    expect(await supervisor.isVisible('[data-testid=print-report]')).toBe(false);
    await screenshot(supervisor, 'quarterly-report-print');
    await supervisor.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.click('[data-testid=quarterly-xlsx]'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([await readFile(await download.path())]));
    const summary = workbook.getWorksheet('概况') as ExcelJS.Worksheet;
    const cells = new Map<string, unknown>();
    summary.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get('发布心愿')).toBe(1);
    expect(cells.get('居民确认')).toBe(1);
    for (const context of contexts) await context.close();
  });
});

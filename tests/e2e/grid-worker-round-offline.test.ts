/**
 * A grid worker's whole round with no signal, from just after sign-in: finds a household by full
 * pinyin and by address, logs a visit with two photos and a changed care tag, sees it in the
 * history, the due list and the coverage figure, adds a party member, reloads the app offline and
 * finds all of it; back online, the outbox and the photos reach the server with no tap, and the
 * photos' bytes on the server are the phone's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { spellName } from '../../src/search/spell.ts';
import { appUnderTest, localRecords, openSignedIn, outboxCount, screenshot } from '../helpers/app-page.ts';
import { seriousA11yViolations } from '../helpers/axe.ts';
import { ApiClient } from '../helpers/server.ts';
import { account, household as demoHousehold, householdsInGrid, place } from '../server/support.ts';

/** Two camera-sized photos, drawn by the browser itself (PNG, 2000×1500), as files to pick. */
async function cameraPhotos(page: Page): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const encoded = await page.evaluate(async () => {
    const photos: string[] = [];
    for (const hue of [20, 200]) {
      const canvas = new OffscreenCanvas(2000, 1500);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      for (let i = 0; i < 40; i++) {
        context.fillStyle = `hsl(${hue + i * 3}, 60%, ${30 + (i % 5) * 10}%)`;
        context.fillRect(i * 50, (i * 37) % 1500, 400, 300);
      }
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      photos.push(btoa(binary));
    }
    return photos;
  });
  return encoded.map((base64, index) => ({
    name: `stairwell-${index + 1}.png`,
    mimeType: 'image/png',
    buffer: Buffer.from(base64, 'base64'),
  }));
}

/** The photos the phone keeps, as base64, by hash. */
async function phonePhotos(page: Page): Promise<Record<string, { base64: string; uploaded: number }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('gridwork');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('photos').objectStore('photos').getAll();
          request.onsuccess = async () => {
            const out: Record<string, { base64: string; uploaded: number }> = {};
            for (const photo of request.result as { hash: string; blob: Blob; uploaded: number }[]) {
              const bytes = new Uint8Array(await photo.blob.arrayBuffer());
              let binary = '';
              for (const byte of bytes) binary += String.fromCharCode(byte);
              out[photo.hash] = { base64: btoa(binary), uploaded: photo.uploaded };
            }
            open.result.close();
            resolve(out);
          };
        };
      }),
  );
}

describe('a grid worker’s round, offline from start to end', () => {
  const app = appUnderTest();

  it('finds, visits with photos and a tag, adds a member, survives a reload, and syncs it all', {
    timeout: 180_000,
  }, async () => {
    const worker = account('worker01');
    const target = householdsInGrid(worker.place.id)[4] as string;
    const content = demoHousehold(target);
    const building = place(content.buildingId as string);
    const compound = place(building.parentId as string);
    const { context, page } = await openSignedIn(app, 'worker01');
    await page.waitForSelector('[data-testid=buildings] li');
    await context.setOffline(true);

    // Found by full pinyin…
    const { full } = spellName(content.headName as string);
    await page.fill('[data-testid=household-search]', full);
    await page.waitForSelector(`[data-testid=search-results] a:has-text("${content.roomNo}")`);
    await screenshot(page, 'round-search-pinyin');
    // …and by address as people say it.
    const address = `${String(compound.name).replace(/小区$/, '')}${building.name}`;
    await page.fill('[data-testid=household-search]', address);
    await page.waitForSelector(`[data-testid=search-results] a:has-text("${content.roomNo}")`);
    const results = await page.$$eval('[data-testid=search-results] .row-title', (rows) =>
      rows.map((r) => r.textContent),
    );
    expect(results.every((title) => title?.includes(`${String(building.name).replace('号楼', '')}-`))).toBe(true);
    await page.click(`[data-testid=search-results] a:has-text("${content.roomNo}")`);
    await page.waitForSelector('[data-testid=log-visit]');
    const householdUrl = page.url();

    // A visit with two photos and a changed care tag.
    await page.click('[data-testid=log-visit]');
    await page.waitForSelector('.visit-form');
    await page.click('.visit-form fieldset:first-of-type .choices button:has-text("民情走访")');
    const tagged = (content.tags as string[]).includes('left_behind_child');
    await page.click('.visit-form button:has-text("留守儿童")');
    await page.click('.visit-form button:has-text("添加诉求")');
    await page.fill('.need input', '楼道灯坏了');
    await page.setInputFiles('[data-testid=photo-input]', await cameraPhotos(page));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=photo-previews] img').length === 2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'round-visit-with-photos');
    await page.click('.visit-form button[type=submit]');
    await page.waitForSelector('[data-testid=visit-history] .visit:has-text("楼道灯坏了")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=visit-history] .visit img').length === 2);
    const tagsShown = await page.textContent('[data-testid=household-tags]');
    expect(tagsShown?.includes('留守儿童')).toBe(!tagged);
    await screenshot(page, 'round-household-after-visit');

    // The due list and the coverage figure moved at once.
    await page.goto(`${app.server.url}/#/due`);
    await page.waitForSelector('[data-testid=due-count]');
    expect(await page.textContent('[data-testid=due-count]')).toContain('59 户');
    await page.goto(`${app.server.url}/#/`);
    await page.waitForSelector('[data-testid=coverage]');
    expect(await page.textContent('[data-testid=coverage]')).toContain('本月已走访 1 / 60');

    // A new party member in one of the grid's groups.
    await page.goto(`${app.server.url}/#/roster`);
    await page.click('.tree .tree .tree a');
    await page.click('[data-testid=add-member]');
    await page.fill('[data-testid=member-form] input[name=name]', '周新民');
    await page.click('[data-testid=member-form] button:has-text("流动党员")');
    await page.click('[data-testid=member-form] button[type=submit]');
    await page.waitForSelector('[data-testid=hours-total]');
    expect(await page.textContent('main h1')).toBe('周新民');

    // Reopened with no network: everything is still there.
    await page.reload();
    await page.waitForSelector('[data-testid=hours-total]');
    await page.goto(householdUrl);
    await page.waitForSelector('[data-testid=visit-history] .visit:has-text("楼道灯坏了")');
    expect(await outboxCount(page)).toBe(3);
    const photosBefore = await phonePhotos(page);
    expect(Object.values(photosBefore).map((photo) => photo.uploaded)).toEqual([0, 0]);
    const [visit] = (await localRecords(page, 'visits')).filter((local) => local.syncState === 'pending');
    expect(((visit?.photoHashes ?? []) as string[]).sort()).toEqual(Object.keys(photosBefore).sort());

    // Back online: no tap, and everything reaches the server.
    await context.setOffline(false);
    await page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    const server = new ApiClient(app.server.url);
    await server.login('worker01');
    for (const [hash, photo] of Object.entries(photosBefore)) {
      const response = await fetch(`${app.server.url}/api/blobs/${hash}`, {
        headers: { cookie: server.sessionCookie() },
      });
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(photo.base64, 'base64'))).toBe(true);
      // Compressed: long edge at most 1600 px, far under the camera's bytes.
      expect(Buffer.from(photo.base64, 'base64').length).toBeLessThan(400 * 1024);
    }
    const stored = await app.server.db
      .selectFrom('records')
      .select(['tbl', 'id', 'data'])
      .where('tbl', 'in', ['visits', 'partyMembers'])
      .execute();
    const visitRow = stored.find((row) => row.tbl === 'visits' && row.id === visit?.id);
    expect(JSON.parse(visitRow?.data ?? '{}').photoHashes.sort()).toEqual(Object.keys(photosBefore).sort());
    expect(stored.some((row) => row.tbl === 'partyMembers' && JSON.parse(row.data).name === '周新民')).toBe(true);
    const household = await app.server.db
      .selectFrom('records')
      .select('data')
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    expect((JSON.parse(household.data).tags as string[]).includes('left_behind_child')).toBe(!tagged);
    await page.waitForFunction(async () => {
      const open = indexedDB.open('gridwork');
      return new Promise((resolve) => {
        open.onsuccess = () => {
          const request = open.result.transaction('photos').objectStore('photos').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { uploaded: number }[]).every((photo) => photo.uploaded === 1));
          };
        };
      });
    });
    await screenshot(page, 'round-after-sync');
    await context.close();
  });
});

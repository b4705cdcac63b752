/**
 * A grid worker, offline, marks a household as "elderly living alone" while a colleague's newer
 * change sets the tags to "disabled" (a whole set, which leaves 独居老人 out) and reaches the
 * server first. When the phone syncs, its mark loses; the worker is told in words which tag of
 * which household, and the phone shows the tags that won.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import { appUnderTest, openFirstHousehold, openSignedIn, screenshot } from '../helpers/app-page.ts';
import { ApiClient } from '../helpers/server.ts';

describe('a change replaced by a newer one', () => {
  const app = appUnderTest();

  it('tells the worker which value was kept and shows it', { timeout: 120_000 }, async () => {
    const { context, page } = await openSignedIn(app, 'worker01');
    await page.waitForSelector('[data-testid=buildings] li');
    await openFirstHousehold(page);
    const householdId = page.url().split('/household/')[1] as string;

    await context.setOffline(true);
    await page.click('[data-testid=log-visit]');
    await page.click('.visit-form .choices button:nth-child(1)');
    await page.click('.visit-form button:has-text("独居老人")');
    await page.click('.visit-form button[type=submit]');
    await page.waitForSelector('[data-testid=visit-history] .visit');

    // Meanwhile a colleague's phone, with a newer stamp, sets the tags to "disabled".
    const colleague = new ApiClient(app.server.url);
    await colleague.login('worker01');
    const device = 'c011ea9e00000001';
    const pushed = await colleague.request('POST', '/api/sync/push', {
      deviceId: device,
      mutations: [
        {
          id: uuidv7(),
          table: 'households',
          recordId: householdId,
          op: 'put',
          fields: { tags: ['disabled'] },
          hlc: formatHlc({ millis: Date.now() + 1000, counter: 0, node: device }),
        },
      ],
    });
    expect(pushed.body.results[0].status).toBe('accepted');

    await context.setOffline(false);
    await page.waitForSelector('[data-testid=unsynced-count][data-count="0"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=notices-link]');
    // The pull after the push brings the kept value back.
    await page.waitForSelector('.facts .tag:has-text("残疾")');
    expect(await page.textContent('.facts')).not.toContain('独居老人');
    await page.click('[data-testid=notices-link]');
    await page.waitForSelector('[data-testid=notices] li');
    const notice = await page.textContent('[data-testid=notices]');
    // Tags merge one by one: the notice names the tag that was undone and the household.
    expect(notice).toContain('重点关爱「独居老人」已被更新的修改取消');
    expect(notice).toMatch(/住户 \d+-\d+-\d+ \S+/);
    await screenshot(page, 'notice-change-replaced');
    await page.click('[data-testid=notices] button');
    await page.waitForSelector('[data-testid=notices-link]', { state: 'detached' });
    await context.close();
  });
});

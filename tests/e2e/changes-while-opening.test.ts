/**
 * What happens while the app is still opening is not lost. A link followed, or the network lost,
 * in the instant between the first screen appearing and the app starting to listen for such
 * changes, must still move the app: to the screen asked for, and to 离线.
 */
import { describe, expect, it } from 'vitest';
import { appUnderTest, openSignedIn } from '../helpers/app-page.ts';

/**
 * Runs in the page before the app: the moment the app's first screen is in the document, changes
 * the address and takes the network away (as the browser would tell it: `navigator.onLine` false,
 * then an `offline` event), before the app's effects have run.
 */
function changeAsTheAppOpens() {
  let online = true;
  Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => online });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('header.top')) return;
    observer.disconnect();
    window.location.hash = '#/settings';
    online = false;
    window.dispatchEvent(new Event('offline'));
  });
  observer.observe(document, { childList: true, subtree: true });
}

describe('changes while the app opens', () => {
  const app = appUnderTest();

  it('follows an address changed, and shows a network lost, before the app listened', {
    timeout: 60_000,
  }, async () => {
    const { context } = await openSignedIn(app, 'worker01');
    await context.addInitScript(changeAsTheAppOpens);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForFunction(() => window.location.hash === '#/settings');
    await page.waitForSelector('main h1:has-text("设置")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=online-state]:has-text("离线")', { timeout: 10_000 });
    expect(await page.textContent('[data-testid=online-state]')).toBe('离线');
    await context.close();
  });
});

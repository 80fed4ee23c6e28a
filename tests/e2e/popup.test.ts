import { afterAll, beforeAll, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension({});
});
afterAll(async () => {
  await browser?.close();
});
it('experiment', async () => {
  const ext = await browser.context.newPage();
  await ext.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await ext.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'grant';
    b.textContent = 'grant';
    b.onclick = () => {
      (globalThis as any).chrome.permissions.request({ origins: ['https://arxiv.org/*'] }).then(
        (r: boolean) => (document.title = 'result ' + r),
        (e: unknown) => (document.title = 'error ' + String(e)),
      );
    };
    document.body.append(b);
  });
  await ext.click('#grant');
  await new Promise((res) => setTimeout(res, 3000));
  console.log('TITLE', await ext.title());
});

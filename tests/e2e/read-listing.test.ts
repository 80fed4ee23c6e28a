import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import { sharedFixturePath } from '../support/fixtures';

const NEW_PAGE = '/list/cond-mat.mtrl-sci/new';
const LEGACY_PAGE = '/list/cs/new';

let arxiv: ArxivServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  arxiv = await startArxivServer();
  browser = await launchWithExtension({ hostResolverRules: arxiv.hostResolverRules });
});

afterAll(async () => {
  await browser?.close();
  await arxiv?.close();
});

beforeEach(() => arxiv.reset());

async function open(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`https://arxiv.org${path}`);
  return page;
}

/** The status line the content script adds above the listing. */
async function statusText(page: Page): Promise<string> {
  const status = page.locator('.sieve-status__line');
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

describe('the content script on a real arXiv listing', () => {
  it('reports all 101 papers of the saved /new page in their three sections', async () => {
    arxiv.route(NEW_PAGE, {
      file: sharedFixturePath('arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html'),
    });
    const page = await open(NEW_PAGE);
    expect(await statusText(page)).toBe(
      'Paper Sieve read 101 papers: 45 new submissions · 21 cross-lists · 35 replacements',
    );
    // Every abstract is on the page: the arXiv API is not asked.
    expect(arxiv.apiRequests).toHaveLength(0);
    // arXiv's own page is intact: every entry and anchor is still there.
    expect(await page.locator('#dlpage dt').count()).toBe(101);
    expect(await page.locator('a[name="item101"]').count()).toBe(1);
    await page.close();
  });

  it('reads the legacy 2018 design', async () => {
    arxiv.route(LEGACY_PAGE, {
      file: sharedFixturePath('arxiv/list-cs-new-2018-07-20-legacy-trimmed.html'),
    });
    const page = await open(LEGACY_PAGE);
    expect(await statusText(page)).toContain(
      'read 87 papers: 6 new submissions · 16 cross-lists · 65 replacements',
    );
    await page.close();
  });

  it('leaves a page that is not a listing alone', async () => {
    arxiv.route('/list/not-a-listing', {
      file: sharedFixturePath('arxiv/abs-2609.22268-2026-09-current.html'),
    });
    const page = await open('/list/not-a-listing');
    await page.waitForLoadState('load');
    // Give the content script (document_idle) time to have decided.
    await page.waitForTimeout(500);
    expect(await page.locator('paper-sieve-status').count()).toBe(0);
    await page.close();
  });
});

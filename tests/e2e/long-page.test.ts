/**
 * A listing far longer than the view (400 entries, from the real saved ones): every entry gets
 * its state at once, badges are built near the view first and for all entries in the end, and a
 * revisit annotates it all again without a call.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigListing } from '../../bench/pages';
import type { ArxivServer } from '../support/arxiv-server';
import type { ExtensionBrowser } from '../support/browser';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import type { FakeOpenAI } from '../support/fake-openai';
import { startWorld, stopWorld } from '../support/e2e-world';

const PATH = '/list/cs.LG/new';
const listing = bigListing(400, 40_000);

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ arxiv, llm, browser } = await startWorld());
  arxiv.route(PATH, { body: listing.html });
  llm.setHandler(digestReplayHandler(loadDigest('2025-10-16')));
  await setSettings(await browser.serviceWorker(), {
    apiKey: 'sk-test-key',
    baseUrl: llm.url,
    model: 'gpt-5-mini',
    batchSize: 20,
    concurrency: 4,
  });
});

afterAll(() => stopWorld({ arxiv, llm, browser }));

/** Entries with their state, and entries with their badge. */
async function counts(page: Page) {
  return page.evaluate(() => {
    const dts = [...document.querySelectorAll('#dlpage dt')];
    return {
      scored: dts.filter((dt) => dt.getAttribute('data-sieve-state') === 'scored').length,
      badged: dts.filter((dt) => dt.querySelector('.paper-sieve-badge') !== null).length,
      commented: document.querySelectorAll('#dlpage dd .paper-sieve-comment').length,
    };
  });
}

/** Every one of the 400 entries scored, with its badge and its comment (idle ones come later). */
async function everyEntryAnnotated(page: Page) {
  await expect
    .poll(() => counts(page), { timeout: 10_000 })
    .toEqual({ scored: 400, badged: 400, commented: 400 });
}

async function allScored(page: Page) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
    listing.ids.length,
    { timeout: 60_000, polling: 20 },
  );
}

describe('a 400-entry listing', () => {
  it('annotates every entry, badges included, and again on a revisit without a call', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`https://arxiv.org${PATH}`);
      await allScored(page);
      await everyEntryAnnotated(page);
      // The bar is styled from its first frame (its stylesheet sits in its shadow root).
      const radius = await page
        .locator('paper-sieve-bar .sieve-bar')
        .evaluate((bar) => getComputedStyle(bar).borderTopLeftRadius);
      expect(radius).toBe('6px');

      const calls = llm.completions.length;
      await page.reload();
      await allScored(page);
      // The last entry, far below the view, has its state and scores at once…
      const last = page.locator('#dlpage dt').last();
      expect(await last.getAttribute('data-sieve-relevance')).not.toBeNull();
      // …and its badge once scrolled to (or once the page is idle, whichever comes first).
      await last.scrollIntoViewIfNeeded();
      await expect
        .poll(() => last.locator('.paper-sieve-score').textContent(), { timeout: 5_000 })
        .toMatch(/^R \d+ · N \d+$/);
      await everyEntryAnnotated(page);
      expect(llm.completions.length).toBe(calls);
    } finally {
      await page.close();
    }
  });
});

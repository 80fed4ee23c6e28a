import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArxivServer } from '../support/arxiv-server';
import type { ExtensionBrowser } from '../support/browser';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import { promptText, type FakeOpenAI } from '../support/fake-openai';
import { derivedFixturePath } from '../support/fixtures';
import { startWorld, stopWorld } from '../support/e2e-world';

// Changes made in Options reach arXiv tabs that are already open, without a reload.

const DAY = '2025-10-16';
const PAGE = '/list/cs.LG/new';
const digest = loadDigest(DAY);
const keptAt = (minRelevance: number) =>
  digest.papers.filter((p) => (p.relevance ?? 0) >= minRelevance && (p.novelty ?? 0) >= 7).length;

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ arxiv, llm, browser } = await startWorld());
  arxiv.route(PAGE, { file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`) });
  llm.setHandler(digestReplayHandler(digest));
});

afterAll(() => stopWorld({ arxiv, llm, browser }));

const count = (page: Page, selector: string) => page.locator(selector).count();

describe('settings changed while a listing is open', () => {
  it('recolours on new thresholds without a call, and scores again on new criteria', async () => {
    await setSettings(await browser.serviceWorker(), {
      apiKey: 'sk-test-key',
      baseUrl: llm.url,
      batchSize: 21,
    });
    const page = await browser.context.newPage();
    await page.goto(`https://arxiv.org${PAGE}`);
    await expect.poll(() => count(page, 'dt[data-sieve-state="scored"]')).toBe(42);
    expect(await count(page, 'dt[data-sieve-kept="true"]')).toBe(keptAt(8));
    const calls = llm.completions.length;

    await setSettings(await browser.serviceWorker(), { minRelevance: 9 });
    await expect.poll(() => count(page, 'dt[data-sieve-kept="true"]')).toBe(keptAt(9));
    await expect
      .poll(() => page.locator('.sieve-status__progress').textContent())
      .toContain(`${keptAt(9)} relevant`);
    expect(llm.completions.length).toBe(calls);

    const criteria = 'Only papers on mixture-of-experts routing.';
    await setSettings(await browser.serviceWorker(), { criteria });
    await expect.poll(() => llm.completions.length).toBeGreaterThan(calls);
    await expect.poll(() => count(page, 'dt[data-sieve-state="scored"]')).toBe(42);
    const asked = llm.completions.slice(calls);
    expect(asked.every((call) => call.chat && promptText(call.chat).includes(criteria))).toBe(true);
    await page.close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArxivServer } from '../support/arxiv-server';
import type { ExtensionBrowser } from '../support/browser';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import type { FakeOpenAI } from '../support/fake-openai';
import { derivedFixturePath } from '../support/fixtures';
import { startWorld, stopWorld } from '../support/e2e-world';

const DAY = '2025-10-16';
const PAGE = '/list/cs.LG/new';
const digest = loadDigest(DAY);

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ arxiv, llm, browser } = await startWorld());
});

afterAll(() => stopWorld({ arxiv, llm, browser }));

beforeEach(() => {
  arxiv.reset();
  llm.reset();
  arxiv.route(PAGE, { file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`) });
  llm.setHandler(digestReplayHandler(digest));
});

/** Every entry's state and scores, read from the hook on its `<dt>`. */
async function entryStates(page: Page) {
  return page.locator('#dlpage dt').evaluateAll((dts) =>
    dts.map((dt) => ({
      id: dt.querySelector('a[title="Abstract"]')?.textContent?.trim().replace('arXiv:', '') ?? '',
      state: dt.getAttribute('data-sieve-state'),
      relevance: dt.getAttribute('data-sieve-relevance'),
      novelty: dt.getAttribute('data-sieve-novelty'),
    })),
  );
}

async function waitForAllScored(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
    count,
    { timeout: 30_000 },
  );
}

describe('scoring a listing through the fake OpenAI server replaying a real digest', () => {
  it('scores every paper with the digest’s labels, then revisits without a single call', async () => {
    await setSettings(await browser.serviceWorker(), {
      apiKey: 'sk-test-key',
      baseUrl: llm.url,
      model: 'gpt-5-mini',
      batchSize: 10,
      concurrency: 2,
    });
    const page = await browser.context.newPage();
    await page.goto(`https://arxiv.org${PAGE}`);
    await waitForAllScored(page, digest.papers.length);

    const states = await entryStates(page);
    expect(states).toHaveLength(digest.papers.length);
    for (const paper of digest.papers) {
      expect(states.find((s) => s.id === paper.id)).toEqual({
        id: paper.id,
        state: 'scored',
        relevance: String(paper.relevance),
        novelty: String(paper.novelty),
      });
    }
    const calls = llm.completions.length;
    expect(calls).toBe(Math.ceil(digest.papers.length / 10));
    for (const call of llm.completions) {
      expect(call.chat?.model).toBe('gpt-5-mini');
      expect(call.headers.authorization).toBe('Bearer sk-test-key');
    }
    await expect
      .poll(() => page.locator('.sieve-status__progress').textContent())
      .toMatch(
        new RegExp(
          `^scored ${digest.papers.length} / ${digest.papers.length} · ${digest.papers.length} relevant · \\$`,
        ),
      );

    // Second visit: everything comes from IndexedDB.
    await page.reload();
    await waitForAllScored(page, digest.papers.length);
    expect(llm.completions.length).toBe(calls);
    await page.close();
  });
});

describe('a service worker stopped mid-run', () => {
  it('resumes, keeps every answer received before the stop, and pays at most one batch again', async () => {
    const batchSize = 5;
    const uninterrupted = Math.ceil(digest.papers.length / batchSize);
    llm.setLatency(600);
    await setSettings(await browser.serviceWorker(), {
      apiKey: 'sk-test-key',
      baseUrl: llm.url,
      // Another model than the first test's, so nothing comes from the cache.
      model: 'gpt-5-nano',
      batchSize,
      concurrency: 1,
    });
    const page = await browser.context.newPage();
    await page.goto(`https://arxiv.org${PAGE}`);
    await page.waitForFunction(
      () => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length >= 10,
      undefined,
      { timeout: 30_000 },
    );
    await browser.stopServiceWorker();
    const scoredAtStop = await page.locator('#dlpage dt[data-sieve-state="scored"]').count();
    expect(scoredAtStop).toBeGreaterThanOrEqual(10);

    await waitForAllScored(page, digest.papers.length);
    // One batch may have been in flight when the worker stopped: it is asked again, once.
    expect(llm.completions.length).toBeLessThanOrEqual(uninterrupted + 1);
    const states = await entryStates(page);
    for (const paper of digest.papers) {
      expect(states.find((s) => s.id === paper.id)?.relevance).toBe(String(paper.relevance));
    }
    await page.close();
  });
});

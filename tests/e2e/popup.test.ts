/**
 * The toolbar popup against the built extension: the digest of a scored listing (same kept papers
 * and order as the page ordered by score), its Markdown export against the published digest of
 * the replayed day, "Show on page", past days, the no-key welcome, Score now and Stop, and
 * accessibility (axe-core) with a screenshot in each colour scheme.
 *
 * The popup is opened as a page of its own, `popup.html?tab=<id>&url=<address>` (see
 * entrypoints/popup/main.tsx): Playwright cannot click the toolbar button, and without that click
 * the browser hides the arXiv tab's address from the extension.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../lib/settings';
import { localDay } from '../../lib/store/runs';
import type { ArxivServer } from '../support/arxiv-server';
import { artifactPath, REPO_ROOT, type ExtensionBrowser } from '../support/browser';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import type { FakeOpenAI } from '../support/fake-openai';
import { derivedFixturePath } from '../support/fixtures';
import { publishedMarkdownBytes } from '../support/published-digest';
import { startWorld, stopWorld } from '../support/e2e-world';

const DAY = '2025-10-16';
const LISTING = '/list/cs.LG/new';
const LISTING_URL = `https://arxiv.org${LISTING}`;
const AXE = resolve(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
const POPUP_SIZE = { width: 420, height: 640 };
const digest = loadDigest(DAY);

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let browser: ExtensionBrowser;

/** The listing page and the replayed day; describe-level `beforeAll`s run before `beforeEach`. */
function serve(): void {
  arxiv.reset();
  llm.reset();
  arxiv.route(LISTING, {
    file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`),
  });
  llm.setHandler(digestReplayHandler(digest));
}

beforeAll(async () => {
  ({ arxiv, llm, browser } = await startWorld());
  serve();
});

afterAll(() => stopWorld({ arxiv, llm, browser }));

beforeEach(serve);

/** The published pipeline's cut-offs, which kept all of the day's 42 papers. */
async function configure(overrides: Partial<Settings> = {}): Promise<void> {
  await setSettings(await browser.serviceWorker(), {
    apiKey: 'sk-test-key',
    baseUrl: llm.url,
    model: 'gpt-5-mini',
    batchSize: 10,
    concurrency: 2,
    minRelevance: 8,
    minNovelty: 7,
    followedAuthors: '',
    autoScore: true,
    ...overrides,
  });
}

/**
 * Opens the listing in a tab made by the extension itself: that is how the test learns the tab's
 * id (`tabs.query({url})` finds nothing, since the extension may not see arXiv tabs' addresses).
 */
async function openListing(url = LISTING_URL): Promise<{ page: Page; tabId: number }> {
  const worker = await browser.serviceWorker();
  const opened = browser.context.waitForEvent('page', (p) => p.url() === url);
  const tabId = await worker.evaluate(async (address) => {
    const api = (
      globalThis as unknown as {
        chrome: {
          tabs: { create(options: { url: string }): Promise<{ id?: number }> };
          windows: {
            getAll(): Promise<unknown[]>;
            create(options: { url: string }): Promise<{ tabs?: { id?: number }[] }>;
          };
        };
      }
    ).chrome;
    // With every page closed there is no window to open a tab in.
    if ((await api.windows.getAll()).length === 0) {
      return (await api.windows.create({ url: address })).tabs?.[0]?.id ?? -1;
    }
    return (await api.tabs.create({ url: address })).id ?? -1;
  }, url);
  const page = await opened;
  await page.waitForLoadState('domcontentloaded');
  return { page, tabId };
}

async function waitForAllScored(page: Page): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
    digest.papers.length,
    { timeout: 30_000 },
  );
}

/** The popup as a page of its own: on the listing's tab, or with no tab (elsewhere). */
async function openPopup(tab?: { tabId: number; url?: string }): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize(POPUP_SIZE);
  const query =
    tab === undefined ? '' : `?tab=${tab.tabId}&url=${encodeURIComponent(tab.url ?? LISTING_URL)}`;
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html${query}`);
  return popup;
}

/** Ids of the papers the popup lists, in its order. */
function popupIds(popup: Page): Promise<string[]> {
  return popup
    .locator('.paper')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-paper-id') ?? ''));
}

async function waitForPopupPapers(popup: Page, count: number): Promise<void> {
  await popup.waitForFunction((n) => document.querySelectorAll('.paper').length === n, count, {
    timeout: 20_000,
  });
}

// ---------------------------------------------------------------------------------------------
// The published Markdown, read back into its paper blocks

interface PaperBlock {
  id: string;
  relevance: number;
  novelty: number;
  /** The `## N. [Title](…)` section with its rank taken out (ties may change ranks). */
  section: string;
  comment: string;
  /** The table-of-contents entry, rank taken out likewise. */
  contents: string;
}

/**
 * Text as both sources can agree on it. The pipeline took titles, authors and abstracts from the
 * arXiv feed: TeX accents (`Hedstr\"om`) and line breaks as double spaces. The page shows them
 * as arXiv's HTML does (`Hedström`, single spaces). Accents of either kind are dropped.
 */
function comparable(text: string): string {
  return text
    .replace(/\{?\\(["'`^~=.]|[uvHcdbrk](?![a-z]))\s*\{?([A-Za-z])\}?\}?/g, '$2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ {2,}/g, ' ');
}

const SECTION_BREAK = '\n\n---\n\n';

/** Every paper of a digest in the published format, in its order. */
function paperBlocks(markdown: string): PaperBlock[] {
  const contentsStart = markdown.indexOf('**Table of contents with paper titles:**\n\n');
  const sectionsStart = markdown.indexOf(`${SECTION_BREAK}## 1. `);
  const sectionsEnd = markdown.indexOf(`${SECTION_BREAK}# Paper Selection Prompt`);
  expect(contentsStart).toBeGreaterThan(0);
  expect(sectionsStart).toBeGreaterThan(contentsStart);
  const contents = markdown
    .slice(contentsStart, sectionsStart)
    .split('\n\n')
    .slice(1)
    .map((entry) => entry.replace(/^\d+\. /, '#. ').replace(/link\d+\)/, 'link#)'));
  const sections = markdown
    .slice(sectionsStart + SECTION_BREAK.length, sectionsEnd)
    .split(SECTION_BREAK);
  expect(contents).toHaveLength(sections.length);
  return sections.map((section, index) => {
    const field = (name: string) =>
      new RegExp(`\\*\\*${name}:\\*\\* (.+)`).exec(section)?.[1] ?? '';
    return {
      id: field('ArXiv ID'),
      relevance: Number(field('Relevance')),
      novelty: Number(field('Novelty')),
      section: section
        .replace(/^## \d+\. /, '## #. ')
        .replace(/<a id="link\d+">/, '<a id="link#">'),
      comment: field('Comment'),
      contents: contents[index] ?? '',
    };
  });
}

/** The published order's tie groups: papers with the same relevance + novelty and relevance. */
const tieKey = (block: PaperBlock) => `${block.relevance + block.novelty}|${block.relevance}`;

function idsByTie(blocks: PaperBlock[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const block of blocks)
    groups.set(tieKey(block), [...(groups.get(tieKey(block)) ?? []), block.id]);
  return groups;
}

// ---------------------------------------------------------------------------------------------

describe('the popup on a scored listing', () => {
  let listing: { page: Page; tabId: number };
  let popup: Page;

  beforeAll(async () => {
    await configure();
    listing = await openListing();
    await waitForAllScored(listing.page);
    popup = await openPopup(listing);
    await waitForPopupPapers(popup, digest.papers.length);
  });

  afterAll(async () => {
    await popup?.close();
    await listing?.page.close();
  });

  it('shows the page’s heading, totals and token table', async () => {
    expect(await popup.locator('h1').textContent()).toBe('cs.LG · new');
    expect(await popup.locator('.heading__sub time').textContent()).toBe(localDay(Date.now()));
    const totals = await popup.locator('.totals__item').allTextContents();
    expect(totals).toEqual(['on the page42', 'scanned42', 'relevant42']);
    const table = popup.locator('.usage table');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Prompt',
      'Completion',
      'Total',
    ]);
    expect(await table.locator('tbody th').allTextContents()).toEqual(['Tokens', 'Cost']);
    const tokens = (await table.locator('tbody tr').first().locator('td').allTextContents()).map(
      (cell) => Number(cell.replace(/,/g, '')),
    );
    expect(tokens[0]).toBeGreaterThan(0);
    expect(tokens[0]! + tokens[1]!).toBe(tokens[2]);
    expect(await table.locator('tbody tr').nth(1).locator('td').first().textContent()).toMatch(
      /^\$\d+\.\d+$/,
    );
    expect(await popup.locator('.scoring button').textContent()).toBe('Score now');
  });

  it('lists the same kept papers in the same order as the page ordered by score', async () => {
    const page = listing.page;
    await page.bringToFront();
    await page.getByRole('button', { name: 'Order by score' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Back to arXiv order' }).count())
      .toBe(1);
    const pageOrder = await page
      .locator('#dlpage dt[data-sieve-kept="true"]')
      .evaluateAll((dts) =>
        dts.map(
          (dt) =>
            dt.querySelector('a[title="Abstract"]')?.textContent?.trim().replace('arXiv:', '') ??
            '',
        ),
      );
    expect(pageOrder).toHaveLength(digest.papers.length);
    expect(await popupIds(popup)).toEqual(pageOrder);

    const first = popup.locator('.paper').first();
    const top = digest.papers.find((paper) => paper.id === pageOrder[0]);
    const link = first.locator('.paper__title a');
    expect(await link.getAttribute('href')).toBe(`https://arxiv.org/abs/${pageOrder[0]}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await first.locator('.paper__rn').textContent()).toBe(
      `R ${top?.relevance} / N ${top?.novelty}`,
    );
    expect(await first.locator('.paper__comment').textContent()).toBe(top?.comment);
    expect(await first.locator('.paper__authors').textContent()).toBe(top?.authors.join(', '));
    await page.getByRole('button', { name: 'Back to arXiv order' }).click();
  });

  it('exports Markdown that reproduces the published digest’s papers', async () => {
    await popup.bringToFront();
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`paper-sieve-${localDay(Date.now())}.md`);
    const ours = paperBlocks(await readFile(await download.path(), 'utf8'));
    const published = paperBlocks(publishedMarkdownBytes(DAY).toString('utf8'));

    expect(ours.map((block) => block.id).sort()).toEqual(published.map((block) => block.id).sort());
    // Ties fell in a random order in the pipeline; here page order (arXiv ids) decides them.
    expect(ours.map(tieKey)).toEqual(published.map(tieKey));
    const ourTies = idsByTie(ours);
    for (const [key, ids] of idsByTie(published)) {
      expect(ourTies.get(key), key).toEqual([...ids].sort());
    }
    const publishedById = new Map(published.map((block) => [block.id, block]));
    for (const block of ours) {
      const expected = publishedById.get(block.id);
      expect(block.comment, block.id).toBe(expected?.comment);
      expect(comparable(block.section), block.id).toBe(comparable(expected?.section ?? ''));
      expect(comparable(block.contents), block.id).toBe(comparable(expected?.contents ?? ''));
    }
    // The ranks are the new order's, in the contents and the sections alike.
    const markdown = await readFile(await download.path(), 'utf8');
    expect(markdown).toContain(`## 1. [`);
    expect(markdown).toContain(`## ${ours.length}. [`);
  });

  it('copies the same Markdown and says so', async () => {
    // The extension may write the clipboard but not read it back: record what it writes.
    await popup.evaluate(() => {
      const clipboard = navigator.clipboard;
      const write = clipboard.writeText.bind(clipboard);
      const copied: string[] = [];
      Object.assign(window, { copied });
      clipboard.writeText = (text: string) => {
        copied.push(text);
        return write(text);
      };
    });
    await popup.getByRole('button', { name: 'Copy Markdown' }).click();
    await expect.poll(() => popup.locator('.exports__status').textContent()).toBe('Copied');
    const [copied = ''] = await popup.evaluate(
      () => (window as unknown as { copied: string[] }).copied,
    );
    expect(copied.startsWith(`# Personalized Daily ArXiv Papers ${localDay(Date.now())}`)).toBe(
      true,
    );
    expect(paperBlocks(copied).map((block) => block.id)).toEqual(await popupIds(popup));
  });

  it('scrolls the arXiv tab to a paper clicked in the popup', async () => {
    const ids = await popupIds(popup);
    const target = ids[ids.length - 1] ?? '';
    const item = popup.locator(`.paper[data-paper-id="${target}"]`);
    await item.getByRole('button', { name: /^Show on page: / }).click();
    const dt = listing.page.locator('#dlpage dt').filter({
      has: listing.page.locator(`a[title="Abstract"]`, { hasText: target }),
    });
    await expect.poll(() => dt.getAttribute('class')).toContain('paper-sieve-current');
    const inView = await dt.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    });
    expect(inView).toBe(true);
    expect(await listing.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  it('finds no serious accessibility problem, light or dark, and leaves screenshots', async () => {
    await checkAccessibility(popup, () => waitForPopupPapers(popup, digest.papers.length));
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: artifactPath('popup.png') });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: artifactPath('popup-dark.png') });
  });
});

describe('the popup elsewhere', () => {
  it('lists the past days with today’s first, and opens its digest', async () => {
    await configure();
    const popup = await openPopup();
    try {
      const today = localDay(Date.now());
      const row = popup.locator('.day').first();
      await row.waitFor();
      expect(await row.getAttribute('data-date')).toBe(today);
      expect(await row.locator('.day__date').textContent()).toBe(today);
      expect(await row.textContent()).toContain('(today)');
      await row.getByRole('button', { name: `Open the digest of ${today}` }).click();
      await expect.poll(() => popup.locator('h1').textContent()).toBe(`Digest of ${today} · today`);
      await waitForPopupPapers(popup, digest.papers.length);
      expect(await popup.locator('.paper__reveal').count()).toBe(0);

      const [download] = await Promise.all([
        popup.waitForEvent('download'),
        popup.getByRole('button', { name: 'Download JSON' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`paper-sieve-${today}.json`);
      const json = JSON.parse(await readFile(await download.path(), 'utf8')) as {
        date: string;
        papers: unknown[];
      };
      expect(json.date).toBe(today);
      expect(json.papers).toHaveLength(digest.papers.length);

      await popup.getByRole('button', { name: '← All days' }).click();
      await popup.locator('.day').first().waitFor();
      await checkAccessibility(popup, () => popup.locator('.day').first().waitFor());
    } finally {
      await popup.close();
    }
  });

  it('without an API key: a friendly word and the way to Options', async () => {
    await configure({ apiKey: '' });
    const popup = await openPopup();
    try {
      await expect.poll(() => popup.locator('h1').textContent()).toBe('Welcome to Paper Sieve');
      expect(await popup.locator('.no-key p').textContent()).toMatch(/needs an API key/);
      await checkAccessibility(popup, () => popup.locator('.no-key').waitFor());
      await popup.screenshot({ path: artifactPath('popup-no-key.png') });
      // The options tab opened on install would be focused instead of a new one.
      for (const page of browser.context.pages()) {
        if (page.url().includes('/options.html')) await page.close();
      }
      const options = browser.context.waitForEvent('page', (p) =>
        p.url().includes('/options.html'),
      );
      await popup.getByRole('button', { name: 'Open Options to add a key' }).click();
      await (await options).close();
    } finally {
      await popup.close();
    }
  });
});

describe('scoring from the popup', () => {
  it('says the page is not scored, scores it on Score now with progress, and stops', async () => {
    // Automatic scoring off and a model not used before: nothing is scored or cached.
    await configure({ autoScore: false, model: 'gpt-5-nano', batchSize: 2, concurrency: 1 });
    llm.setLatency(400);
    // A page of its own (another address is another run), so nothing from the tests above shows.
    const url = `${LISTING_URL}?skip=0&show=500`;
    arxiv.route(`${LISTING}?skip=0&show=500`, {
      file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`),
    });
    const listing = await openListing(url);
    await listing.page.locator('paper-sieve-bar .sieve-status__note[data-state="idle"]').waitFor();
    const popup = await openPopup({ tabId: listing.tabId, url });
    try {
      const notice = popup.getByRole('status').filter({ hasText: 'not been scored yet' });
      await expect.poll(() => notice.count()).toBe(1);
      await notice.getByRole('button', { name: 'Score now' }).click();
      const progress = popup.locator('.scoring__progress');
      await expect
        .poll(() => progress.textContent(), { timeout: 15_000 })
        .toMatch(/^Scoring… \d+ papers? still queued$/);
      // The popup keeps asking while papers are queued: kept papers come in as they land.
      await expect
        .poll(() => popup.locator('.paper').count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      await popup.getByRole('button', { name: 'Stop' }).click();
      await expect
        .poll(() => popup.locator('.note').textContent())
        .toMatch(/^Stopped: \d+ papers? taken off the queue\.$/);
      // A batch already sent when Stop was pressed still lands; then nothing is queued.
      await expect
        .poll(() => popup.locator('.scoring button').textContent(), { timeout: 15_000 })
        .toBe('Score now');
      expect(await popup.locator('.paper').count()).toBeLessThan(digest.papers.length);
    } finally {
      await popup.close();
      await listing.page.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

/**
 * axe-core in both colour schemes; serious or critical violations fail. Extension pages allow
 * only their own scripts, so the page is reloaded with CSP bypassed before axe is added.
 */
async function checkAccessibility(page: Page, ready: () => Promise<void>): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  await page.reload();
  await ready();
  await page.addScriptTag({ path: AXE });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
      return axe.run();
    });
    const grave = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    expect(grave, `${colorScheme}: ${JSON.stringify(grave)}`).toEqual([]);
  }
  await cdp.detach();
}

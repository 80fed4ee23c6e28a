/**
 * The annotated listing as a reader meets it: badges, comments and data hooks on every entry,
 * ordering by score and back, the Kept only / Dim filters, j/k/o/? keys, errors with their
 * retries, the no-key state, the cache on a revisit, arXiv's own anchors and links left intact,
 * accessibility (axe-core) and screenshots in both colour schemes.
 *
 * The built extension runs in Chromium against the loopback arXiv server and the fake OpenAI
 * server replaying the 2025-10-16 digest's labels (see scoring.test.ts for the pattern).
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CALL_ATTEMPTS } from '../../lib/scoring/backoff';
import type { Settings } from '../../lib/settings';
import type { ArxivServer } from '../support/arxiv-server';
import {
  artifactPath,
  launchWithExtension,
  REPO_ROOT,
  type ExtensionBrowser,
} from '../support/browser';
import { arxivIdsIn, digestReplayHandler, loadDigest, type Digest } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import { promptText, reply, type FakeOpenAI } from '../support/fake-openai';
import { derivedFixturePath, sharedFixturePath } from '../support/fixtures';
import { startWorld, stopWorld } from '../support/e2e-world';

const DAY = '2025-10-16';
const DERIVED_PAGE = '/list/cs.LG/new';
const DERIVED_FILE = derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`);
const REAL_PAGE = '/list/cond-mat.mtrl-sci/new';
const REAL_FILE = sharedFixturePath('arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html');
const AXE = resolve(REPO_ROOT, 'node_modules/axe-core/axe.min.js');

const digest = loadDigest(DAY);
/** Above the digest's own cut-off (8), so the 8/x papers are not kept: 23 kept, 19 not. */
const MIN_RELEVANCE = 9;
const MIN_NOVELTY = 7;
const isKept = (p: { relevance: number | null; novelty: number | null }) =>
  (p.relevance ?? 0) >= MIN_RELEVANCE && (p.novelty ?? 0) >= MIN_NOVELTY;

/** The derived page lists the digest's papers in arXiv id order. */
const derivedIds = digest.papers.map((p) => p.id).sort();
const keptIds = new Set(digest.papers.filter(isKept).map((p) => p.id));

/** The real /new page's ids, in page order (101, in three sections). */
const realIds = [...readFileSync(REAL_FILE, 'utf8').matchAll(/title="Abstract" id="([^"]+)"/g)].map(
  (m) => m[1] ?? '',
);

/** Varied scores for the real page's papers, derived from the id: ties included on purpose. */
function derivedScore(id: string): { relevance: number; novelty: number } {
  const n = Number(id.replace('.', ''));
  return { relevance: 1 + (n % 10), novelty: 1 + (Math.floor(n / 10) % 10) };
}

/** A digest-shaped answer sheet for the real page, so the replay handler speaks the wire format. */
const realDigest: Digest = {
  ...digest,
  papers: realIds.map((id, index) => ({
    rank: index + 1,
    id,
    title: '',
    authors: [],
    abstract: '',
    comment: `Scored from its id ${id}.`,
    ...derivedScore(id),
    authorMatch: false,
  })),
};

/** Two authors on the real page, one in the new submissions and one in the replacements. */
const FOLLOWED = ['Bo Gyu Jang', 'Claudia Draxl'];

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
  arxiv.route(DERIVED_PAGE, { file: DERIVED_FILE });
  arxiv.route(REAL_PAGE, { file: REAL_FILE });
  llm.setHandler(digestReplayHandler(digest));
});

/** The settings every test starts from; a test names a model of its own to start uncached. */
function settings(overrides: Partial<Settings> = {}): Partial<Settings> {
  return {
    apiKey: 'sk-test-key',
    baseUrl: llm.url,
    model: 'gpt-5-mini',
    batchSize: 10,
    concurrency: 2,
    minRelevance: MIN_RELEVANCE,
    minNovelty: MIN_NOVELTY,
    followedAuthors: '',
    autoScore: true,
    ...overrides,
  };
}

async function configure(target: ExtensionBrowser, overrides: Partial<Settings> = {}) {
  await setSettings(await target.serviceWorker(), settings(overrides));
}

async function open(path: string, target: ExtensionBrowser = browser): Promise<Page> {
  const page = await target.context.newPage();
  await page.goto(`https://arxiv.org${path}`);
  return page;
}

/** Waits until no entry is pending any more, and every entry has a state. */
async function waitForSettled(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const dts = [...document.querySelectorAll('#dlpage dt')];
      return (
        dts.length === n &&
        dts.every((dt) => {
          const state = dt.getAttribute('data-sieve-state');
          return state !== null && state !== 'pending';
        })
      );
    },
    count,
    { timeout },
  );
}

/** Everything the reader (and a user style) can see of each entry, in page order. */
interface EntryView {
  id: string;
  state: string | null;
  relevance: string | null;
  novelty: string | null;
  keptDt: string | null;
  keptDd: string | null;
  /** Index of the entry's `<dl>` (its section). */
  section: number;
  /** The annotation sits right after the "Abstract" link. */
  afterLink: boolean;
  badgeText: string | null;
  badgeRole: string | null;
  label: string | null;
  tip: string | null;
  action: string | null;
  actionText: string | null;
  actionHidden: boolean | null;
  /** The comment right after `.list-title`, when shown. */
  comment: string | null;
  /** The `<dt>` is followed by a `<dd>`. */
  ddFollows: boolean;
}

async function entryViews(page: Page): Promise<EntryView[]> {
  return page.evaluate(() => {
    const dls = [...document.querySelectorAll('#dlpage dl')];
    return [...document.querySelectorAll<HTMLElement>('#dlpage dt')].map((dt) => {
      const link = dt.querySelector('a[title="Abstract"]');
      const entry = dt.querySelector('.paper-sieve-entry');
      const badge = entry?.querySelector('.paper-sieve-badge');
      const button = entry?.querySelector<HTMLButtonElement>('button.paper-sieve-action');
      const dd = dt.nextElementSibling;
      const title = dd?.tagName === 'DD' ? dd.querySelector('.list-title') : null;
      const comment = title?.nextElementSibling;
      const shownComment =
        comment?.classList.contains('paper-sieve-comment') && !(comment as HTMLElement).hidden
          ? (comment.textContent ?? '')
          : null;
      return {
        id: link?.textContent?.trim().replace('arXiv:', '') ?? '',
        state: dt.getAttribute('data-sieve-state'),
        relevance: dt.getAttribute('data-sieve-relevance'),
        novelty: dt.getAttribute('data-sieve-novelty'),
        keptDt: dt.getAttribute('data-sieve-kept'),
        keptDd: dd?.tagName === 'DD' ? dd.getAttribute('data-sieve-kept') : null,
        section: dls.findIndex((dl) => dl.contains(dt)),
        afterLink: link?.nextElementSibling === entry && entry !== null,
        badgeText: badge?.querySelector('.paper-sieve-score')?.textContent ?? null,
        badgeRole: badge?.getAttribute('role') ?? null,
        label: badge?.getAttribute('aria-label') ?? null,
        tip: entry?.querySelector('.paper-sieve-tip')?.textContent ?? null,
        action: button?.getAttribute('data-sieve-action') ?? null,
        actionText: button?.textContent ?? null,
        actionHidden: button ? button.hidden : null,
        comment: shownComment,
        ddFollows: dd?.tagName === 'DD',
      };
    });
  });
}

/** The page as arXiv served it (fetched again and parsed inert), for what must survive. */
async function arxivOriginal(page: Page) {
  return page.evaluate(async () => {
    const html = await (await fetch(location.href)).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return pageLandmarks(doc);
    function pageLandmarks(d: Document) {
      return {
        ids: [...d.querySelectorAll('#dlpage dt a[title="Abstract"]')].map(
          (a) => a.textContent?.trim().replace('arXiv:', '') ?? '',
        ),
        anchors: [...d.querySelectorAll('#dlpage a[name]')].map((a) => a.getAttribute('name')),
        links: [...d.querySelectorAll('#dlpage a[href]')].map((a) => a.getAttribute('href')),
        headings: [...d.querySelectorAll('#dlpage dl')].map((dl) =>
          dl.firstElementChild?.tagName === 'H3' ? dl.firstElementChild.textContent : null,
        ),
        perSection: [...d.querySelectorAll('#dlpage dl')].map(
          (dl) => dl.querySelectorAll(':scope > dt').length,
        ),
      };
    }
  });
}

/** The same landmarks, read from the live (annotated) page. */
async function liveLandmarks(page: Page) {
  return page.evaluate(() => ({
    ids: [...document.querySelectorAll('#dlpage dt a[title="Abstract"]')].map(
      (a) => a.textContent?.trim().replace('arXiv:', '') ?? '',
    ),
    anchors: [...document.querySelectorAll('#dlpage a[name]')].map((a) => a.getAttribute('name')),
    links: [...document.querySelectorAll('#dlpage a[href]')].map((a) => a.getAttribute('href')),
    headings: [...document.querySelectorAll('#dlpage dl')].map((dl) =>
      dl.firstElementChild?.tagName === 'H3' ? dl.firstElementChild.textContent : null,
    ),
    perSection: [...document.querySelectorAll('#dlpage dl')].map(
      (dl) => dl.querySelectorAll(':scope > dt').length,
    ),
  }));
}

const sorted = <T>(values: T[]) => [...values].sort();

describe('an annotated listing (cs.LG, derived from the 2025-10-16 digest)', () => {
  it('gives every entry its state, scores, badge, comment and data hooks', async () => {
    await configure(browser);
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      const views = await entryViews(page);
      expect(views.map((v) => v.id)).toEqual(derivedIds);
      for (const paper of digest.papers) {
        const view = views.find((v) => v.id === paper.id);
        const kept = isKept(paper);
        const standing = kept ? 'kept' : 'near the thresholds';
        expect(view, paper.id).toEqual({
          id: paper.id,
          state: 'scored',
          relevance: String(paper.relevance),
          novelty: String(paper.novelty),
          keptDt: String(kept),
          keptDd: String(kept),
          section: 0,
          afterLink: true,
          badgeText: `R ${paper.relevance} · N ${paper.novelty}`,
          badgeRole: 'img',
          label: `Relevance ${paper.relevance} of 10, novelty ${paper.novelty} of 10, ${standing}`,
          tip: `${paper.comment.trim()} — judged by gpt-5-mini`,
          action: null,
          actionText: '',
          actionHidden: true,
          comment: paper.comment.trim(),
          ddFollows: true,
        });
      }
      expect(views.filter((v) => v.keptDt === 'true')).toHaveLength(keptIds.size);
      await expect
        .poll(() => page.locator('.sieve-status__progress').textContent())
        .toMatch(new RegExp(`^scored 42 / 42 · ${keptIds.size} relevant · \\$`));
      // The badge names its tooltip, so a screen reader hears the comment too.
      const first = page.locator('#dlpage dt .paper-sieve-badge').first();
      const tipId = await first.getAttribute('aria-describedby');
      expect(tipId).toBe(`paper-sieve-tip-${derivedIds[0]}`);
      expect(await page.locator(`[id="${tipId}"]`).getAttribute('role')).toBe('tooltip');
    } finally {
      await page.close();
    }
  });

  it('annotates a page revisited from the cache fully, without a single call', async () => {
    // A model of its own, so the first visit asks and only the second comes from the cache.
    await configure(browser, { model: 'gpt-4.1-mini' });
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      const calls = llm.completions.length;
      expect(calls).toBe(Math.ceil(derivedIds.length / 10));
      const firstVisit = await entryViews(page);

      await page.reload();
      await waitForSettled(page, derivedIds.length);
      expect(llm.completions.length).toBe(calls);
      const revisit = await entryViews(page);
      expect(revisit).toEqual(firstVisit);
      expect(revisit.every((v) => v.state === 'scored' && v.comment !== null)).toBe(true);
      expect(revisit.every((v) => v.tip?.endsWith('judged by gpt-4.1-mini'))).toBe(true);

      // Another tab of the same browser: the same, still without a call.
      const other = await open(DERIVED_PAGE);
      await waitForSettled(other, derivedIds.length);
      expect(await entryViews(other)).toEqual(firstVisit);
      expect(llm.completions.length).toBe(calls);
      await other.close();
    } finally {
      await page.close();
    }
  });

  it('Kept only hides exactly the papers not kept, Dim the rest dims them, All shows all', async () => {
    await configure(browser);
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      const looks = () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('#dlpage dt')].map((dt) => {
            const dd = dt.nextElementSibling as HTMLElement;
            return {
              id: dt
                .querySelector('a[title="Abstract"]')
                ?.textContent?.trim()
                .replace('arXiv:', ''),
              dt: { display: getComputedStyle(dt).display, opacity: getComputedStyle(dt).opacity },
              dd: { display: getComputedStyle(dd).display, opacity: getComputedStyle(dd).opacity },
              filter: document.getElementById('dlpage')?.getAttribute('data-sieve-filter') ?? null,
            };
          }),
        );
      const radio = (name: string) => page.getByRole('radio', { name, exact: true });
      expect(await radio('All').isChecked()).toBe(true);

      await radio('Kept only').check();
      expect(await radio('Kept only').isChecked()).toBe(true);
      for (const look of await looks()) {
        const kept = keptIds.has(look.id ?? '');
        expect(look.filter).toBe('kept');
        expect(look.dt.display === 'none', `${look.id} dt`).toBe(!kept);
        expect(look.dd.display === 'none', `${look.id} dd`).toBe(!kept);
      }
      expect(await page.locator('#dlpage dt:visible').count()).toBe(keptIds.size);

      await radio('Dim the rest').check();
      for (const look of await looks()) {
        const kept = keptIds.has(look.id ?? '');
        expect(look.filter).toBe('dim');
        expect([look.dt.display, look.dd.display]).not.toContain('none');
        for (const part of [look.dt, look.dd]) {
          if (kept) expect(Number(part.opacity), look.id).toBe(1);
          else expect(Number(part.opacity), look.id).toBeLessThan(1);
        }
      }

      await radio('All').check();
      for (const look of await looks()) {
        expect(look.filter).toBeNull();
        expect([look.dt.display, look.dd.display]).not.toContain('none');
        expect([look.dt.opacity, look.dd.opacity]).toEqual(['1', '1']);
      }
      expect(await page.locator('#dlpage dt:visible').count()).toBe(derivedIds.length);
    } finally {
      await page.close();
    }
  });

  it('moves over kept papers with j and k, opens one with o, shows the keys with ?', async () => {
    await configure(browser);
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      const keptInOrder = derivedIds.filter((id) => keptIds.has(id));
      // The second `j` has papers not kept to skip over.
      expect(keptInOrder[1]).not.toBe(derivedIds[1]);
      const current = () =>
        page.evaluate(() => {
          const marked = [...document.querySelectorAll<HTMLElement>('.paper-sieve-current')];
          return marked.map((el) => {
            const rect = el.getBoundingClientRect();
            return {
              tag: el.tagName,
              id: el
                .querySelector('a[title="Abstract"]')
                ?.textContent?.trim()
                .replace('arXiv:', ''),
              inView: rect.top >= 0 && rect.bottom <= window.innerHeight && rect.height > 0,
            };
          });
        });
      expect(await current()).toEqual([]);

      // Straight after choosing a filter in the bar (focus on its radio), the keys work.
      await page.getByRole('radio', { name: 'Kept only', exact: true }).check();
      await page.keyboard.press('j');
      await expect.poll(current).toEqual([{ tag: 'DT', id: keptInOrder[0], inView: true }]);
      await page.getByRole('radio', { name: 'All', exact: true }).check();
      await page.keyboard.press('j');
      await expect.poll(current).toEqual([{ tag: 'DT', id: keptInOrder[1], inView: true }]);
      await page.keyboard.press('j');
      await expect.poll(current).toEqual([{ tag: 'DT', id: keptInOrder[2], inView: true }]);
      await page.keyboard.press('k');
      await expect.poll(current).toEqual([{ tag: 'DT', id: keptInOrder[1], inView: true }]);

      const popup = browser.context.waitForEvent('page');
      await page.keyboard.press('o');
      const abstractPage = await popup;
      await expect.poll(() => abstractPage.url()).toBe(`https://arxiv.org/abs/${keptInOrder[1]}`);
      await abstractPage.close();

      const help = page.getByRole('region', { name: 'Keyboard shortcuts' });
      const keysButton = page.getByRole('button', { name: /^Keys/ });
      expect(await help.count()).toBe(0);
      await page.keyboard.press('?');
      await help.waitFor();
      expect(await help.textContent()).toContain('Next kept paper');
      expect(await keysButton.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('?');
      await help.waitFor({ state: 'detached' });
      expect(await keysButton.getAttribute('aria-expanded')).toBe('false');

      // Typing into arXiv's search box (its overlay opened, as its toggle does) is typing.
      await page.evaluate(() => {
        const overlay = document.getElementById('arxiv-search-overlay');
        if (overlay) overlay.hidden = false;
      });
      const search = page.locator('#arxiv-search-input');
      await search.click();
      let opened = 0;
      const countPages = () => (opened += 1);
      browser.context.on('page', countPages);
      await page.keyboard.type('jjk?o');
      expect(await search.inputValue()).toBe('jjk?o');
      expect(await help.count()).toBe(0);
      // Scrolled to the search box, the current paper stays the same one.
      expect((await current()).map((c) => c.id)).toEqual([keptInOrder[1]]);
      browser.context.off('page', countPages);
      expect(opened).toBe(0);
      // Out of the field, the keys work again.
      await page.locator('#dlpage h1').click();
      await page.keyboard.press('j');
      await expect.poll(current).toEqual([{ tag: 'DT', id: keptInOrder[2], inView: true }]);
    } finally {
      await page.close();
    }
  });

  it('shows the papers of a failing call as errors with the reason, and retries them', async () => {
    // A model of its own: nothing comes from the cache.
    await configure(browser, { model: 'gpt-5-nano' });
    const failing = derivedIds[14] ?? '';
    const healthy = digestReplayHandler(digest);
    const asks = (req: { chat?: Parameters<typeof promptText>[0] }, id: string) =>
      req.chat !== undefined && arxivIdsIn(promptText(req.chat)).includes(id);
    llm.setHandler((req) => (asks(req, failing) ? reply.error(500) : healthy(req)));
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      // The call was tried its bounded number of times, then given up.
      const failedCalls = llm.completions.filter((req) => asks(req, failing));
      expect(failedCalls).toHaveLength(MAX_CALL_ATTEMPTS);
      const inFailedCall = new Set(
        failedCalls.flatMap((req) =>
          req.chat ? arxivIdsIn(promptText(req.chat)).filter((id) => derivedIds.includes(id)) : [],
        ),
      );
      // The batch holding the failing paper (batches hold 10 at most) fails as a whole.
      const batch = inFailedCall.size;
      expect(batch).toBeGreaterThan(1);
      expect(batch).toBeLessThanOrEqual(10);

      const views = await entryViews(page);
      const errored = views.filter((v) => v.state === 'error');
      expect(sorted(errored.map((v) => v.id))).toEqual(sorted([...inFailedCall]));
      expect(views.filter((v) => v.state === 'scored')).toHaveLength(derivedIds.length - batch);
      for (const view of errored) {
        // The reason in words, in the text alternative and in the tooltip; a Retry beside it.
        expect(view.label).toMatch(/^Scoring failed: /);
        const reason = view.label?.replace(/^Scoring failed: /, '') ?? '';
        expect(reason).toMatch(/[a-z]{3,} [a-z]{3,}/i);
        expect(reason).not.toMatch(/^[{[]/);
        expect(view.tip).toBe(reason);
        expect(view.badgeText).toBe('error');
        expect(view).toMatchObject({
          action: 'retry',
          actionText: 'Retry',
          actionHidden: false,
          relevance: null,
          keptDt: null,
          comment: null,
        });
      }
      console.info(`error reason shown: ${errored[0]?.label}`);
      const barError = page.locator('paper-sieve-bar .sieve-status__note[data-state="error"]');
      expect(await barError.textContent()).toContain(`${batch} could not be scored`);

      // The endpoint recovers; one badge's Retry scores that paper alone.
      llm.setHandler(healthy);
      const state = (id: string) =>
        page.locator(`#dlpage dt:has(a[id="${id}"])`).getAttribute('data-sieve-state');
      const retryButton = page.locator(
        `#dlpage dt:has(a[id="${failing}"]) button.paper-sieve-action[data-sieve-action="retry"]`,
      );
      await retryButton.click();
      await expect.poll(() => state(failing)).toBe('scored');
      const paper = digest.papers.find((p) => p.id === failing);
      const after = (await entryViews(page)).find((v) => v.id === failing);
      expect(after).toMatchObject({
        badgeText: `R ${paper?.relevance} · N ${paper?.novelty}`,
        actionHidden: true,
        comment: paper?.comment.trim(),
      });
      const stillErrored = [...inFailedCall].filter((id) => id !== failing);
      for (const id of stillErrored) expect(await state(id), id).toBe('error');
      await expect.poll(() => barError.textContent()).toContain(`${batch - 1} could not be scored`);

      // The bar's Retry retries every paper still in error.
      await barError.getByRole('button', { name: 'Retry' }).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
        derivedIds.length,
        { timeout: 30_000 },
      );
      const final = await entryViews(page);
      for (const paper of digest.papers) {
        expect(final.find((v) => v.id === paper.id)).toMatchObject({
          state: 'scored',
          badgeText: `R ${paper.relevance} · N ${paper.novelty}`,
          actionHidden: true,
        });
      }
      expect(await barError.count()).toBe(0);
      await expect
        .poll(() => page.locator('.sieve-status__progress').textContent())
        .toMatch(new RegExp(`^scored 42 / 42 · ${keptIds.size} relevant`));
    } finally {
      await page.close();
    }
  });

  it('has no serious accessibility violation of its own (axe-core), and a light screenshot', async () => {
    await configure(browser);
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      await checkAccessibility(page, 'light');
      await showTop(page);
      await page.screenshot({ path: artifactPath('annotated-light.png') });
    } finally {
      await page.close();
    }
  });
});

describe('the real /new page of cond-mat.mtrl-sci (101 entries in three sections)', () => {
  it('skips off-screen entries’ rendering, yet shows a whole tooltip and lands anchors on their entry', async () => {
    await configure(browser, { model: 'gpt-4.1-mini' });
    const page = await open(DERIVED_PAGE);
    try {
      await waitForSettled(page, derivedIds.length);
      // entries.css came with the manifest, before the page was laid out.
      expect(
        await page.evaluate(() =>
          ['dt', 'dd'].map(
            (tag) => getComputedStyle(document.querySelector(`#dlpage ${tag}`)!).contentVisibility,
          ),
        ),
      ).toEqual(['auto', 'auto']);

      // The tooltip is drawn outside the entries (which clip), under its badge, whole.
      const badge = page.locator('#dlpage dt .paper-sieve-badge').first();
      await badge.hover();
      const tip = page.locator('.paper-sieve-floating-tip');
      await tip.waitFor();
      const tipId = await badge.getAttribute('aria-describedby');
      expect(await tip.textContent()).toBe(
        await page.locator(`[id="${tipId}"]`).evaluate((element) => element.textContent),
      );
      const [badgeBox, tipBox] = [await badge.boundingBox(), await tip.boundingBox()];
      expect(tipBox!.y).toBeGreaterThanOrEqual(badgeBox!.y + badgeBox!.height);
      expect(tipBox!.height).toBeGreaterThan(badgeBox!.height);
      expect(
        await page.evaluate(
          ([x, y]) => document.elementFromPoint(x!, y!)?.className,
          [tipBox!.x + tipBox!.width / 2, tipBox!.y + tipBox!.height - 2],
        ),
      ).toBe('paper-sieve-floating-tip');
      await page.mouse.move(0, 0);
      await tip.waitFor({ state: 'hidden' });

      // An anchor far down the page still brings its own entry into view.
      const last = derivedIds.length;
      await page.goto(`${page.url().split('#')[0]}#item${last}`);
      await waitForSettled(page, derivedIds.length);
      const anchorTop = await page.evaluate(
        (n) => document.querySelector(`a[name="item${n}"]`)!.getBoundingClientRect().top,
        last,
      );
      expect(anchorTop).toBeGreaterThanOrEqual(-1);
      expect(anchorTop).toBeLessThan(900);
    } finally {
      await page.close();
    }
  });

  it('orders each section by score and back to arXiv order, keeping every anchor and link', async () => {
    await configure(browser, { followedAuthors: FOLLOWED.join('\n') });
    llm.setHandler(digestReplayHandler(realDigest));
    const page = await open(REAL_PAGE);
    try {
      const original = await arxivOriginal(page);
      expect(original.ids).toEqual(realIds);
      expect(original.perSection).toEqual([45, 21, 35]);
      expect(original.anchors).toHaveLength(101);

      await waitForSettled(page, realIds.length);
      const annotated = await entryViews(page);
      expect(await liveLandmarks(page)).toEqual(original);
      const authorMatches = annotated.filter((v) => v.state === 'author-match');
      expect(authorMatches.map((v) => v.section).sort()).toEqual([0, 2]);
      for (const view of authorMatches) {
        expect(view).toMatchObject({ badgeText: 'Author match', keptDt: 'true' });
      }
      for (const view of annotated.filter((v) => v.state === 'scored')) {
        const { relevance, novelty } = derivedScore(view.id);
        expect(view.badgeText).toBe(`R ${relevance} · N ${novelty}`);
      }
      // Each `<dd>` is marked with its paper, to check it still follows its own `<dt>`.
      await page.evaluate(() => {
        for (const dt of document.querySelectorAll('#dlpage dt')) {
          const id = dt.querySelector('a[title="Abstract"]')?.getAttribute('id') ?? '';
          dt.nextElementSibling?.setAttribute('data-test-paper', id);
        }
      });
      const pairsIntact = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('#dlpage dt')].every((dt) => {
            const id = dt.querySelector('a[title="Abstract"]')?.getAttribute('id');
            const dd = dt.nextElementSibling;
            return dd?.tagName === 'DD' && dd.getAttribute('data-test-paper') === id;
          }),
        );

      const orderButton = page.getByRole('button', {
        name: /^(Order by score|Back to arXiv order)$/,
      });
      expect(await orderButton.textContent()).toBe('Order by score');
      expect(await orderButton.getAttribute('aria-pressed')).toBe('false');
      await orderButton.click();
      await expect.poll(() => orderButton.textContent()).toBe('Back to arXiv order');
      expect(await orderButton.getAttribute('aria-pressed')).toBe('true');

      // The expected order: per section, author matches, then relevance + novelty, then
      // relevance, ties in arXiv's order.
      const rank = (v: EntryView) => [
        v.state === 'author-match' ? 1 : 0,
        Number(v.relevance ?? 0) + Number(v.novelty ?? 0),
        Number(v.relevance ?? 0),
      ];
      const expected = [0, 1, 2].flatMap((section) =>
        annotated
          .filter((v) => v.section === section)
          .map((v, index) => ({ v, index }))
          .sort((a, b) => {
            const [ra, rb] = [rank(a.v), rank(b.v)];
            for (let i = 0; i < ra.length; i++) {
              const d = (rb[i] ?? 0) - (ra[i] ?? 0);
              if (d !== 0) return d;
            }
            return a.index - b.index;
          })
          .map(({ v }) => v.id),
      );
      expect(expected).not.toEqual(realIds);
      const byScore = await liveLandmarks(page);
      expect(byScore.ids).toEqual(expected);
      expect(byScore.perSection).toEqual(original.perSection);
      expect(byScore.headings).toEqual(original.headings);
      expect(sorted(byScore.anchors)).toEqual(sorted(original.anchors));
      expect(sorted(byScore.links)).toEqual(sorted(original.links));
      expect(await pairsIntact()).toBe(true);
      const sortedViews = await entryViews(page);
      expect(sortedViews.every((v) => v.ddFollows && v.afterLink)).toBe(true);
      // Author matches lead their sections.
      for (const match of authorMatches) {
        const first = sortedViews.find((v) => v.section === match.section);
        expect(first?.id).toBe(match.id);
      }

      await orderButton.click();
      await expect.poll(() => orderButton.textContent()).toBe('Order by score');
      expect(await orderButton.getAttribute('aria-pressed')).toBe('false');
      expect(await liveLandmarks(page)).toEqual(original);
      expect(await pairsIntact()).toBe(true);
      expect((await entryViews(page)).map((v) => v.id)).toEqual(realIds);
    } finally {
      await page.close();
    }
  });
});

describe('without an API key (a fresh profile)', () => {
  it('marks every entry idle with an Open Options action', async () => {
    const fresh = await launchWithExtension({ hostResolverRules: arxiv.hostResolverRules });
    try {
      const page = await open(DERIVED_PAGE, fresh);
      await waitForSettled(page, derivedIds.length);
      const views = await entryViews(page);
      expect(views).toHaveLength(derivedIds.length);
      for (const view of views) {
        expect(view).toMatchObject({
          state: 'idle',
          relevance: null,
          keptDt: null,
          badgeText: 'not scored',
          action: 'options',
          actionText: 'Open Options',
          actionHidden: false,
          comment: null,
        });
        expect(view.label).toMatch(/^Not scored: .*API key.*Options/);
        expect(view.tip).toMatch(/API key/);
      }
      const idleNote = page.locator('paper-sieve-bar .sieve-status__note[data-state="idle"]');
      expect(await idleNote.textContent()).toMatch(/API key/);
      expect(llm.completions).toHaveLength(0);
      // Nothing scored: ordering by score has nothing to go on.
      expect(await page.getByRole('button', { name: 'Order by score' }).isDisabled()).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe('in the dark colour scheme', () => {
  it('has no serious accessibility violation of its own, and a dark screenshot', async () => {
    const dark = await launchWithExtension({
      hostResolverRules: arxiv.hostResolverRules,
      colorScheme: 'dark',
    });
    try {
      await configure(dark);
      const page = await open(DERIVED_PAGE, dark);
      await waitForSettled(page, derivedIds.length);
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(
        true,
      );
      await checkAccessibility(page, 'dark');
      await showTop(page);
      await page.screenshot({ path: artifactPath('annotated-dark.png') });
    } finally {
      await dark.close();
    }
  });
});

/** The listing's top (the header's huge offline icons out of view), keys panel open, no tooltip. */
async function showTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.querySelector('#dlpage h1')?.scrollIntoView({ block: 'start' });
  });
}

interface AxeNode {
  target: unknown[];
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** A node is ours when it is in the bar's shadow root or one of our `.paper-sieve-*` elements. */
function isOurs(node: AxeNode): boolean {
  const selectors = node.target.flat(3).map(String);
  return (
    selectors.some((s) => s.includes('paper-sieve-bar') || s.includes('.paper-sieve-')) ||
    /^<[a-z]+[^>]*class="paper-sieve-/.test(node.html)
  );
}

/**
 * Runs axe-core on the annotated page with the keys panel open and a badge's tooltip shown:
 * serious or critical violations on our nodes fail; arXiv's own are reported only.
 */
async function checkAccessibility(page: Page, scheme: string): Promise<void> {
  await page.getByRole('button', { name: /^Keys/ }).click();
  await page.getByRole('region', { name: 'Keyboard shortcuts' }).waitFor();
  await page.locator('#dlpage .paper-sieve-badge').first().focus();
  await page.locator('.paper-sieve-floating-tip').waitFor();
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
    };
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, html }) => ({ target, html })),
    }));
  });
  const ours: string[] = [];
  const theirs: string[] = [];
  for (const violation of violations) {
    const mine = violation.nodes.filter(isOurs);
    const others = violation.nodes.length - mine.length;
    if (others > 0)
      theirs.push(`${violation.impact} ${violation.id} (${others} nodes): ${violation.help}`);
    if (mine.length > 0 && (violation.impact === 'serious' || violation.impact === 'critical')) {
      for (const node of mine) {
        ours.push(
          `${violation.impact} ${violation.id}: ${JSON.stringify(node.target)} ${node.html}`,
        );
      }
    }
  }
  if (theirs.length > 0)
    console.info(`axe (${scheme}), arXiv's own violations:\n  ${theirs.join('\n  ')}`);
  expect(ours, `axe (${scheme}) violations on Paper Sieve's nodes`).toEqual([]);
}

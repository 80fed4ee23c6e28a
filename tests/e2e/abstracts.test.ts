/**
 * Abstracts for listing pages that hide them (recent, pastweek, month, catchup): fetched from the
 * loopback arXiv API by the built extension in Chromium, within arXiv's terms, and stored in
 * IndexedDB so each is fetched once. Every test starts a fresh browser profile, so the store
 * and the fetcher's three-second clock start empty.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseListing } from '../../lib/arxiv/listing';
import type { Paper } from '../../lib/arxiv/types';
import {
  arxivReply,
  atomFeed,
  startArxivServer,
  type ApiRequest,
  type ArxivServer,
  type PaperRecord,
} from '../support/arxiv-server';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import {
  derivedFixture,
  derivedFixturePath,
  htmlDocument,
  sharedFixture,
  sharedFixturePath,
} from '../support/fixtures';

// ---------------------------------------------------------------------------------------------
// The pages: the real /new page and pages derived from its entries (tests/fixtures/derived)

interface ListingPage {
  /** Path and query on arxiv.org, as the fake server routes it. */
  path: string;
  /** The saved HTML served for it. */
  file: string;
  /** The papers as the project's own parser reads them. */
  papers: Paper[];
}

function sharedPage(path: string, name: string): ListingPage {
  return { path, file: sharedFixturePath(name), papers: papersOf(sharedFixture(name), path) };
}

function derivedPage(path: string, name: string): ListingPage {
  return { path, file: derivedFixturePath(name), papers: papersOf(derivedFixture(name), path) };
}

function papersOf(html: string, path: string): Paper[] {
  const listing = parseListing(htmlDocument(html), `https://arxiv.org${path}`);
  if (!listing) throw new Error(`${path}: the fixture is not a listing`);
  return listing.papers;
}

const NEW = sharedPage(
  '/list/cond-mat.mtrl-sci/new',
  'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html',
);
const RECENT = derivedPage(
  '/list/cond-mat.mtrl-sci/recent',
  'list-cond-mat.mtrl-sci-recent-derived-2026-09-22.html',
);
const RECENT_SHOW_100 = derivedPage(
  '/list/cond-mat.mtrl-sci/recent?skip=0&show=100',
  'list-cond-mat.mtrl-sci-recent-show100-derived-2026-09-22.html',
);
const PASTWEEK_SKIP_47 = derivedPage(
  '/list/cond-mat.mtrl-sci/pastweek?skip=47&show=5',
  'list-cond-mat.mtrl-sci-pastweek-skip47-show5-derived-2026-09-22.html',
);
const CATCHUP = derivedPage(
  '/catchup/cond-mat.mtrl-sci/2026-09-22',
  'catchup-cond-mat.mtrl-sci-derived-2026-09-22.html',
);

/** The real page shows every abstract; the derived pages reuse its entries, abstracts removed. */
const REAL_PAPERS = new Map(NEW.papers.map((paper) => [paper.id, paper]));

const ids = (page: ListingPage): string[] => page.papers.map((paper) => paper.id);

/** What the fake API knows about `paperIds`: the real page's title, authors and abstract. */
function apiRecords(paperIds: readonly string[]): Record<string, PaperRecord> {
  return Object.fromEntries(paperIds.map((id) => [id, apiRecord(id)]));
}

function apiRecord(id: string): PaperRecord {
  const paper = REAL_PAPERS.get(id);
  if (!paper?.abstract) throw new Error(`${id} is not on the real /new page with an abstract`);
  const codes = paper.subjects.map((subject) => subject.code).filter((code) => code !== null);
  const primary = paper.primarySubject?.code ?? codes[0];
  return {
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    version: paper.version ?? 1,
    categories: primary ? [primary, ...codes.filter((code) => code !== primary)] : undefined,
  };
}

/** The real page's abstract for `id`, as the extension should end up storing it. */
function realAbstract(id: string): string {
  const abstract = REAL_PAPERS.get(id)?.abstract;
  if (!abstract) throw new Error(`${id} has no abstract on the real /new page`);
  return abstract;
}

// ---------------------------------------------------------------------------------------------
// Harness: one loopback arXiv for the file, one fresh Chromium profile per test

let arxiv: ArxivServer;
let browser: ExtensionBrowser | undefined;

beforeAll(async () => {
  arxiv = await startArxivServer();
});

afterAll(async () => {
  await arxiv?.close();
});

beforeEach(async () => {
  arxiv.reset();
  for (const page of [NEW, RECENT, RECENT_SHOW_100, PASTWEEK_SKIP_47, CATCHUP]) {
    arxiv.route(page.path, { file: page.file }, { host: 'arxiv.org' });
  }
  browser = await launchWithExtension({ hostResolverRules: arxiv.hostResolverRules });
  await recordApiFetchStarts();
});

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

function currentBrowser(): ExtensionBrowser {
  if (!browser) throw new Error('no browser: beforeEach did not launch one');
  return browser;
}

async function open(listing: ListingPage): Promise<Page> {
  const page = await currentBrowser().context.newPage();
  await page.goto(`https://arxiv.org${listing.path}`);
  return page;
}

/** The status line's words about abstracts, once they are no longer being fetched. */
async function abstractsNote(page: Page): Promise<string> {
  const note = page.locator('.sieve-status__abstracts:not([data-state="fetching"])');
  // The 503 test waits out a retry three seconds after the first request.
  await note.waitFor({ timeout: 20_000 });
  return ((await note.textContent()) ?? '').replace(/^ — /, '');
}

/** Serves `known` as the API's 2026 Atom feed, keeping each body the browser was sent. */
function serveAtom(known: Record<string, PaperRecord>): string[] {
  const papers = new Map(Object.entries(known));
  const bodies: string[] = [];
  arxiv.setApiHandler((query) => {
    const body = atomFeed(query, papers);
    bodies.push(body);
    return { body, contentType: 'application/atom+xml; charset=UTF-8' };
  });
  return bodies;
}

/**
 * arXiv's terms: one request at a time, each with at most 100 ids and a `max_results` that lets
 * all of them come back (arXiv's default is 10), each starting at least three seconds after the
 * one before.
 *
 * The spacing is checked on the starts the browser recorded (see `recordApiFetchStarts`), less a
 * little for timer granularity. The server's arrival times are not precise enough: the first
 * request on a fresh connection spends tens of milliseconds (150 ms on a busy machine) on TCP
 * and TLS before it arrives, so arrivals of requests started 3.0 s apart were seen 2.88 s apart.
 */
async function expectPoliteRequests(requests: readonly ApiRequest[]): Promise<void> {
  for (const request of requests) {
    expect(request.host).toBe('export.arxiv.org');
    expect(request.query.ids.length).toBeGreaterThan(0);
    expect(request.query.ids.length).toBeLessThanOrEqual(100);
    expect(request.query.maxResults).toBe(request.query.ids.length);
    expect(new Set(request.query.ids).size).toBe(request.query.ids.length);
    expect(request.apiInFlight).toBe(0);
  }
  const starts = await apiFetchStarts();
  expect(starts).toHaveLength(requests.length);
  const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2990);
}

const FETCH_LOG = '__paperSieveTestApiFetchStarts';

/**
 * Notes when the service worker starts each arXiv API fetch. The background calls the global
 * `fetch` at request time, so a wrapper installed before the first page sees every request
 * (the worker is not restarted within a test: Chromium stops it only after 30 s idle).
 */
async function recordApiFetchStarts(): Promise<void> {
  const worker = await currentBrowser().serviceWorker();
  await worker.evaluate((log) => {
    const scope = globalThis as unknown as Record<string, unknown> & { fetch: typeof fetch };
    const starts: number[] = [];
    const original = scope.fetch.bind(globalThis);
    scope[log] = starts;
    scope.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/api/query')) starts.push(Date.now());
      return original(input, init);
    };
  }, FETCH_LOG);
}

async function apiFetchStarts(): Promise<number[]> {
  const worker = await currentBrowser().serviceWorker();
  return worker.evaluate((log) => {
    const starts = (globalThis as unknown as Record<string, unknown>)[log];
    return Array.isArray(starts) ? starts.map(Number) : [];
  }, FETCH_LOG);
}

interface StoredAbstract {
  abstract: string | null;
  abstractSource: string | null;
}

/**
 * The extension's `papers` store, read in its service worker. The database is never opened by
 * this helper before the extension made it: an open without a version would create an empty
 * version 1 and break the extension's own upgrade.
 */
async function storedPapers(): Promise<Map<string, StoredAbstract>> {
  const worker = await currentBrowser().serviceWorker();
  const rows = await worker.evaluate(async () => {
    const names = (await indexedDB.databases()).map((db) => db.name);
    if (!names.includes('paper-sieve')) return [];
    return new Promise<{ id: string; abstract: string | null; abstractSource: string | null }[]>(
      (resolve, reject) => {
        const open = indexedDB.open('paper-sieve');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('papers').objectStore('papers').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve(all.result);
          };
        };
      },
    );
  });
  return new Map(
    rows.map(({ id, abstract, abstractSource }) => [id, { abstract, abstractSource }]),
  );
}

/** Where the service worker parses XML: Chrome gives it no DOMParser of its own. */
async function offscreenDocuments(): Promise<number> {
  const worker = await currentBrowser().serviceWorker();
  return worker.evaluate(async () => {
    type Runtime = { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
    const chrome = (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome;
    const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return contexts.length;
  });
}

const NEXT_VISIT = 'abstracts will be fetched on the next visit';

// ---------------------------------------------------------------------------------------------

describe('abstracts a recent page does not show', () => {
  it('fetches them from the arXiv API in one polite request, and not again on a reload', async () => {
    const page66 = ids(RECENT_SHOW_100);
    expect(page66).toHaveLength(66);
    expect(RECENT_SHOW_100.papers.every((paper) => paper.abstract === null)).toBe(true);
    const bodies = serveAtom(apiRecords(page66));

    const page = await open(RECENT_SHOW_100);
    expect(await abstractsNote(page)).toBe('66 abstracts from the arXiv API');

    const requests = arxiv.apiRequests;
    expect(requests.map((r) => r.query.ids)).toEqual([page66]);
    await expectPoliteRequests(requests);
    // The feed as export.arxiv.org writes it in 2026, single-quoted XML declaration and all…
    expect(bodies[0]).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?>\n<feed /);
    // …was parsed by the browser's own XML parser, in the offscreen document.
    expect(await offscreenDocuments()).toBe(1);
    // Every abstract stored is the one served, escaped characters (&, <, >) read back intact.
    const stored = await storedPapers();
    for (const id of page66) {
      expect(stored.get(id), id).toEqual({ abstract: realAbstract(id), abstractSource: 'api' });
    }
    expect(page66.filter((id) => /[&<>]/.test(realAbstract(id))).length).toBeGreaterThan(0);

    await page.reload();
    expect(await abstractsNote(page)).toBe('66 remembered from earlier pages');
    expect(arxiv.apiRequests).toHaveLength(1);
  });

  it('asks for the 101 papers of a catchup page in two requests, three seconds apart', async () => {
    const all = ids(CATCHUP);
    expect(all).toHaveLength(101);
    expect(CATCHUP.papers.every((paper) => paper.abstract === null)).toBe(true);
    arxiv.addPapers(apiRecords(all));

    const page = await open(CATCHUP);
    // The second request waits three seconds: long enough to see the page say what it does.
    const fetching = page.locator('.sieve-status__abstracts[data-state="fetching"]');
    expect(await fetching.textContent()).toBe(' — fetching 101 abstracts from the arXiv API…');
    expect(await abstractsNote(page)).toBe('101 abstracts from the arXiv API');

    const requests = arxiv.apiRequests;
    expect(requests.map((r) => r.query.ids)).toEqual([all.slice(0, 100), all.slice(100)]);
    await expectPoliteRequests(requests);
    const stored = await storedPapers();
    expect(all.filter((id) => stored.get(id)?.abstract !== realAbstract(id))).toEqual([]);
  });
});

describe('when the arXiv API fails', () => {
  it('leaves the papers title-only, says why, and fetches them on the next visit', async () => {
    const page25 = ids(RECENT);
    expect(page25).toHaveLength(25);
    arxiv.setApiHandler(() => arxivReply.unavailable());

    const page = await open(RECENT);
    expect(await abstractsNote(page)).toBe(
      `25 papers are title-only: arXiv API answered 503 — ${NEXT_VISIT}`,
    );
    // A 5xx is tried once more, after arXiv's three seconds, then given up.
    const failed = arxiv.apiRequests;
    expect(failed.map((r) => r.query.ids)).toEqual([page25, page25]);
    await expectPoliteRequests(failed);
    const titleOnly = await storedPapers();
    expect(page25.map((id) => titleOnly.get(id)?.abstract)).toEqual(page25.map(() => null));

    serveAtom(apiRecords(page25));
    await page.reload();
    expect(await abstractsNote(page)).toBe('25 abstracts from the arXiv API');
    const requests = arxiv.apiRequests;
    expect(requests.map((r) => r.query.ids)).toEqual([page25, page25, page25]);
    // The fetcher remembers its last request across the reload: still three seconds apart.
    await expectPoliteRequests(requests);
    const stored = await storedPapers();
    expect(page25.filter((id) => stored.get(id)?.abstract !== realAbstract(id))).toEqual([]);
  });

  it('leaves a paper the API does not return title-only, and only that one', async () => {
    const page5 = ids(PASTWEEK_SKIP_47);
    expect(page5).toHaveLength(5);
    const missing = page5[2] ?? '';
    arxiv.addPapers(apiRecords(page5.filter((id) => id !== missing)));

    const page = await open(PASTWEEK_SKIP_47);
    expect(await abstractsNote(page)).toBe(
      `4 abstracts from the arXiv API; 1 title-only (arXiv API returned no entry for ${missing})`,
    );
    const requests = arxiv.apiRequests;
    expect(requests.map((r) => r.query.ids)).toEqual([page5]);
    await expectPoliteRequests(requests);
    const stored = await storedPapers();
    for (const id of page5) {
      const abstract = id === missing ? null : realAbstract(id);
      expect(stored.get(id)?.abstract, id).toBe(abstract);
    }
  });
});

describe('a page that shows every abstract', () => {
  it('asks the API nothing, and its abstracts serve a later recent page', async () => {
    // No paper is known to the fake API: a request would leave papers title-only.
    const page = await open(NEW);
    await page.locator('.sieve-status__line').waitFor();
    expect(await page.locator('.sieve-status').getAttribute('data-papers')).toBe('101');
    expect(await page.locator('.sieve-status__abstracts').count()).toBe(0);

    // The page's abstracts reach the store as the listing's own.
    const all = ids(NEW);
    await expect
      .poll(async () => (await storedPapers()).size, { timeout: 10_000 })
      .toBe(all.length);
    const stored = await storedPapers();
    for (const id of all) {
      expect(stored.get(id), id).toEqual({ abstract: realAbstract(id), abstractSource: 'listing' });
    }

    // All 66 papers of the recent page were on the /new page.
    const recent = await open(RECENT_SHOW_100);
    expect(await abstractsNote(recent)).toBe('66 remembered from earlier pages');
    expect(arxiv.apiRequests).toEqual([]);
  });
});

import { normaliseWhitespace } from './listing-text';
import { parseDatelineDate, parseDayDate, parseTotalEntries } from './listing-headings';
import type { PageKind } from './types';

/** What a listing URL says: which category, which kind of page and which window of entries. */
export interface ListingUrlInfo {
  /** null when the path names none (not a /list/ or /catchup/ page). */
  category: string | null;
  pageKind: PageKind;
  skip: number;
  show: number | null;
}

/** What the top of `#dlpage` says about the whole page. */
export interface PageHeader {
  categoryName: string | null;
  dateHeading: string | null;
  date: string | null;
  total: number | null;
}

// A catchup page holds up to 2000 entries and pages them with ?page=N (arxiv-browse CATCHUP_LIMIT).
const CATCHUP_PAGE_SIZE = 2000;
const CATCHUP_TITLE = /^catchup results for (.+?) on (.+)$/i;
const NEW_LISTINGS_HEADING = /^showing new listings for\b/i;
const YEAR = /\b(?:19|20)\d{2}\b/;

/** Reads category, page kind and the `?skip=&show=` window from a listing URL. */
export function parseListingUrl(url: string): ListingUrlInfo {
  const { segments, query } = splitUrl(url);
  const [root, category = null, period = ''] = segments;
  if (root === 'catchup') {
    // Catchup pages are paged with ?page=N, CATCHUP_PAGE_SIZE entries a page.
    const page = Math.max(nonNegativeInt(query.get('page')) ?? 1, 1);
    const skip = (page - 1) * CATCHUP_PAGE_SIZE;
    return { category, pageKind: 'catchup', skip, show: CATCHUP_PAGE_SIZE };
  }
  return {
    category: root === 'list' ? category : null,
    pageKind: root === 'list' ? periodKind(period) : 'other',
    skip: nonNegativeInt(query.get('skip')) ?? 0,
    show: nonNegativeInt(query.get('show')),
  };
}

/** Reads the page title, date heading and entry total from the direct children of `#dlpage`. */
export function readPageHeader(dlpage: Element | null): PageHeader {
  if (!dlpage) return { categoryName: null, dateHeading: null, date: null, total: null };
  const texts = headerTexts(dlpage);
  const catchup = texts.title === null ? null : CATCHUP_TITLE.exec(texts.title);
  return {
    categoryName: catchup ? normaliseWhitespace(catchup[1] ?? '') : texts.title,
    total: texts.total,
    ...pageDate(texts, catchup),
  };
}

interface HeaderTexts {
  title: string | null;
  newListings: string | null;
  dateline: string | null;
  periodHeading: string | null;
  total: number | null;
}

function headerTexts(dlpage: Element): HeaderTexts {
  const texts: HeaderTexts = {
    title: null,
    newListings: null,
    dateline: null,
    periodHeading: null,
    total: null,
  };
  for (const child of Array.from(dlpage.children)) {
    // The entry lists are the bulk of the page and never hold page-level headings.
    if (child.localName === 'dl') continue;
    const text = normaliseWhitespace(child.textContent ?? '');
    const tag = child.localName;
    if (tag === 'h1') texts.title ??= text || null;
    else if (tag === 'h3' && NEW_LISTINGS_HEADING.test(text)) texts.newListings ??= text;
    else if (tag === 'h2' && YEAR.test(text)) texts.periodHeading ??= text;
    else if (child.classList.contains('list-dateline')) texts.dateline ??= text;
    texts.total ??= parseTotalEntries(text);
  }
  return texts;
}

/** The heading that dates the page, most specific first, and the day it names. */
function pageDate(
  texts: HeaderTexts,
  catchup: RegExpExecArray | null,
): Pick<PageHeader, 'dateHeading' | 'date'> {
  if (texts.newListings !== null) {
    return { dateHeading: texts.newListings, date: parseDayDate(texts.newListings) };
  }
  if (texts.dateline !== null) {
    return { dateHeading: texts.dateline, date: parseDatelineDate(texts.dateline) };
  }
  if (catchup) return { dateHeading: catchup[0], date: parseDayDate(catchup[2] ?? '') };
  if (texts.periodHeading !== null) {
    return { dateHeading: texts.periodHeading, date: parseDayDate(texts.periodHeading) };
  }
  return { dateHeading: null, date: null };
}

/** `new`, `recent`, `pastweek`, a month (`2026-09`, `1807`, `202609`, `current`) or other. */
function periodKind(period: string): PageKind {
  if (period === 'new' || period === 'recent' || period === 'pastweek') return period;
  if (period === 'current' || /^\d{4}-\d{1,2}$/.test(period) || /^\d{6}$/.test(period)) {
    return 'month';
  }
  // Four digits were YYMM before 2024 (`/list/cs/1807`) and are a year now (`/list/cs/2026`):
  // only a valid month part makes them a month.
  if (/^\d{4}$/.test(period) && isMonthNumber(period.slice(2))) return 'month';
  return 'other';
}

function isMonthNumber(mm: string): boolean {
  const month = Number(mm);
  return month >= 1 && month <= 12;
}

function splitUrl(url: string): { segments: string[]; query: URLSearchParams } {
  let parsed: URL;
  try {
    // Relative to arXiv: a path alone (`/list/cs/new`) is read as arXiv's.
    parsed = new URL(url.trim(), 'https://arxiv.org');
  } catch {
    return { segments: [], query: new URLSearchParams() };
  }
  const segments = parsed.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(safeDecode);
  return { segments, query: parsed.searchParams };
}

function nonNegativeInt(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

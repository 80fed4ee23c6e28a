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
  let pageKind: PageKind = 'other';
  if (root === 'catchup') pageKind = 'catchup';
  else if (root === 'list') pageKind = periodKind(period);
  const known = root === 'list' || root === 'catchup';
  const page = nonNegativeInt(query.get('page'));
  const skip = nonNegativeInt(query.get('skip'));
  const show = nonNegativeInt(query.get('show'));
  if (pageKind === 'catchup' && page !== null && page >= 1) {
    return { category, pageKind, skip: (page - 1) * CATCHUP_PAGE_SIZE, show: CATCHUP_PAGE_SIZE };
  }
  return { category: known ? category : null, pageKind, skip: skip ?? 0, show };
}

/** Reads the page title, date heading and entry total from the direct children of `#dlpage`. */
export function readPageHeader(dlpage: Element | null): PageHeader {
  const header: PageHeader = { categoryName: null, dateHeading: null, date: null, total: null };
  if (!dlpage) return header;
  let newListings: string | null = null;
  let dateline: string | null = null;
  let catchup: RegExpExecArray | null = null;
  let periodHeading: string | null = null;
  for (const child of Array.from(dlpage.children)) {
    // The entry lists are the bulk of the page and never hold page-level headings.
    if (child.localName === 'dl') continue;
    const text = normaliseWhitespace(child.textContent ?? '');
    if (child.localName === 'h1' && header.categoryName === null) {
      catchup = CATCHUP_TITLE.exec(text);
      header.categoryName = catchup ? normaliseWhitespace(catchup[1] ?? '') : text || null;
    } else if (child.localName === 'h3' && newListings === null && NEW_LISTINGS_HEADING.test(text)) {
      newListings = text;
    } else if (child.localName === 'h2' && periodHeading === null && YEAR.test(text)) {
      periodHeading = text;
    } else if (child.classList.contains('list-dateline')) {
      dateline = text;
    }
    if (header.total === null) header.total = parseTotalEntries(text);
  }
  if (newListings !== null) return { ...header, dateHeading: newListings, date: parseDayDate(newListings) };
  if (dateline !== null) return { ...header, dateHeading: dateline, date: parseDatelineDate(dateline) };
  if (catchup) return { ...header, dateHeading: catchup[0], date: parseDayDate(catchup[2] ?? '') };
  if (periodHeading !== null) return { ...header, dateHeading: periodHeading, date: parseDayDate(periodHeading) };
  return header;
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

function splitUrl(url: string): { segments: string[]; query: Map<string, string> } {
  const withoutOrigin = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const [beforeHash = ''] = withoutOrigin.split('#');
  const queryStart = beforeHash.indexOf('?');
  const path = queryStart === -1 ? beforeHash : beforeHash.slice(0, queryStart);
  const queryText = queryStart === -1 ? '' : beforeHash.slice(queryStart + 1);
  const segments = path.split('/').filter((segment) => segment !== '').map(safeDecode);
  const query = new Map<string, string>();
  for (const pair of queryText.split('&')) {
    const [key = '', value = ''] = pair.split('=');
    if (key !== '' && !query.has(key)) query.set(safeDecode(key), safeDecode(value));
  }
  return { segments, query };
}

function nonNegativeInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

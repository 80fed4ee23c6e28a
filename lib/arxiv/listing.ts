import { readDd } from './listing-entry';
import { parseSectionHeading } from './listing-headings';
import {
  parseListingUrl,
  readPageHeader,
  type ListingUrlInfo,
  type PageHeader,
} from './listing-page';
import {
  addEntriesHolding,
  listingRoot,
  readTerm,
  walkListing,
  type ListingEntry,
  type PageWalk,
} from './listing-walk';
import { paperFromReading } from './paper-text';
import { readPrintedEntry } from './printed-entry';
import type { Listing, ListingSection, PaperReading, SectionKind, SkippedEntry } from './types';

export type { ListingEntry } from './listing-walk';

/** Every entry of a listing page in document order, as `parseListing` reads them. */
export function listingEntries(doc: Document): ListingEntry[] {
  try {
    const root = listingRoot(doc);
    return root ? walkListing(root).entries : [];
  } catch {
    return [];
  }
}

/**
 * Reads an arXiv listing page (`/list/…`, `/catchup/…`) into a Listing; null when the page is
 * not a listing. Pure: reads only the given document and URL. Never throws; an entry it cannot
 * read is recorded in `skipped` and the rest are still read.
 */
export function parseListing(doc: Document, url: string): Listing | null {
  const listing = readListingPage(doc, url)?.listing;
  return listing ? { ...listing, papers: listing.papers.map(paperFromReading) } : null;
}

/** A listing with the entry each of its papers was read from. */
export interface ListingPage {
  /** The listing, its papers as read: `paperFromReading` (the background) makes them papers. */
  listing: Listing<PaperReading>;
  /** The `<dt>`/`<dd>` each paper was read from, by paper id. */
  entryOf: Map<string, ListingEntry>;
  /** Every entry in document order, papers and skipped ones alike. */
  entries: ListingEntry[];
}

/**
 * What the content script reads: `parseListing` keeping the elements (it annotates the very
 * entries the papers were read from, in one walk of the page) and leaving the whitespace of the
 * long fields to the background. Pure and never throws, like `parseListing`.
 */
export function readListingPage(doc: Document, url: string): ListingPage | null {
  try {
    const start = startListing(doc, url);
    return start && finishListing(start, readEntries(start.walk.entries, start.walk.typeset));
  } catch {
    return null;
  }
}

/** Entries read in one slice of `readListingPageInSlices`: ~10 ms for 500 entries. */
const SLICE = 500;
/** What MathJax 2 (its TeX scripts) and MathJax 3 leave in a page they typeset. */
const MATHJAX_OUTPUT = 'script[type^="math/tex"], mjx-container';

/**
 * `readListingPage` in slices of entries, calling `pause` between them (the content script
 * passes a task boundary): a 2000-entry page takes ~45 ms to read, too long for one task.
 * The same result, or null in the same cases.
 */
export async function readListingPageInSlices(
  doc: Document,
  url: string,
  pause: () => Promise<void>,
): Promise<ListingPage | null> {
  try {
    const start = startListing(doc, url);
    if (!start) return null;
    const { entries } = start.walk;
    const typeset = new Set(start.walk.typeset);
    const reading = newReading();
    for (let from = 0; from < entries.length; from += SLICE) {
      if (from > 0) {
        await pause();
        // MathJax may have typeset entries meanwhile: their text needs the node walk. (Line
        // breaks and served MathML, the walk's other reasons, were there from the start.)
        for (const node of start.root.querySelectorAll(MATHJAX_OUTPUT)) {
          addEntriesHolding(node, typeset);
        }
      }
      readEntries(entries, typeset, reading, from, Math.min(from + SLICE, entries.length));
    }
    return finishListing(start, reading);
  } catch {
    return null;
  }
}

/** What is read before the entries: the walk over headings and entries, the URL and header. */
interface ListingStart {
  dlpage: HTMLElement | null;
  root: Element;
  walk: PageWalk;
  urlInfo: ListingUrlInfo;
  header: PageHeader;
}

function startListing(doc: Document, url: string): ListingStart | null {
  const dlpage = doc.getElementById('dlpage');
  const root = listingRoot(doc);
  if (!root) return null;
  // The <dt>s are read with the entries (in slices, on a long page), but for a page without
  // #dlpage: there only entries naming a paper make it a listing (an abstract page has none).
  const walk = walkListing(root, !dlpage);
  if (!dlpage && !walk.entries.some((entry) => entry.id !== null)) return null;
  return { dlpage, root, walk, urlInfo: parseListingUrl(url), header: readPageHeader(dlpage) };
}

function finishListing(start: ListingStart, reading: EntryReading): ListingPage {
  const { dlpage, walk, urlInfo, header } = start;
  const sections = walk.headings.map(readSection);
  inferKindsFromMarkers(sections, walk.entries);
  for (const section of sections) section.date ??= announcementDate(section.kind, header.date);
  const { papers, skipped, entryOf } = reading;
  const listing: Listing<PaperReading> = {
    category: urlInfo.category ?? categoryFromPage(dlpage) ?? '',
    categoryName: header.categoryName,
    pageKind: urlInfo.pageKind,
    dateHeading: header.dateHeading,
    date: header.date,
    sections,
    papers,
    skipped,
    paging: { total: header.total, skip: urlInfo.skip, show: urlInfo.show },
    abstractsShown: papers.some((paper) => paper.abstract !== null),
  };
  return { listing, entryOf, entries: walk.entries };
}

function readSection(heading: string): ListingSection {
  return { heading, ...parseSectionHeading(heading) };
}

/** New, cross-list and replacement sections belong to the announcement the page is dated by. */
function announcementDate(kind: SectionKind, pageDate: string | null): string | null {
  return kind === 'new' || kind === 'cross-list' || kind === 'replacement' ? pageDate : null;
}

interface EntryReading {
  papers: PaperReading[];
  skipped: SkippedEntry[];
  entryOf: Map<string, ListingEntry>;
}

function newReading(): EntryReading {
  return { papers: [], skipped: [], entryOf: new Map() };
}

/** Reads `entries[from, to)` into `reading`: papers, or skipped entries with the reason. */
function readEntries(
  entries: ListingEntry[],
  typeset: ReadonlySet<Element>,
  reading: EntryReading = newReading(),
  from = 0,
  to = entries.length,
): EntryReading {
  const { papers, skipped, entryOf } = reading;
  for (let index = from; index < to; index++) {
    const entry = entries[index] as ListingEntry;
    let result: PaperReading | string;
    try {
      const mayHoldMath = typeset.size > 0 && entry.dd !== null && typeset.has(entry.dd);
      result = (!mayHoldMath && readPrintedEntry(entry)) || readEntry(entry, mayHoldMath);
    } catch (error) {
      result = `could not be read: ${errorMessage(error)}`;
    }
    if (typeof result === 'string') {
      skipped.push({ where: locate(entry, index), reason: result });
      continue;
    }
    const first = entryOf.get(result.id);
    if (first === undefined) {
      entryOf.set(result.id, entry);
      papers.push(result);
    } else {
      // Located only now: most entries are never named in a reason.
      const firstWhere = locate(first, entries.indexOf(first));
      skipped.push({ where: locate(entry, index), reason: `duplicate of ${firstWhere}` });
    }
  }
  return reading;
}

/** The paper of any entry (`<dt>` and `<dd>`), or the reason it cannot be read. */
function readEntry(entry: ListingEntry, mayHoldMath: boolean): PaperReading | string {
  readTerm(entry); // read already on a page without #dlpage: it reads the same again
  if (entry.id === null) return 'no arXiv id in the <dt>';
  if (entry.dd === null) return '<dt> without <dd>';
  const fields = readDd(entry.dd, mayHoldMath);
  if (typeof fields === 'string') return fields;
  return {
    id: entry.id,
    version: entry.version,
    title: fields.title,
    authors: fields.authors,
    comments: fields.comments,
    journalRef: fields.journalRef,
    subjectsLine: fields.subjectsLine,
    primarySubjectText: fields.primarySubjectText,
    abstract: fields.abstract,
    section: entry.section,
    crossListFrom: entry.crossListFrom,
    itemNumber: entry.itemNumber,
  };
}

/**
 * A heading arXiv did not name a kind for (or no heading at all) still tells its kind when every
 * entry under it carries the same `(replaced)` or `(cross-list from …)` marker.
 */
function inferKindsFromMarkers(sections: ListingSection[], entries: ListingEntry[]): void {
  const votes = sections.map(() => ({ entries: 0, replaced: 0, crossListed: 0 }));
  for (const entry of entries) {
    const vote = votes[entry.section];
    if (!vote) continue;
    vote.entries += 1;
    if (entry.replaced) vote.replaced += 1;
    else if (entry.crossListFrom !== null) vote.crossListed += 1;
  }
  sections.forEach((section, index) => {
    const vote = votes[index];
    if (section.kind !== 'other' || !vote || vote.entries === 0) return;
    const inferred: SectionKind | null =
      vote.replaced === vote.entries
        ? 'replacement'
        : vote.crossListed === vote.entries
          ? 'cross-list'
          : null;
    if (inferred) section.kind = inferred;
  });
}

/** "item 12 (2609.22268)": how a person finds the entry on the page. */
function locate(entry: ListingEntry, index: number): string {
  const place = entry.itemNumber !== null ? `item ${entry.itemNumber}` : `entry ${index + 1}`;
  return entry.id !== null ? `${place} (${entry.id})` : place;
}

/** The listing's own "recent"/"new" link names the category when the URL does not. */
function categoryFromPage(dlpage: Element | null): string | null {
  const href = dlpage?.querySelector('a[href^="/list/"]')?.getAttribute('href') ?? '';
  return /^\/list\/([^/?#]+)/.exec(href)?.[1] ?? null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

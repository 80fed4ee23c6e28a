import { readDt } from './listing-entry';
import { NODE_WALK_IN_DD, normaliseWhitespace } from './listing-text';

/** One `<dt>` of a listing page with its `<dd>`, in document order. */
export interface ListingEntry {
  dt: HTMLElement;
  /** The `<dd>` right after the `<dt>`; null when arXiv (or a broken page) left it out. */
  dd: HTMLElement | null;
  /** Canonical id, or null when the `<dt>` has no readable arXiv id. */
  id: string | null;
  version: number | null;
  itemNumber: number | null;
  /** `(cross-list from X)` in the `<dt>` → X. */
  crossListFrom: string | null;
  /** The `<dt>` says `(replaced)`. */
  replaced: boolean;
  /** Index into `Listing.sections` of the section the entry is listed under. */
  section: number;
}

/** The section headings and entries of a listing page, in document order. */
export interface PageWalk {
  /** Section headings as printed; '' for entries that come before any heading. */
  headings: string[];
  entries: ListingEntry[];
  /**
   * The `<dd>`s that hold what `needsNodeWalk` looks for (typeset math, line breaks), whose text
   * is read by a walk over their nodes: on a real page a few, and on one MathJax has typeset, the
   * entries with math. Every other entry is read by its text (`readPrintedEntry`).
   */
  typeset: Set<Element>;
}

/** Where a listing's entries live: `#dlpage`, or the whole body of a page without one. */
export function listingRoot(doc: Document): Element | null {
  return doc.getElementById('dlpage') ?? doc.body ?? doc.documentElement;
}

/**
 * One pass over the section headings and entries under `root`, in document order. With
 * `readTerms` false the entries' `<dt>`s are left unread (no id yet): `readTerm` reads each
 * later, so that a long page can be read in slices.
 */
export function walkListing(root: Element, readTerms = true): PageWalk {
  const headings: string[] = [];
  const entries: ListingEntry[] = [];
  const typeset = new Set<Element>();
  // The same pass finds typeset math: a second query over the page would cost as much again.
  const nodes = root.querySelectorAll(`h3, dt, ${NODE_WALK_IN_DD}`);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Element;
    if (node.localName === 'dt') {
      if (headings.length === 0) headings.push('');
      const entry = entryOf(node as HTMLElement, headings.length - 1);
      if (readTerms) readTerm(entry);
      entries.push(entry);
    } else if (node.localName !== 'h3') {
      addEntriesHolding(node, typeset);
    } else if (isSectionHeading(node)) {
      headings.push(normaliseWhitespace(node.textContent ?? ''));
    }
  }
  return { headings, entries, typeset };
}

/** Adds the `<dd>`s that hold `node` (all of them, should a `<dd>` hold a list of its own). */
export function addEntriesHolding(node: Element, dds: Set<Element>): void {
  for (let dd = node.closest('dd'); dd !== null; dd = dd.parentElement?.closest('dd') ?? null) {
    dds.add(dd);
  }
}

/**
 * A section heading sits inside its `<dl>` (current design) or right before it (legacy); the
 * page's own "Showing new listings for …" `<h3>` is neither.
 */
function isSectionHeading(h3: Element): boolean {
  return h3.parentElement?.localName === 'dl' || h3.nextElementSibling?.localName === 'dl';
}

function entryOf(dt: HTMLElement, section: number): ListingEntry {
  return {
    dt,
    dd: ddOf(dt),
    id: null,
    version: null,
    itemNumber: null,
    crossListFrom: null,
    replaced: false,
    section,
  };
}

/** Fills in what the entry's `<dt>` says: id, version, item number and kind markers. */
export function readTerm(entry: ListingEntry): void {
  try {
    const reading = readDt(entry.dt);
    entry.id = reading.id?.id ?? null;
    entry.version = reading.id?.version ?? null;
    entry.itemNumber = reading.itemNumber;
    entry.crossListFrom = reading.crossListFrom;
    entry.replaced = reading.replaced;
  } catch {
    // A broken <dt> must not stop the walk: it stays an entry without id, skipped when read.
  }
}

function ddOf(dt: Element): HTMLElement | null {
  const next = dt.nextElementSibling;
  return next?.localName === 'dd' ? (next as HTMLElement) : null;
}

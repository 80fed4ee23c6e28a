import type { SkippedEntry } from './types';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const ARXIV_NS = 'http://arxiv.org/schemas/atom';
export const OPENSEARCH_NS = 'http://a9.com/-/spec/opensearch/1.1/';

/** One paper as the arXiv API describes it. */
export interface ApiEntry {
  /** Canonical id without version: `1707.08567` or `cond-mat/0412498`. */
  id: string;
  /** `1707.08567v1` → 1; null when the entry's id carries no version. */
  version: number | null;
  /** Whitespace-normalised, LaTeX kept exactly as written. */
  title: string;
  /** The abstract, whitespace-normalised. */
  summary: string;
  authors: string[];
  comment: string | null;
  journalRef: string | null;
  primaryCategory: string | null;
  /** Category codes in the order the feed lists them. */
  categories: string[];
  /** ISO timestamps as arXiv wrote them. */
  published: string | null;
  updated: string | null;
}

export type AtomFeedError =
  | { kind: 'xml'; message: string } // not well-formed XML
  | { kind: 'not-a-feed'; message: string } // well-formed, but not an Atom feed
  | { kind: 'api-error'; message: string }; // arXiv's own error feed

export type AtomFeedResult =
  | {
      ok: true;
      entries: ApiEntry[];
      /** `opensearch:totalResults`; null when missing or not a number. */
      totalResults: number | null;
      /** Entries that could not be read, with the reason. */
      skipped: SkippedEntry[];
    }
  | { ok: false; error: AtomFeedError };

/** Parses an arXiv API response text with the given XML parser, reporting parse failures. */
export function parseAtomText(text: string, parseXml: (text: string) => Document): AtomFeedResult {
  let doc: Document;
  try {
    doc = parseXml(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { kind: 'xml', message: `arXiv API answer could not be parsed: ${detail}` },
    };
  }
  return parseAtomFeed(doc);
}

/** Reads an arXiv API Atom feed by namespace and local name, whatever the element order. */
export function parseAtomFeed(doc: Document): AtomFeedResult {
  // Browsers report malformed XML as a document holding a <parsererror> (Chrome puts it inside
  // the partial tree, Firefox makes it the root), never as an exception.
  const parserError = doc.getElementsByTagName('parsererror')[0];
  if (parserError) {
    return { ok: false, error: { kind: 'xml', message: describeParserError(parserError) } };
  }
  const feed = doc.documentElement;
  if (!feed || !isElement(feed, ATOM_NS, 'feed')) {
    const found = feed ? `<${feed.nodeName}>` : 'nothing';
    const message = `arXiv API answer is not an Atom feed (found ${found})`;
    return { ok: false, error: { kind: 'not-a-feed', message } };
  }

  const entryElements = childElements(feed, ATOM_NS, 'entry');
  const apiError = entryElements.map(readApiError).find((message) => message !== null);
  if (apiError != null) return { ok: false, error: { kind: 'api-error', message: apiError } };

  const entries: ApiEntry[] = [];
  const skipped: SkippedEntry[] = [];
  entryElements.forEach((element, index) => {
    const entry = readEntry(element);
    if (typeof entry === 'string') skipped.push({ where: `entry ${index + 1}`, reason: entry });
    else entries.push(entry);
  });
  return { ok: true, entries, totalResults: readTotalResults(feed), skipped };
}

/** Splits `1707.08567v1` or `hep-th/9901001` into canonical id and version; null if neither. */
export function splitVersionedArxivId(text: string): { id: string; version: number | null } | null {
  const match = VERSIONED_ID.exec(text.trim());
  if (!match) return null;
  const [, newStyle, archive, number, version] = match;
  const id = newStyle ?? `${archive}/${number}`;
  return { id, version: version === undefined ? null : Number(version) };
}

// New style `YYMM.NNNN(N)`; old style `archive/YYMMNNN`, where an old subject class
// (`math.GT/0309136`) is not part of the canonical id.
const VERSIONED_ID = /^(?:(\d{4}\.\d{4,5})|([a-z][a-z-]*)(?:\.[A-Z]{2})?\/(\d{7}))(?:v(\d+))?$/;

const ABS_URL = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/abs\/(.+)$/;
const API_ERROR_ID = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/api\/errors/;

/** An entry whose id points at arXiv's error page carries the error text in its summary. */
function readApiError(entry: Element): string | null {
  const id = childText(entry, ATOM_NS, 'id');
  if (id === null || !API_ERROR_ID.test(id)) return null;
  const summary = childText(entry, ATOM_NS, 'summary');
  return `arXiv API reported an error: ${summary || id}`;
}

/** Reads one entry, or returns why it could not be read. */
function readEntry(entry: Element): ApiEntry | string {
  const rawId = childText(entry, ATOM_NS, 'id');
  if (rawId === null) return 'entry has no <id>';
  const absPath = ABS_URL.exec(rawId)?.[1];
  const parsedId = absPath === undefined ? null : splitVersionedArxivId(absPath);
  if (!parsedId) return `entry id "${rawId}" is not an arXiv abstract address`;
  const summary = childText(entry, ATOM_NS, 'summary');
  if (summary === null) return `entry ${parsedId.id} has no <summary>`;

  const authors = childElements(entry, ATOM_NS, 'author')
    .map((author) => childText(author, ATOM_NS, 'name'))
    .filter((name): name is string => !!name);
  const categories = childElements(entry, ATOM_NS, 'category')
    .map((category) => category.getAttribute('term')?.trim())
    .filter((term): term is string => !!term);

  return {
    id: parsedId.id,
    version: parsedId.version,
    title: childText(entry, ATOM_NS, 'title') ?? '',
    summary,
    authors,
    comment: childText(entry, ARXIV_NS, 'comment') || null,
    journalRef: childText(entry, ARXIV_NS, 'journal_ref') || null,
    primaryCategory:
      childElements(entry, ARXIV_NS, 'primary_category')[0]?.getAttribute('term')?.trim() || null,
    categories: [...new Set(categories)],
    published: childText(entry, ATOM_NS, 'published') || null,
    updated: childText(entry, ATOM_NS, 'updated') || null,
  };
}

function readTotalResults(feed: Element): number | null {
  const text = childText(feed, OPENSEARCH_NS, 'totalResults');
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

/** "error on line 1 at column 21: …" is the part worth showing; browsers wrap it in prose. */
function describeParserError(parserError: Element): string {
  const text = normaliseWhitespace(parserError.textContent ?? '');
  const located = /error on line \d+ at column \d+:.*?(?=Below is a rendering|$)/i.exec(text);
  const detail = (located?.[0] ?? text).trim();
  return `arXiv API answer is not well-formed XML${detail ? ` (${truncate(detail, 160)})` : ''}`;
}

// Walking children and comparing namespace + local name (rather than getElementsByTagNameNS)
// keeps this independent of prefixes, and of DOM implementations whose NS lookup matches the
// qualified name, as happy-dom's does.
function childElements(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.children).filter((child) => isElement(child, namespace, localName));
}

function isElement(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

/** Whitespace-normalised text of the first matching child; null when there is none. */
function childText(parent: Element, namespace: string, localName: string): string | null {
  const child = childElements(parent, namespace, localName)[0];
  return child ? normaliseWhitespace(child.textContent ?? '') : null;
}

function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

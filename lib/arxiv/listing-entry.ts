import { idFromAbsHref, parseArxivId, type ArxivIdParts } from './ids';
import { hasText, needsNodeWalk, normaliseWhitespace, rawFieldText } from './listing-text';
import type { PaperReading } from './types';

/** What the `<dt>` of an entry says: id, `[12]` item number and the kind markers. */
export interface DtReading {
  id: ArxivIdParts | null;
  itemNumber: number | null;
  /** `(cross-list from physics.ins-det)` → `physics.ins-det`. */
  crossListFrom: string | null;
  /** The `(replaced)` marker. */
  replaced: boolean;
}

/**
 * A paper's fields as read from its `<dd>` (text as on the page, see `PaperReading`), or why they
 * could not be read. A field that is whitespace only is left out, as it would be once collapsed.
 */
export type DdReading = Pick<PaperReading, DdField> | string;

type DdField =
  | 'title'
  | 'authors'
  | 'comments'
  | 'journalRef'
  | 'subjectsLine'
  | 'primarySubjectText'
  | 'abstract';

const ITEM_NAME = /^item(\d+)$/;
const ITEM_NUMBER_TEXT = /^\[\s*(\d+)\s*\]$/;
// Both id forms write a version right after a digit (`2510.09660v2`, `hep-th/9901001v1`).
const MAY_HOLD_VERSION = /\dv\d/;

/**
 * Reads a `<dt>`: the id from its "Abstract" link (href, then text, then id attribute), the item
 * number from `<a name="item12">[12]</a>`, and the `(cross-list from X)` / `(replaced)` markers.
 */
export function readDt(dt: Element): DtReading {
  const links = classifyDtLinks(dt);
  return {
    id: links.abstract ? idOfAbstractLink(links.abstract) : null,
    itemNumber: links.itemNumber,
    ...dtMarkers(dt.textContent ?? ''),
  };
}

/**
 * Reads title, authors, comments, journal ref, subjects and abstract from an entry's `<dd>`.
 * `mayHoldMath` false says the `<dd>` holds no typeset math or line breaks (see
 * `PageWalk.typeset`), which spares a check.
 */
export function readDd(dd: Element, mayHoldMath = true): DdReading {
  const titleElement = dd.querySelector('.list-title');
  if (!titleElement) return 'no title (.list-title missing)';
  // One check for the whole entry: un-typeset entries (nearly all) skip the node walks.
  const walk = mayHoldMath && needsNodeWalk(dd);
  const title = rawFieldText(titleElement, walk);
  if (!hasText(title)) return 'empty title';
  const subjects = dd.querySelector('.list-subjects');
  const primary = subjects?.querySelector('.primary-subject');
  return {
    title,
    authors: readAuthors(dd),
    comments: optionalField(dd, '.list-comments', walk),
    journalRef: optionalField(dd, '.list-journal-ref', walk),
    subjectsLine: subjects ? rawFieldText(subjects, walk) : null,
    primarySubjectText: primary ? rawFieldText(primary, walk) : null,
    abstract: optionalField(dd, 'p.mathjax', walk),
  };
}

interface DtLinks {
  abstract: Element | null;
  itemNumber: number | null;
}

/**
 * One pass over the few links of a `<dt>` instead of a selector query per link, stopping when
 * the links left cannot change what is found (the "other formats" link, usually).
 */
function classifyDtLinks(dt: Element): DtLinks {
  const found: DtLinks = { abstract: null, itemNumber: null };
  let absLink: Element | null = null;
  const links = dt.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) continue;
    const href = link.getAttribute('href') ?? '';
    if (found.abstract === null && link.getAttribute('title') === 'Abstract') found.abstract = link;
    else if (absLink === null && href.includes('/abs/')) absLink = link;
    else if (found.itemNumber === null) found.itemNumber = itemNumberOfAnchor(link);
    if (found.abstract && found.itemNumber !== null) break;
  }
  found.abstract ??= absLink;
  return found;
}

function itemNumberOfAnchor(link: Element): number | null {
  const name = ITEM_NAME.exec(link.getAttribute('name') ?? '');
  if (name) return Number(name[1]);
  const text = ITEM_NUMBER_TEXT.exec(normaliseWhitespace(link.textContent ?? ''));
  return text ? Number(text[1]) : null;
}

/** The id and, where the link writes one, the version (`arXiv:2510.09660v2`). */
function idOfAbstractLink(link: Element): ArxivIdParts | null {
  const fromHref = idFromAbsHref(link.getAttribute('href') ?? '');
  if (fromHref?.version != null) return fromHref;
  const text = link.textContent ?? '';
  // Once the href gave the id, the text adds only a version: no need to parse it without one.
  const fromText =
    fromHref !== null && !MAY_HOLD_VERSION.test(text)
      ? null
      : parseArxivId(normaliseWhitespace(text));
  const parts = fromHref ?? fromText ?? parseArxivId(link.getAttribute('id') ?? '');
  if (!parts || parts.version !== null) return parts;
  const version = fromText?.id === parts.id ? fromText.version : null;
  return { id: parts.id, version };
}

function readAuthors(dd: Element): string[] {
  const line = dd.querySelector('.list-authors');
  return line ? authorNames(line) : [];
}

/** The author links alone: the line also holds separators, a label (legacy) or "et al." text. */
export function authorNames(line: Element): string[] {
  const names: string[] = [];
  const links = line.getElementsByTagName('a');
  // The length read once: each read is a call into the DOM, which V8 cannot hoist.
  for (let i = 0, count = links.length; i < count; i++) {
    const name = links[i]?.textContent ?? '';
    if (hasText(name)) names.push(name);
  }
  return names;
}

/** The `(cross-list from X)` and `(replaced)` markers of a `<dt>`'s text. */
export function dtMarkers(text: string): Pick<DtReading, 'crossListFrom' | 'replaced'> {
  // Both markers are in parentheses, which most <dt>s have none of.
  if (!text.includes('(')) return { crossListFrom: null, replaced: false };
  return { crossListFrom: CROSS_LIST_FROM.exec(text)?.[1] ?? null, replaced: REPLACED.test(text) };
}

const CROSS_LIST_FROM = /\(\s*cross-list(?:ed)? from\s+([^)\s]+)\s*\)/i;
const REPLACED = /\(\s*replaced\s*\)/i;

function optionalField(dd: Element, selector: string, walk: boolean): string | null {
  const element = dd.querySelector(selector);
  if (!element) return null;
  const text = rawFieldText(element, walk);
  return hasText(text) ? text : null;
}

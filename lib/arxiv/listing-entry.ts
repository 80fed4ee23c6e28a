import { idFromAbsHref, parseArxivId, type ArxivIdParts } from './ids';
import {
  fieldText,
  hasText,
  needsNodeWalk,
  normaliseWhitespace,
  rawFieldText,
} from './listing-text';
import type { Paper, Subject } from './types';

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
 * A paper's fields as read from its `<dd>`, or why they could not be read. Title, authors,
 * comments, journal ref and abstract keep the page's whitespace (`normalisePaper` collapses it);
 * a field that is whitespace only is already left out, as it would be once collapsed.
 */
export type DdReading = { ok: true; fields: Pick<Paper, DdField> } | { ok: false; reason: string };

type DdField =
  'title' | 'authors' | 'comments' | 'journalRef' | 'subjects' | 'primarySubject' | 'abstract';

const CROSS_LIST_FROM = /\(\s*cross-list(?:ed)? from\s+([^)\s]+)\s*\)/i;
const REPLACED = /\(\s*replaced\s*\)/i;
const ITEM_NAME = /^item(\d+)$/;
const ITEM_NUMBER_TEXT = /^\[\s*(\d+)\s*\]$/;
const HTML_LINK_PATH = /\/html\/([^?#]+)/;
const SUBJECT = /^(.*?)\s*\(([A-Za-z-]+(?:\.[A-Za-z-]+)?)\)$/;

/**
 * Reads a `<dt>`: the id from its "Abstract" link (href, then text, then id attribute), the item
 * number from `<a name="item12">[12]</a>`, and the `(cross-list from X)` / `(replaced)` markers.
 */
export function readDt(dt: Element): DtReading {
  const links = classifyDtLinks(dt);
  const text = dt.textContent ?? '';
  return {
    id: links.abstract ? idOfAbstractLink(links.abstract, links.html) : null,
    itemNumber: links.itemNumber,
    crossListFrom: CROSS_LIST_FROM.exec(text)?.[1] ?? null,
    replaced: REPLACED.test(text),
  };
}

/**
 * Reads title, authors, comments, journal ref, subjects and abstract from an entry's `<dd>`.
 * `mayHoldMath` false says no `<dd>` of the page holds typeset math or line breaks (see
 * `anyNeedsNodeWalk`), which spares a check per entry.
 */
export function readDd(dd: Element, mayHoldMath = true): DdReading {
  const titleElement = dd.querySelector('.list-title');
  if (!titleElement) return { ok: false, reason: 'no title (.list-title missing)' };
  // One check for the whole entry: un-typeset entries (nearly all) skip the node walks.
  const walk = mayHoldMath && needsNodeWalk(dd);
  const title = rawFieldText(titleElement, walk);
  if (!hasText(title)) return { ok: false, reason: 'empty title' };
  const { subjects, primarySubject } = readSubjects(dd, walk);
  return {
    ok: true,
    fields: {
      title,
      authors: readAuthors(dd),
      comments: optionalField(dd, '.list-comments', walk),
      journalRef: optionalField(dd, '.list-journal-ref', walk),
      subjects,
      primarySubject,
      abstract: optionalField(dd, 'p.mathjax', walk),
    },
  };
}

/** Parses "Materials Science (cond-mat.mtrl-sci)"; a name without a code keeps code null. */
export function parseSubject(text: string): Subject {
  const clean = normaliseWhitespace(text);
  const match = SUBJECT.exec(clean);
  if (!match) return { code: null, name: clean };
  const code = match[2] ?? '';
  return { code, name: match[1] || code };
}

interface DtLinks {
  abstract: Element | null;
  html: Element | null;
  itemNumber: number | null;
}

/** One pass over the few links of a `<dt>` instead of a selector query per link. */
function classifyDtLinks(dt: Element): DtLinks {
  const found: DtLinks = { abstract: null, html: null, itemNumber: null };
  let absLink: Element | null = null;
  const links = dt.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) continue;
    const href = link.getAttribute('href') ?? '';
    if (found.abstract === null && link.getAttribute('title') === 'Abstract') found.abstract = link;
    else if (absLink === null && href.includes('/abs/')) absLink = link;
    else if (found.html === null && href.includes('/html/')) found.html = link;
    else if (found.itemNumber === null) found.itemNumber = itemNumberOfAnchor(link);
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

function idOfAbstractLink(link: Element, htmlLink: Element | null): ArxivIdParts | null {
  const fromHref = idFromAbsHref(link.getAttribute('href') ?? '');
  if (fromHref?.version != null) return fromHref;
  const fromText = parseArxivId(normaliseWhitespace(link.textContent ?? ''));
  const parts = fromHref ?? fromText ?? parseArxivId(link.getAttribute('id') ?? '');
  if (!parts || parts.version !== null) return parts;
  const version = fromText?.id === parts.id ? fromText.version : null;
  return { id: parts.id, version: version ?? htmlLinkVersion(htmlLink, parts.id) };
}

/** The current design links the HTML rendering of the listed version: `/html/2411.19270v2`. */
function htmlLinkVersion(link: Element | null, id: string): number | null {
  const path = HTML_LINK_PATH.exec(link?.getAttribute('href') ?? '')?.[1];
  const parts = path === undefined ? null : parseArxivId(path.replace(/\/+$/, ''));
  return parts?.id === id ? parts.version : null;
}

function readAuthors(dd: Element): string[] {
  const names: string[] = [];
  // The links alone: the line also holds separators, a label (legacy) or "et al." text.
  const line = dd.querySelector('.list-authors');
  if (!line) return names;
  const links = line.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const name = links[i]?.textContent ?? '';
    if (hasText(name)) names.push(name);
  }
  return names;
}

function readSubjects(dd: Element, walk: boolean): Pick<Paper, 'subjects' | 'primarySubject'> {
  const line = dd.querySelector('.list-subjects');
  if (!line) return { subjects: [], primarySubject: null };
  const subjects = fieldText(line, walk)
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseSubject);
  const primaryElement = line.querySelector('.primary-subject');
  if (!primaryElement) return { subjects, primarySubject: null };
  const primarySubject = parseSubject(fieldText(primaryElement, walk));
  const others = subjects.filter((subject) => !sameSubject(subject, primarySubject));
  return { subjects: [primarySubject, ...others], primarySubject };
}

function sameSubject(a: Subject, b: Subject): boolean {
  return a.code !== null || b.code !== null ? a.code === b.code : a.name === b.name;
}

function optionalField(dd: Element, selector: string, walk: boolean): string | null {
  const element = dd.querySelector(selector);
  if (!element) return null;
  const text = rawFieldText(element, walk);
  return hasText(text) ? text : null;
}

import { parseArxivId } from './ids';
import { authorNames, dtMarkers } from './listing-entry';
import { hasText } from './listing-text';
import type { ListingEntry } from './listing-walk';
import type { PaperReading } from './types';

/*
 * The fast path of the page's read: an entry exactly as arXiv prints it, read in one pass with
 * no selector query. It runs for every entry of a page (2000 on a long one), mostly before V8
 * has optimised it, so it keeps to plain locals, one switch and few calls. `readDt` and
 * `readDd` read every other entry; the tests hold both paths to the same result.
 */

// How arXiv prints a <dt>'s text: `[12]  arXiv:2510.09660 [pdf, html, other]`.
const PRINTED_DT = /^\s*\[(\d+)\]\s*arXiv:([^\s[\]()]+)/;
const SPACE = 0x20;

/**
 * Reads an entry printed as arXiv prints it: the `<dt>`'s text opens with `[12] arXiv:ID`, and
 * the `<dd>`'s fields are the children of its `.meta` block, each named by one of the classes
 * arXiv writes and opening with its label. Fills in the entry's id, version, item number and
 * markers from a printed `<dt>` and gives the paper as read; null for any other entry (a `<dt>`
 * or a class it does not know, a field twice, no title), which the general path then reads
 * (its `<dt>` reading gives the same). Only for `<dd>`s without typeset math.
 */
export function readPrintedEntry(entry: ListingEntry): PaperReading | null {
  const { dt, dd } = entry;
  if (dd === null) return null;
  const term = dt.textContent ?? '';
  const opening = PRINTED_DT.exec(term);
  const printedId = opening === null ? null : parseArxivId(opening[2] ?? '');
  if (opening === null || printedId === null) return null;
  // The <dt>'s part first: should the <dd> fail, the entry is still named by its id.
  const markers = dtMarkers(term);
  entry.id = printedId.id;
  entry.version = printedId.version;
  entry.itemNumber = Number(opening[1]);
  entry.crossListFrom = markers.crossListFrom;
  entry.replaced = markers.replaced;

  const meta = dd.firstElementChild;
  const block = meta !== null && meta.className === 'meta' ? meta : dd;
  let title: string | null = null;
  let authorsLine: Element | null = null;
  let comments: string | null = null;
  let journalRef: string | null = null;
  let subjectsLine: Element | null = null;
  let abstract: string | null = null;
  for (let child = block.firstElementChild; child !== null; child = child.nextElementSibling) {
    switch (child.className) {
      case 'list-title mathjax':
      case 'list-title':
        if (title !== null) return null;
        title = afterLabel(child.textContent ?? '', 'Title:');
        break;
      case 'list-authors':
        if (authorsLine !== null) return null;
        authorsLine = child;
        break;
      case 'list-comments mathjax':
      case 'list-comments':
        if (comments !== null) return null;
        comments = afterLabel(child.textContent ?? '', 'Comments:');
        break;
      case 'list-journal-ref':
        if (journalRef !== null) return null;
        journalRef = afterLabel(child.textContent ?? '', 'Journal-ref:');
        break;
      case 'list-subjects':
        if (subjectsLine !== null) return null;
        subjectsLine = child;
        break;
      case 'mathjax':
        if (abstract !== null || child.localName !== 'p') return null;
        abstract = child.textContent ?? '';
        break;
      default:
        return null;
    }
  }
  if (title === null || !hasText(title)) return null;

  return {
    id: printedId.id,
    version: printedId.version,
    title,
    authors: authorsLine === null ? [] : authorNames(authorsLine),
    comments: comments !== null && hasText(comments) ? comments : null,
    journalRef: journalRef !== null && hasText(journalRef) ? journalRef : null,
    subjectsLine:
      subjectsLine === null ? null : afterLabel(subjectsLine.textContent ?? '', 'Subjects:'),
    primarySubjectText: subjectsLine === null ? null : primarySubjectText(subjectsLine),
    abstract: abstract !== null && hasText(abstract) ? abstract : null,
    section: entry.section,
    crossListFrom: entry.crossListFrom,
    itemNumber: entry.itemNumber,
  };
}

/** The text after the label it opens with (leading whitespace skipped), as on the page. */
function afterLabel(text: string, label: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= SPACE) start++;
  return text.startsWith(label, start) ? text.slice(start + label.length) : text;
}

/** The primary subject's span: the line's last element as arXiv prints it, else found. */
function primarySubjectText(line: Element): string | null {
  const last = line.lastElementChild;
  if (last !== null && last.className === 'primary-subject') return last.textContent ?? '';
  const nested = line.querySelector('.primary-subject');
  return nested === null ? null : (nested.textContent ?? '');
}

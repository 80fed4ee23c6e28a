import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lib/arxiv/listing';
import { readDd } from '../../lib/arxiv/listing-entry';
import {
  listingRoot,
  readTerm,
  walkListing,
  type ListingEntry,
} from '../../lib/arxiv/listing-walk';
import { readPrintedEntry } from '../../lib/arxiv/printed-entry';
import { paperFromReading } from '../../lib/arxiv/paper-text';
import type { Paper, PaperReading } from '../../lib/arxiv/types';
import {
  derivedFixture,
  derivedFixturePath,
  htmlDocument,
  sharedFixture,
} from '../support/fixtures';

// The page reads entries printed as arXiv prints them by `readPrintedEntry`, and any other by
// `readDt` + `readDd`: both must give the same paper, or a page would read differently
// depending on which path an entry took. The same paper once made a paper (`paperFromReading`,
// what is stored): read as on the page, the text before a label may differ in whitespace.

const REAL_PAGES = [
  'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html',
  'arxiv/list-cs-new-2018-07-20-legacy-trimmed.html',
];
const DERIVED_PAGES = readdirSync(derivedFixturePath('.')).filter((name) => name.endsWith('.html'));

function entriesOf(html: string): ListingEntry[] {
  const root = listingRoot(htmlDocument(html));
  return root ? walkListing(root, false).entries : [];
}

/** What the general path reads of an entry, on a copy of it. */
function readGenerally(entry: ListingEntry): { entry: ListingEntry; paper: PaperReading | string } {
  const copy = { ...entry };
  readTerm(copy);
  if (copy.id === null || copy.dd === null) return { entry: copy, paper: 'not a paper' };
  const fields = readDd(copy.dd, false);
  if (typeof fields === 'string') return { entry: copy, paper: fields };
  const paper = {
    id: copy.id,
    version: copy.version,
    ...fields,
    section: copy.section,
    crossListFrom: copy.crossListFrom,
    itemNumber: copy.itemNumber,
  };
  return { entry: copy, paper };
}

function asPaper(reading: PaperReading | string | null): Paper | string | null {
  return reading === null || typeof reading === 'string' ? reading : paperFromReading(reading);
}

function readPrinted(entry: ListingEntry): { entry: ListingEntry; paper: PaperReading | null } {
  const copy = { ...entry };
  return { entry: copy, paper: readPrintedEntry(copy) };
}

/** A one-entry page: `<dt>` and `<dd>` markup as given. */
function oneEntry(dt: string, dd: string): ListingEntry {
  const entries = entriesOf(`<div id="dlpage"><dl><dt>${dt}</dt><dd>${dd}</dd></dl></div>`);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

const PRINTED_DT = `<a name="item7">[7]</a>
  <a href="/abs/2609.22268" title="Abstract" id="2609.22268">arXiv:2609.22268</a>
  [<a href="/pdf/2609.22268" title="Download PDF">pdf</a>, <a href="/format/2609.22268" title="Other formats">other</a>]`;
const PRINTED_META = `<div class="meta">
  <div class="list-title mathjax"><span class="descriptor">Title:</span> A title </div>
  <div class="list-authors"><a href="/a/1">Ada Lovelace</a>, <a href="/a/2">Alan Turing</a></div>
  <div class="list-subjects"><span class="descriptor">Subjects:</span>
    <span class="primary-subject">Machine Learning (cs.LG)</span>; Optimization and Control (math.OC)</div>
  <p class="mathjax"> An abstract. </p>
</div>`;

describe('readPrintedEntry', () => {
  it.each([...REAL_PAGES.map((file) => [file, sharedFixture(file)] as const)])(
    'reads every entry of %s as the general path does',
    (_file, html) => {
      const entries = entriesOf(html);
      expect(entries.length).toBeGreaterThan(80);
      for (const entry of entries) {
        const printed = readPrinted(entry);
        const general = readGenerally(entry);
        // Every entry of a real page is printed as arXiv prints it: the fast path reads them all.
        expect(printed.paper).not.toBeNull();
        expect(asPaper(printed.paper)).toEqual(asPaper(general.paper));
        expect(printed.entry).toEqual(general.entry);
      }
    },
  );

  it.each(DERIVED_PAGES)('reads the entries of %s as the general path does', (file) => {
    for (const entry of entriesOf(derivedFixture(file))) {
      const printed = readPrinted(entry);
      if (printed.paper === null) continue; // left to the general path: nothing to compare
      const general = readGenerally(entry);
      expect(asPaper(printed.paper)).toEqual(asPaper(general.paper));
      expect(printed.entry).toEqual(general.entry);
    }
  });

  it('reads a version where the entry prints one', () => {
    const entry = oneEntry(
      PRINTED_DT.replace('>arXiv:2609.22268<', '>arXiv:2609.22268v3<'),
      PRINTED_META,
    );
    expect(readPrinted(entry).paper).toMatchObject({ id: '2609.22268', version: 3, itemNumber: 7 });
    expect(readGenerally(entry).paper).toMatchObject({ id: '2609.22268', version: 3 });
  });

  it('reads the fields of a <dd> without a .meta block', () => {
    const entry = oneEntry(PRINTED_DT, PRINTED_META.replace('<div class="meta">', '<div>'));
    expect(readPrinted(entry).paper).toBeNull(); // a bare <div> is no field it knows
    const bare = oneEntry(
      PRINTED_DT,
      PRINTED_META.replace('<div class="meta">', '').replace(/<\/div>\s*$/, ''),
    );
    const paper = readPrinted(bare).paper;
    expect(paper).toMatchObject({
      title: ' A title ',
      authors: ['Ada Lovelace', 'Alan Turing'],
      primarySubjectText: 'Machine Learning (cs.LG)',
      abstract: ' An abstract. ',
    });
    expect(asPaper(paper)).toEqual(asPaper(readGenerally(bare).paper));
  });

  it.each([
    ['a <dt> not printed as "[7] arXiv:ID"', PRINTED_DT.replace('[7]', ''), PRINTED_META],
    [
      'an id that is none',
      PRINTED_DT.replace('arXiv:2609.22268<', 'arXiv:2613.22268<'),
      PRINTED_META,
    ],
    ['a class it does not know', PRINTED_DT, PRINTED_META.replace('list-authors', 'list-people')],
    ['a title twice', PRINTED_DT, PRINTED_META.replace('<p', '<div class="list-title">T</div><p')],
    ['two abstracts', PRINTED_DT, PRINTED_META.replace('</p>', '</p><p class="mathjax">B</p>')],
    ['no title', PRINTED_DT, PRINTED_META.replace(/<div class="list-title[^]*?<\/div>/, '')],
    ['an empty title', PRINTED_DT, PRINTED_META.replace(' A title ', ' ')],
  ])('leaves an entry with %s to the general path', (_what, dt, dd) => {
    const entry = oneEntry(dt, dd);
    const tried = { ...entry };
    expect(readPrintedEntry(tried)).toBeNull();
    // Whatever it filled in of the <dt> is what the general path reads there anyway.
    readTerm(tried);
    expect(tried).toEqual(readGenerally(entry).entry);
  });

  it('finds a primary subject that is not the last element of its line', () => {
    const entry = oneEntry(
      PRINTED_DT,
      PRINTED_META.replace('; Optimization', '<span class="note">(note)</span>; Optimization'),
    );
    expect(readPrinted(entry).paper?.primarySubjectText).toBe('Machine Learning (cs.LG)');
  });

  it('leaves an entry with a line break to the walk over its nodes, on a page read by text', () => {
    const html = sharedFixture(REAL_PAGES[0]!).replace(
      'Accurately modelling the temporal',
      'First line<br>second line. Accurately modelling the temporal',
    );
    const listing = parseListing(
      htmlDocument(html),
      'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    );
    expect(listing?.papers[0]?.abstract).toMatch(/^First line second line\. Accurately/);
    expect(listing?.papers).toHaveLength(101);
  });
});

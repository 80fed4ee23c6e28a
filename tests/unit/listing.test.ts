import { describe, expect, it } from 'vitest';
import { listingEntries, parseListing } from '../../lib/arxiv/listing';
import type { Listing, ListingSection, Paper } from '../../lib/arxiv/types';
import { derivedFixture, htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT_NEW = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const LEGACY_NEW = 'arxiv/list-cs-new-2018-07-20-legacy-trimmed.html';
const ABS_PAGE = 'arxiv/abs-2609.22268-2026-09-current.html';
const CURRENT_URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

/** A paper as expected, with only the start of its abstract. */
type ExpectedPaper = Omit<Paper, 'abstract'> & { abstractStart: string | null };

function parsed(html: string, url: string): Listing {
  const listing = parseListing(htmlDocument(html), url);
  if (listing === null) throw new Error(`not read as a listing: ${url}`);
  return listing;
}

function expectPaper(paper: Paper | undefined, expected: ExpectedPaper): void {
  const { abstractStart, ...fields } = expected;
  expect(paper).toBeDefined();
  const { abstract, ...rest } = paper as Paper;
  expect(rest).toEqual(fields);
  if (abstractStart === null) expect(abstract).toBeNull();
  else expect(abstract?.slice(0, abstractStart.length)).toBe(abstractStart);
}

function section(
  kind: ListingSection['kind'],
  heading: string,
  date: string | null,
  shown: number | null = null,
  total: number | null = null,
  paging: ListingSection['paging'] = null,
): ListingSection {
  return { kind, heading, date, shown, total, paging };
}

const materialsScience = { code: 'cond-mat.mtrl-sci', name: 'Materials Science' };

const realPages = [
  {
    file: CURRENT_NEW,
    url: CURRENT_URL,
    header: {
      category: 'cond-mat.mtrl-sci',
      categoryName: 'Materials Science',
      pageKind: 'new',
      dateHeading: 'Showing new listings for Tuesday, 22 September 2026',
      date: '2026-09-22',
      paging: { total: 101, skip: 0, show: null },
      abstractsShown: true,
    },
    sections: [
      section('new', 'New submissions (showing 45 of 45 entries)', '2026-09-22', 45, 45, 'all'),
      section(
        'cross-list',
        'Cross submissions (showing 21 of 21 entries)',
        '2026-09-22',
        21,
        21,
        'all',
      ),
      section(
        'replacement',
        'Replacement submissions (showing 35 of 35 entries)',
        '2026-09-22',
        35,
        35,
        'all',
      ),
    ],
    papersPerSection: [45, 21, 35],
    first: {
      id: '2609.22268',
      version: null,
      title:
        'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      comments: 'preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables',
      journalRef: null,
      subjects: [materialsScience],
      primarySubject: materialsScience,
      abstractStart:
        'Accurately modelling the temporal evolution of heterogeneous temperature fields',
      section: 0,
      crossListFrom: null,
      itemNumber: 1,
    },
    last: {
      id: '2607.28461',
      version: null,
      title: 'Fast and Accurate Equivariant Foundation Models for Atomistic Simulation',
      authors: [
        'Seán R. Kavanagh',
        'Chuin Wei Tan',
        'Menghang Wang',
        'Marc L. Descoteaux',
        'Gabriel de Miranda Nascimento',
        'Ulrik Unneberg',
        'Laura Zichi',
        'Francesco Libbi',
        'Norma Rivano',
        'Austin Glover',
        'Vivek Bharadwaj',
        'Anders Johansson',
        'William C. Witt',
        'Albert Musaelian',
        'Boris Kozinsky',
      ],
      comments: null,
      journalRef: null,
      subjects: [
        { code: 'physics.comp-ph', name: 'Computational Physics' },
        materialsScience,
        { code: 'physics.app-ph', name: 'Applied Physics' },
        { code: 'physics.chem-ph', name: 'Chemical Physics' },
      ],
      primarySubject: { code: 'physics.comp-ph', name: 'Computational Physics' },
      abstractStart:
        'Machine-learned interatomic potentials (MLIPs) have emerged as a transformative',
      section: 2,
      crossListFrom: null,
      itemNumber: 101,
    },
  },
  {
    file: LEGACY_NEW,
    url: 'https://arxiv.org/list/cs/new',
    header: {
      category: 'cs',
      // The legacy page's first <h1> is the site breadcrumb "arXiv.org > cs", outside #dlpage.
      categoryName: 'Computer Science',
      pageKind: 'new',
      dateHeading:
        'Submissions received from Wed 18 Jul 18 to Thu 19 Jul 18, announced Fri, 20 Jul 18',
      date: '2018-07-20',
      paging: { total: 188, skip: 0, show: null },
      abstractsShown: true,
    },
    sections: [
      section('new', 'New submissions for Fri, 20 Jul 18', '2018-07-20'),
      section('cross-list', 'Cross-lists for Fri, 20 Jul 18', '2018-07-20'),
      section('replacement', 'Replacements for Fri, 20 Jul 18', '2018-07-20'),
    ],
    papersPerSection: [6, 16, 65],
    first: {
      id: '1807.07067',
      version: null,
      title:
        'A Fixed-Parameter Linear-Time Algorithm to Compute Principal Typings of Planar Flow Networks',
      authors: ['Assaf Kfoury'],
      comments:
        '12 pages, 0 figures, 13 references. arXiv admin note: text overlap with arXiv:1807.04186',
      journalRef: null,
      subjects: [{ code: 'cs.DS', name: 'Data Structures and Algorithms' }],
      primarySubject: { code: 'cs.DS', name: 'Data Structures and Algorithms' },
      abstractStart:
        'We present an alternative and simpler method for computing principal typings of flow',
      section: 0,
      crossListFrom: null,
      itemNumber: 1,
    },
    last: {
      id: '1807.06576',
      version: null,
      title: 'Comparison of RNN Encoder-Decoder Models for Anomaly Detection',
      authors: ['YeongHyeon Park', 'Il Dong Yun'],
      comments: '12 pages',
      journalRef: null,
      subjects: [
        { code: 'cs.LG', name: 'Machine Learning' },
        { code: 'stat.ML', name: 'Machine Learning' },
      ],
      primarySubject: { code: 'cs.LG', name: 'Machine Learning' },
      abstractStart: null, // legacy replacements carry no abstract
      section: 2,
      crossListFrom: null,
      itemNumber: 188,
    },
  },
] satisfies Array<{
  file: string;
  url: string;
  header: Omit<Listing, 'sections' | 'papers' | 'skipped'>;
  sections: ListingSection[];
  papersPerSection: number[];
  first: ExpectedPaper;
  last: ExpectedPaper;
}>;

describe('parseListing on real pages', () => {
  it.each(realPages)('$file: page header', ({ file, url, header }) => {
    const {
      sections: _s,
      papers: _p,
      skipped: _k,
      ...pageFields
    } = parsed(sharedFixture(file), url);
    expect(pageFields).toEqual(header);
  });

  it.each(realPages)('$file: sections and papers per section', (page) => {
    const listing = parsed(sharedFixture(page.file), page.url);
    expect(listing.sections).toEqual(page.sections);
    const perSection = listing.sections.map(
      (_, index) => listing.papers.filter((paper) => paper.section === index).length,
    );
    expect(perSection).toEqual(page.papersPerSection);
    expect(listing.skipped).toEqual([]);
  });

  it.each(realPages)('$file: first and last paper', ({ file, url, first, last }) => {
    const { papers } = parsed(sharedFixture(file), url);
    expectPaper(papers[0], first);
    expectPaper(papers.at(-1), last);
  });

  it.each(realPages)('$file: every <dt> is a paper or a skipped entry', ({ file, url }) => {
    const html = sharedFixture(file);
    const listing = parsed(html, url);
    const dtCount = htmlDocument(html).querySelectorAll('dt').length;
    expect(listing.papers.length + listing.skipped.length).toBe(dtCount);
    expect(new Set(listing.papers.map((paper) => paper.id)).size).toBe(listing.papers.length);
  });

  it.each(realPages)('$file: listingEntries walks the same entries', ({ file, url }) => {
    const doc = htmlDocument(sharedFixture(file));
    const listing = parseListing(doc, url);
    const entries = listingEntries(doc);
    expect(entries.map((entry) => entry.dt)).toEqual(Array.from(doc.querySelectorAll('dt')));
    expect(entries.every((entry) => entry.dd?.localName === 'dd')).toBe(true);
    expect(entries.map(({ id, section, itemNumber }) => ({ id, section, itemNumber }))).toEqual(
      listing?.papers.map(({ id, section, itemNumber }) => ({ id, section, itemNumber })),
    );
  });

  it.each([
    // [page, item, field, value]
    [CURRENT_NEW, 46, 'crossListFrom', 'physics.ins-det'],
    [CURRENT_NEW, 66, 'crossListFrom', 'math-ph'],
    [CURRENT_NEW, 67, 'title', "Kirchhoff's analogy for a planar deformable ferromagnetic rod"],
    [CURRENT_NEW, 67, 'journalRef', 'Journal of Applied Mechanics 92, no. 8 (2025): 081003'],
    [CURRENT_NEW, 67, 'comments', 'Published in Journal of Applied Mechanics (ASME)'],
    // A replacement: the page prints no version (only the HTML link's address names one, v2).
    [CURRENT_NEW, 67, 'version', null],
    [
      CURRENT_NEW,
      68,
      'title',
      'Spin-phonon coupling and isotope-related pseudo-molecule vibrations in layered Cr$_2$Ge$_2$Te$_6$ ferromagnet',
    ],
    [CURRENT_NEW, 68, 'version', null],
    [LEGACY_NEW, 2, 'authors', ['Étienne André', 'Didier Lime', 'Nicolas Markey']],
    [LEGACY_NEW, 108, 'crossListFrom', 'math.ST'],
    [LEGACY_NEW, 123, 'title', 'Partial recovery bounds for clustering with the relaxed $K$means'],
    [
      LEGACY_NEW,
      124,
      'journalRef',
      'Adversarial multiple access channels with individual injection rates. Theory of Computing Systems, 61(3): 820 - 850, 2017',
    ],
    [LEGACY_NEW, 124, 'abstract', null],
  ] as const)('%s item %i: %s', (file, item, field, value) => {
    const url = file === CURRENT_NEW ? CURRENT_URL : 'https://arxiv.org/list/cs/new';
    const paper = parsed(sharedFixture(file), url).papers.find((p) => p.itemNumber === item);
    expect(paper?.[field]).toEqual(value);
  });

  it('keeps the LaTeX and decoded entities of an abstract as written', () => {
    const paper = parsed(sharedFixture(CURRENT_NEW), CURRENT_URL).papers.find(
      (p) => p.id === '2609.22118',
    );
    expect(paper?.abstract).toContain("near a metal's melting point");
    expect(paper?.abstract).toContain('($R^2$ = 0.991)');
    expect(paper?.abstract).toContain('1201.2 $\\pm$ 1.3°');
  });
});

const DERIVED = 'https://arxiv.org/list/cond-mat.mtrl-sci';
const derivedPages = [
  {
    file: 'list-cond-mat.mtrl-sci-recent-derived-2026-09-22.html',
    url: `${DERIVED}/recent`,
    pageKind: 'recent',
    paging: { total: 66, skip: 0, show: null },
    sections: [
      section(
        'day',
        'Tue, 22 Sep 2026 (showing first 25 of 28 entries )',
        '2026-09-22',
        25,
        28,
        'first',
      ),
    ],
    items: [1, 25],
    crossLists: 6,
  },
  {
    file: 'list-cond-mat.mtrl-sci-recent-show100-derived-2026-09-22.html',
    url: `${DERIVED}/recent?skip=0&show=100`,
    pageKind: 'recent',
    paging: { total: 66, skip: 0, show: 100 },
    sections: [
      section('day', 'Tue, 22 Sep 2026 (showing 28 of 28 entries )', '2026-09-22', 28, 28, 'all'),
      section('day', 'Mon, 21 Sep 2026 (showing 17 of 17 entries )', '2026-09-21', 17, 17, 'all'),
      section('day', 'Fri, 18 Sep 2026 (showing 12 of 12 entries )', '2026-09-18', 12, 12, 'all'),
      section('day', 'Thu, 17 Sep 2026 (showing 9 of 9 entries )', '2026-09-17', 9, 9, 'all'),
      section('day', 'Wed, 16 Sep 2026', '2026-09-16'), // "No updates for this time period."
    ],
    items: [1, 66],
    crossLists: 21,
  },
  {
    file: 'list-cond-mat.mtrl-sci-pastweek-skip25-show25-derived-2026-09-22.html',
    url: `${DERIVED}/pastweek?skip=25&show=25`,
    pageKind: 'pastweek',
    paging: { total: 66, skip: 25, show: 25 },
    sections: [
      section(
        'day',
        'Tue, 22 Sep 2026 (continued, showing last 3 of 28 entries )',
        '2026-09-22',
        3,
        28,
        'last',
      ),
      section('day', 'Mon, 21 Sep 2026 (showing 17 of 17 entries )', '2026-09-21', 17, 17, 'all'),
      section(
        'day',
        'Fri, 18 Sep 2026 (showing first 5 of 12 entries )',
        '2026-09-18',
        5,
        12,
        'first',
      ),
    ],
    items: [26, 50],
    crossLists: 8,
  },
  {
    file: 'list-cond-mat.mtrl-sci-pastweek-skip47-show5-derived-2026-09-22.html',
    url: `${DERIVED}/pastweek?skip=47&show=5`,
    pageKind: 'pastweek',
    paging: { total: 66, skip: 47, show: 5 },
    sections: [
      section(
        'day',
        'Fri, 18 Sep 2026 (continued, showing 5 of 12 entries )',
        '2026-09-18',
        5,
        12,
        'continued',
      ),
    ],
    items: [48, 52],
    crossLists: 0,
  },
  {
    file: 'list-cond-mat.mtrl-sci-month-derived-2026-09.html',
    url: `${DERIVED}/2026-09?skip=0&show=25`,
    pageKind: 'month',
    paging: { total: 66, skip: 0, show: 25 },
    sections: [section('other', '', null)], // month listings print no section heading
    items: [1, 25],
    crossLists: 0,
  },
  {
    file: 'catchup-cond-mat.mtrl-sci-derived-2026-09-22.html',
    url: 'https://arxiv.org/catchup/cond-mat.mtrl-sci/2026-09-22',
    pageKind: 'catchup',
    paging: { total: 101, skip: 0, show: 2000 },
    sections: [
      section('new', 'New submissions (showing 45 of 45 entries)', '2026-09-22', 45, 45, 'all'),
      section(
        'cross-list',
        'Cross submissions (showing 21 of 21 entries)',
        '2026-09-22',
        21,
        21,
        'all',
      ),
      section(
        'replacement',
        'Replacement submissions (showing 35 of 35 entries)',
        '2026-09-22',
        35,
        35,
        'all',
      ),
    ],
    items: [1, 101],
    crossLists: 21,
  },
] satisfies Array<{
  file: string;
  url: string;
  pageKind: Listing['pageKind'];
  paging: Listing['paging'];
  sections: ListingSection[];
  items: [number, number];
  crossLists: number;
}>;

describe('parseListing on derived pages', () => {
  it.each(derivedPages)('$file', (page) => {
    const html = derivedFixture(page.file);
    const listing = parsed(html, page.url);
    expect(listing.category).toBe('cond-mat.mtrl-sci');
    expect(listing.categoryName).toBe('Materials Science');
    expect(listing.pageKind).toBe(page.pageKind);
    expect(listing.paging).toEqual(page.paging);
    expect(listing.sections).toEqual(page.sections);
    expect(listing.skipped).toEqual([]);
    expect(listing.abstractsShown).toBe(false);
    const [firstItem, lastItem] = page.items;
    expect(listing.papers.map((paper) => paper.itemNumber)).toEqual(
      Array.from({ length: lastItem - firstItem + 1 }, (_, i) => firstItem + i),
    );
    expect(listing.papers.length).toBe(htmlDocument(html).querySelectorAll('dt').length);
    expect(listing.papers.filter((paper) => paper.crossListFrom !== null).length).toBe(
      page.crossLists,
    );
  });

  it.each([
    [
      'list-cond-mat.mtrl-sci-recent-show100-derived-2026-09-22.html',
      null,
      null, // recent pages are dated per day section
    ],
    [
      'list-cond-mat.mtrl-sci-month-derived-2026-09.html',
      'Authors and titles for September 2026',
      null,
    ],
    [
      'catchup-cond-mat.mtrl-sci-derived-2026-09-22.html',
      'Catchup results for Materials Science on Tue, 22 Sep 2026',
      '2026-09-22',
    ],
  ])('%s: date heading %j', (file, dateHeading, date) => {
    const listing = parseListing(htmlDocument(derivedFixture(file)), 'https://arxiv.org/list/x');
    expect(listing?.dateHeading).toBe(dateHeading);
    expect(listing?.date).toBe(date);
  });

  it('reads a /new page with "No updates today." as an empty listing', () => {
    const listing = parsed(
      derivedFixture('list-cond-mat.mtrl-sci-new-no-updates-derived-2026-09-23.html'),
      CURRENT_URL,
    );
    expect(listing).toEqual({
      category: 'cond-mat.mtrl-sci',
      categoryName: 'Materials Science',
      pageKind: 'new',
      dateHeading: 'Showing new listings for Wednesday, 23 September 2026',
      date: '2026-09-23',
      sections: [],
      papers: [],
      skipped: [],
      paging: { total: null, skip: 0, show: null },
      abstractsShown: false,
    });
  });
});

describe('parseListing on a malformed page', () => {
  const malformed = () =>
    parsed(
      derivedFixture('list-cond-mat.mtrl-sci-new-malformed-derived-2026-09-22.html'),
      CURRENT_URL,
    );

  it('records each broken entry with its reason and reads the rest', () => {
    const listing = malformed();
    expect(listing.skipped).toEqual([
      { where: 'item 2 (2609.22287)', reason: 'no title (.list-title missing)' },
      { where: 'item 3 (2609.22341)', reason: '<dt> without <dd>' },
      { where: 'item 5', reason: 'no arXiv id in the <dt>' },
      { where: 'item 6 (2609.22268)', reason: 'duplicate of item 1 (2609.22268)' },
    ]);
    expect(listing.papers.map((paper) => paper.itemNumber)).toEqual([1, 4, 7, 8, 9, 10, 11, 12]);
    expect(listing.papers.length + listing.skipped.length).toBe(12);
    expect(listing.paging.total).toBe(12);
  });

  it('keeps the first of two entries with the same id', () => {
    const [first] = malformed().papers;
    expect(first).toMatchObject({ id: '2609.22268', itemNumber: 1, section: 0 });
  });

  it('takes the kind of an unknown heading from the entry markers when they agree', () => {
    expect(malformed().sections).toEqual([
      section('new', 'New submissions (showing 6 of 6 entries)', '2026-09-22', 6, 6, 'all'),
      section(
        'cross-list',
        'Cross submissions (showing 2 of 2 entries)',
        '2026-09-22',
        2,
        2,
        'all',
      ),
      // every entry says (replaced)
      section(
        'replacement',
        'Updated submissions (showing 2 of 2 entries)',
        '2026-09-22',
        2,
        2,
        'all',
      ),
      // one new submission, one replacement
      section('other', "Editor's picks (showing 2 of 2 entries)", null, 2, 2, 'all'),
    ]);
  });

  it('records an entry whose reading throws and reads the others', () => {
    const doc = htmlDocument(sharedFixture(CURRENT_NEW));
    const [, second] = listingEntries(doc);
    const dd = second?.dd;
    if (!dd) throw new Error('fixture changed: no second entry');
    const goneAway = () => {
      throw new Error('DOM went away');
    };
    // Both paths fail: the fast one walks the children, the general one queries.
    dd.querySelector = goneAway;
    Object.defineProperty(dd, 'firstElementChild', { get: goneAway });
    const listing = parseListing(doc, CURRENT_URL);
    expect(listing?.skipped).toEqual([
      { where: 'item 2 (2609.22287)', reason: 'could not be read: DOM went away' },
    ]);
    expect(listing?.papers.length).toBe(100);
  });
});

describe('parseListing on pages that are not listings', () => {
  it('returns null for an abstract page', () => {
    const doc = htmlDocument(sharedFixture(ABS_PAGE));
    expect(parseListing(doc, 'https://arxiv.org/abs/2609.22268')).toBeNull();
    expect(listingEntries(doc)).toEqual([]);
  });

  it.each([
    ['an empty document', ''],
    ['a page of prose', '<html><body><h1>Hello</h1><p>No entries here.</p></body></html>'],
    ['a definition list of something else', '<dl><dt>term</dt><dd>meaning</dd></dl>'],
  ])('returns null for %s', (_, html) => {
    expect(parseListing(htmlDocument(html), CURRENT_URL)).toBeNull();
  });

  it('never throws, even when handed no document at all', () => {
    // The content script passes `document`; a null here stands for any host object gone wrong.
    expect(parseListing(null as unknown as Document, CURRENT_URL)).toBeNull();
    expect(listingEntries(null as unknown as Document)).toEqual([]);
  });

  it('still reads a listing from an unexpected URL, naming the category from the page', () => {
    const listing = parseListing(
      htmlDocument(sharedFixture(CURRENT_NEW)),
      'file:///tmp/saved.html',
    );
    expect(listing).toMatchObject({ category: 'cond-mat.mtrl-sci', pageKind: 'other' });
    expect(listing?.papers.length).toBe(101);
  });
});

describe('a 2000-entry page', () => {
  /** The real page's entries, serialised and repeated with unique ids and item numbers. */
  function bigListingHtml(size: number): string {
    const entries = listingEntries(htmlDocument(sharedFixture(CURRENT_NEW)));
    const markup = entries.map((entry) => ({
      id: entry.id ?? '',
      html: entry.dt.outerHTML + (entry.dd?.outerHTML ?? ''),
    }));
    const copies: string[] = [];
    for (let n = 1; n <= size; n++) {
      const source = markup[(n - 1) % markup.length];
      if (!source) continue;
      const id = `2601.${String(n).padStart(5, '0')}`;
      copies.push(
        source.html
          .replaceAll(source.id, id)
          .replace(/name="item\d+">\[\d+\]/, `name="item${n}">[${n}]`),
      );
    }
    const heading = `<h3>New submissions (showing ${size} of ${size} entries)</h3>`;
    return `<div id="dlpage"><h1>Materials Science</h1><dl id="articles">${heading}${copies.join('\n')}</dl></div>`;
  }

  it('parses with every entry', () => {
    const doc = htmlDocument(bigListingHtml(2000));
    expect(doc.querySelectorAll('dt').length).toBe(2000);
    // Speed is measured by `npm run bench` in the real browser; tests assert behaviour only.
    const listing = parseListing(doc, CURRENT_URL);
    expect(listing?.papers.length).toBe(2000);
    expect(listing?.skipped).toEqual([]);
    expect(listing?.papers.at(-1)).toMatchObject({ id: '2601.02000', itemNumber: 2000 });
  }, 30_000); // building the page takes happy-dom seconds when the whole suite runs at once
});

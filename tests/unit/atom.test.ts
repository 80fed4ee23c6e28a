import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAtomFeed, parseAtomText, splitVersionedArxivId } from '../../lib/arxiv/atom';
import type { ApiEntry, AtomFeedResult } from '../../lib/arxiv/atom';

const API_FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/arxiv/api',
);

function fixture(name: string): string {
  return readFileSync(resolve(API_FIXTURES, name), 'utf8');
}

/**
 * happy-dom 21 rejects an XML declaration with a single-quoted version (`<?xml version='1.0'`),
 * which XML allows and arXiv's 2026 API writes; browsers accept it. Requoting the declaration
 * changes nothing the document says, so the parser under test sees arXiv's markup otherwise as is.
 */
function parseXml(text: string): Document {
  const requoted = text.replace(/^<\?xml[^?]*\?>/, (declaration) => declaration.replace(/'/g, '"'));
  return new DOMParser().parseFromString(requoted, 'application/xml');
}

function parseFixture(name: string): AtomFeedResult {
  return parseAtomText(fixture(name), parseXml);
}

function entriesOf(result: AtomFeedResult): ApiEntry[] {
  if (!result.ok) throw new Error(`expected a feed, got ${result.error.message}`);
  return result.entries;
}

interface EntryExpectation {
  index: number;
  title: string;
  authorCount: number;
  firstAuthor: string;
  lastAuthor: string;
  summaryStart: string;
  comment: string | null;
  journalRef: string | null;
  primaryCategory: string;
  categories: string[];
  published: string;
  updated: string;
}

interface FeedExpectation {
  file: string;
  totalResults: number;
  ids: string[];
  versions: number[];
  entries: EntryExpectation[];
}

const FEEDS: FeedExpectation[] = [
  {
    file: 'api-query-search_query-testing-max10-2026-04-12.xml',
    totalResults: 214881,
    ids: [
      '2202.12139',
      '2405.13786',
      '2005.14124',
      '2204.08348',
      '2302.03287',
      '1202.4527',
      '2503.05378',
      '1205.1866',
      '2502.07719',
      '1812.11470',
    ],
    versions: [1, 1, 2, 3, 3, 1, 2, 1, 2, 1],
    entries: [
      {
        index: 0,
        title:
          'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
        authorCount: 3,
        firstAuthor: 'Mohit Kumar Ahuja',
        lastAuthor: 'Helge Spieker',
        summaryStart:
          'Deep Learning (DL) has revolutionized the capabilities of vision-based systems',
        comment: 'Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022',
        journalRef:
          'Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)',
        primaryCategory: 'cs.SE',
        categories: ['cs.SE', 'cs.LG'],
        published: '2022-02-24T15:05:19Z',
        updated: '2022-02-24T15:05:19Z',
      },
      {
        index: 4,
        title: 'ChatGPT and Software Testing Education: Promises & Perils',
        authorCount: 5,
        firstAuthor: 'Sajed Jalil',
        lastAuthor: 'Wing Lam',
        summaryStart: 'Over the past decade, predictive language modeling for code',
        comment:
          '2023 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW), 8 pages, 2 tables, 6 figures',
        journalRef:
          '2023 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)',
        primaryCategory: 'cs.SE',
        categories: ['cs.SE', 'cs.HC'],
        published: '2023-02-07T06:41:02Z',
        updated: '2023-03-11T21:03:09Z',
      },
      {
        index: 6,
        title: 'A Survey on Web Testing: On the Rise of AI and Applications in Industry',
        authorCount: 4,
        firstAuthor: 'Iva Kertusha',
        lastAuthor: 'Andrea Arcuri',
        summaryStart: 'Web application testing is an essential practice',
        comment: 'Web Testing, GUI Testing, front-end, survey, SBST, AI, fuzzing',
        journalRef: null,
        primaryCategory: 'cs.SE',
        categories: ['cs.SE'],
        published: '2025-03-07T12:39:59Z',
        updated: '2025-08-12T14:08:11Z',
      },
      {
        // Paragraph breaks inside the summary collapse to single spaces.
        index: 9,
        title:
          'A Systematic Literature Review of Automated Techniques for Functional GUI Testing of Mobile Applications',
        authorCount: 2,
        firstAuthor: 'Yauhen Leanidavich Arnatovich',
        lastAuthor: 'Lipo Wang',
        summaryStart:
          'Context. Multiple automated techniques have been proposed and developed for mobile application GUI testing aiming to improve effectiveness, efficiency, and practicality. The effectiveness, efficiency, and practicality are 3 fundamental characteristics which testing techniques are built upon, and need to be continuously improved to deliver useful solutions for researchers and practitioners, and community as a whole. Objective. In this systematic review',
        comment:
          'GUI testing, Functional testing, Model-based, Mobile, Systematic literature review',
        journalRef: null,
        primaryCategory: 'cs.SE',
        categories: ['cs.SE'],
        published: '2018-12-30T04:50:20Z',
        updated: '2018-12-30T04:50:20Z',
      },
    ],
  },
  {
    // id_list=0808.05394,1707.08567: arXiv dropped the malformed first id without a word.
    file: 'api-query-id_list-0808.05394+1707.08567-2026-04-12.xml',
    totalResults: 1,
    ids: ['1707.08567'],
    versions: [1],
    entries: [
      {
        index: 0,
        title: 'Proceedings of Workshop AEW10: Concepts in Information Theory and Communications',
        authorCount: 34,
        firstAuthor: 'Kees A. Schouhamer Immink',
        lastAuthor: 'Hirosuke Yamamoto',
        summaryStart:
          'The 10th Asia-Europe workshop in "Concepts in Information Theory and Communications"',
        comment: '44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck',
        journalRef: null,
        primaryCategory: 'cs.IT',
        categories: ['cs.IT'],
        published: '2017-07-27T08:18:33Z',
        updated: '2017-07-27T08:18:33Z',
      },
    ],
  },
  {
    file: 'api-query-id_list-1111.2011v2-legacy-2016-10-09.xml',
    totalResults: 1,
    ids: ['1111.2011'],
    versions: [2],
    entries: [
      {
        index: 0,
        title:
          'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
        authorCount: 3,
        firstAuthor: 'James M. Murray',
        lastAuthor: 'Zlatko Tesanovic',
        summaryStart:
          'Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains',
        comment: '8 pages, 3 figures. Published version',
        journalRef: 'Phys. Rev. B 85, 115117 (2012)',
        primaryCategory: 'cond-mat.str-el',
        categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
        published: '2011-11-08T18:48:36Z',
        updated: '2012-04-02T12:38:54Z',
      },
    ],
  },
  {
    file: 'api-query-search_query-au_del_maestro-legacy-2016-10-09.xml',
    totalResults: 31,
    ids: [
      '1201.4869',
      'cond-mat/0412498',
      'cond-mat/0603029',
      '1005.5383',
      '1303.6954',
      '1312.6177',
      '1412.6529',
      'cond-mat/0607501',
      'cond-mat/0702661',
      '0807.2873',
    ],
    versions: [1, 1, 1, 1, 2, 1, 2, 2, 2, 1],
    entries: [
      {
        index: 1,
        title: 'Thermal melting of density waves on the square lattice',
        authorCount: 2,
        firstAuthor: 'Adrian Del Maestro',
        lastAuthor: 'Subir Sachdev',
        summaryStart:
          'We present the theory of the effect of thermal fluctuations on commensurate "p x p" density wave ordering on the square lattice (p >= 3, integer).',
        comment: '12 pages, 5 figures',
        journalRef: 'Physical Review B 71, 184511 (2005)',
        primaryCategory: 'cond-mat.str-el',
        categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
        published: '2004-12-19T16:18:24Z',
        updated: '2004-12-19T16:18:24Z',
      },
      {
        // LaTeX stays as written; a comment wrapped over two lines becomes one.
        index: 6,
        title: 'Particle partition entanglement of bosonic Luttinger liquids',
        authorCount: 2,
        firstAuthor: 'C. M. Herdman',
        lastAuthor: 'A. Del Maestro',
        summaryStart:
          "We consider the R\\'{e}nyi entanglement entropy of bosonic Luttinger liquids under",
        comment:
          '10 pages, 8 figures; updated figure 5, added references, revised text, reformatted',
        journalRef: 'Phys. Rev. B 91, 184507 (2015)',
        primaryCategory: 'cond-mat.quant-gas',
        categories: ['cond-mat.quant-gas', 'quant-ph'],
        published: '2014-12-19T21:00:08Z',
        updated: '2015-02-25T23:04:37Z',
      },
    ],
  },
  {
    file: 'api-query-id_list-0000.0000-empty-2026-04-12.xml',
    totalResults: 0,
    ids: [],
    versions: [],
    entries: [],
  },
];

describe('parseAtomFeed on every real arXiv API response', () => {
  it('has an expectation for each fixture file', () => {
    const files = readdirSync(API_FIXTURES).filter((name) => name.endsWith('.xml'));
    expect(FEEDS.map((feed) => feed.file).sort()).toEqual(files.sort());
  });

  describe.each(FEEDS)('$file', (feed) => {
    const result = parseFixture(feed.file);

    it('reads the feed with its total and nothing skipped', () => {
      expect(result).toMatchObject({ ok: true, totalResults: feed.totalResults, skipped: [] });
    });

    it('reads canonical ids and versions in feed order', () => {
      const entries = entriesOf(result);
      expect(entries.map((entry) => entry.id)).toEqual(feed.ids);
      expect(entries.map((entry) => entry.version)).toEqual(feed.versions);
    });

    it('normalises whitespace in every title, summary and comment', () => {
      for (const entry of entriesOf(result)) {
        for (const text of [entry.title, entry.summary, entry.comment ?? '']) {
          expect(text).not.toMatch(/^\s|\s$|\s{2}|[\n\t]/);
        }
        expect(entry.summary.length).toBeGreaterThan(100);
        expect(entry.authors.length).toBeGreaterThan(0);
      }
    });

    it.each(feed.entries)('entry $index: $title', (expected) => {
      const entry = entriesOf(result)[expected.index];
      expect(entry).toBeDefined();
      if (!entry) return;
      expect(entry.title).toBe(expected.title);
      expect(entry.authors).toHaveLength(expected.authorCount);
      expect(entry.authors[0]).toBe(expected.firstAuthor);
      expect(entry.authors.at(-1)).toBe(expected.lastAuthor);
      expect(entry.summary.startsWith(expected.summaryStart)).toBe(true);
      expect(entry.comment).toBe(expected.comment);
      expect(entry.journalRef).toBe(expected.journalRef);
      expect(entry.primaryCategory).toBe(expected.primaryCategory);
      expect(entry.categories).toEqual(expected.categories);
      expect(entry.published).toBe(expected.published);
      expect(entry.updated).toBe(expected.updated);
    });
  });
});

describe('parseAtomFeed independence from markup details', () => {
  const legacy = fixture('api-query-id_list-1111.2011v2-legacy-2016-10-09.xml');

  it('reads elements whatever their order', () => {
    const doc = parseXml(legacy);
    for (const entry of Array.from(doc.getElementsByTagName('entry'))) {
      // Every child moves to the end in reverse order, except authors and categories, whose
      // order is part of what they say.
      const others = Array.from(entry.children).filter(
        (child) => child.localName !== 'author' && child.localName !== 'category',
      );
      for (const child of others.reverse()) entry.appendChild(child);
    }
    expect(entriesOf(parseAtomFeed(doc))).toEqual(entriesOf(parseAtomText(legacy, parseXml)));
  });

  it('goes by namespace, not by prefix', () => {
    // Derived from the 2016 response: Atom bound to the prefix `atom:` instead of being the
    // default namespace, arXiv's bound to `ax:`, and an element added that only looks like
    // arXiv's comment (same local name, another namespace).
    const renamed = legacy
      .replace(/<(\/?)([a-z]\w*)(?=[\s>/])/g, '<$1atom:$2')
      .replace('xmlns="http://www.w3.org/2005/Atom"', 'xmlns:atom="http://www.w3.org/2005/Atom"')
      .replaceAll('arxiv:', 'ax:')
      .replaceAll('xmlns:arxiv=', 'xmlns:ax=')
      .replace('<atom:entry>', '<atom:entry><x:comment xmlns:x="urn:example:other">no</x:comment>');
    expect(renamed).toContain('<atom:summary>');
    expect(renamed).toContain('<ax:comment xmlns:ax="http://arxiv.org/schemas/atom">');
    expect(entriesOf(parseAtomText(renamed, parseXml))).toEqual(
      entriesOf(parseAtomText(legacy, parseXml)),
    );
  });

  it('ignores Atom-looking elements outside the Atom namespace', () => {
    const withoutNamespace = legacy.replace(' xmlns="http://www.w3.org/2005/Atom"', '');
    const result = parseAtomText(withoutNamespace, parseXml);
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
  });
});

describe('parseAtomFeed errors', () => {
  const empty = fixture('api-query-id_list-0000.0000-empty-2026-04-12.xml');

  it('reports an arXiv API error feed as an error, not as an entry', () => {
    // Derived from the empty 2026 response, with the error entry arXiv's API sends for a
    // malformed id_list inserted (its documented shape: an errors# id, title "Error").
    const errorEntry = `<entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345v</summary>
    <updated>2026-04-12T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>`;
    const result = parseAtomText(empty.replace('</feed>', errorEntry), parseXml);
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'api-error',
        message: 'arXiv API reported an error: incorrect id format for 1234.12345v',
      },
    });
  });

  it('reports broken XML (a truncated answer) as an XML error', () => {
    const truncated = fixture('api-query-id_list-1111.2011v2-legacy-2016-10-09.xml').slice(0, 1500);
    const result = parseAtomText(truncated, parseXml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('xml');
    expect(result.error.message).toMatch(/^arXiv API answer is not well-formed XML \(.+\)$/);
  });

  it('reports a well-formed page that is not a feed', () => {
    const page = '<html><body><p>Rate exceeded.</p></body></html>';
    expect(parseAtomText(page, parseXml)).toEqual({
      ok: false,
      error: { kind: 'not-a-feed', message: 'arXiv API answer is not an Atom feed (found <html>)' },
    });
  });

  it('reports a parser that throws as an XML error', () => {
    const throwing = (): Document => {
      throw new Error('offscreen document is gone');
    };
    expect(parseAtomText(empty, throwing)).toEqual({
      ok: false,
      error: {
        kind: 'xml',
        message: 'arXiv API answer could not be parsed: offscreen document is gone',
      },
    });
  });

  it('skips an entry whose id is not an arXiv abstract address, keeping the rest', () => {
    const legacy = fixture('api-query-search_query-au_del_maestro-legacy-2016-10-09.xml');
    const broken = legacy.replace(
      '<id>http://arxiv.org/abs/1005.5383v1</id>',
      '<id>http://example.org/1005.5383</id>',
    );
    const result = parseAtomText(broken, parseXml);
    expect(result.ok && result.entries.map((entry) => entry.id)).not.toContain('1005.5383');
    expect(result).toMatchObject({
      ok: true,
      skipped: [
        {
          where: 'entry 4',
          reason: 'entry id "http://example.org/1005.5383" is not an arXiv abstract address',
        },
      ],
    });
    expect(result.ok && result.entries).toHaveLength(9);
  });
});

describe('splitVersionedArxivId', () => {
  it.each([
    ['1707.08567v1', { id: '1707.08567', version: 1 }],
    ['2510.09660', { id: '2510.09660', version: null }],
    ['0807.2873v12', { id: '0807.2873', version: 12 }],
    ['hep-th/9901001v1', { id: 'hep-th/9901001', version: 1 }],
    ['cond-mat/0412498', { id: 'cond-mat/0412498', version: null }],
    ['math.GT/0309136v2', { id: 'math/0309136', version: 2 }],
  ])('%s', (text, expected) => {
    expect(splitVersionedArxivId(text)).toEqual(expected);
  });

  it.each(['', '1707.085', '1707.08567v', 'abs/1707.08567', 'hep-th/990100', 'Hep-th/9901001'])(
    'rejects %j',
    (text) => {
      expect(splitVersionedArxivId(text)).toBeNull();
    },
  );
});

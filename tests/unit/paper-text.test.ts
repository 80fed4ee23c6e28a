import { describe, expect, it } from 'vitest';
import { parseListing, readListingPage } from '../../lib/arxiv/listing';
import { paperFromReading, parseSubject } from '../../lib/arxiv/paper-text';
import type { PaperReading } from '../../lib/arxiv/types';
import { derivedFixture, htmlDocument, sharedFixture } from '../support/fixtures';

const asRead: PaperReading = {
  id: '2609.22268',
  version: 2,
  title: '\n   A  title\n   over two lines \n',
  authors: [' Théo\u00a0Andrieux ', 'Manas V. Upadhyay', ' \n '],
  comments: '\n 12 pages,\t3 figures\n',
  journalRef: '  \n',
  subjectsLine: '\n  Machine Learning (cs.LG);\n  Statistics  Theory (math.ST); ; Quantum Physics ',
  primarySubjectText: '\n Machine Learning (cs.LG) ',
  abstract: '\n  We study\n  things.  ',
  section: 1,
  crossListFrom: 'stat.ML',
  itemNumber: 12,
};

describe('making a paper of what the page read', () => {
  it('collapses whitespace, leaves out what is whitespace only and parses the subjects', () => {
    const machineLearning = { code: 'cs.LG', name: 'Machine Learning' };
    expect(paperFromReading(asRead)).toEqual({
      id: '2609.22268',
      version: 2,
      title: 'A title over two lines',
      authors: ['Théo Andrieux', 'Manas V. Upadhyay'],
      comments: '12 pages, 3 figures',
      journalRef: null,
      subjects: [
        machineLearning,
        { code: 'math.ST', name: 'Statistics Theory' },
        { code: null, name: 'Quantum Physics' },
      ],
      primarySubject: machineLearning,
      abstract: 'We study things.',
      section: 1,
      crossListFrom: 'stat.ML',
      itemNumber: 12,
    });
  });

  it.each([
    ['no subjects line', null, null, [], null],
    ['a line without a primary subject', 'Optics (physics.optics)', null, ['physics.optics'], null],
    ['a primary subject listed later', 'A (x.A); B (x.B)', 'B (x.B)', ['x.B', 'x.A'], 'x.B'],
  ])('puts the primary subject first: %s', (_label, line, primary, codes, primaryCode) => {
    const paper = paperFromReading({ ...asRead, subjectsLine: line, primarySubjectText: primary });
    expect(paper.subjects.map((subject) => subject.code)).toEqual(codes);
    expect(paper.primarySubject?.code ?? null).toBe(primaryCode);
  });

  it.each([
    [
      'Materials Science (cond-mat.mtrl-sci)',
      { code: 'cond-mat.mtrl-sci', name: 'Materials Science' },
    ],
    ['  (hep-th) ', { code: 'hep-th', name: 'hep-th' }],
    ['General Relativity', { code: null, name: 'General Relativity' }],
  ])('parses the subject %j', (text, subject) => {
    expect(parseSubject(text)).toEqual(subject);
  });

  it.each([
    ['arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html', sharedFixture],
    ['arxiv/list-cs-new-2018-07-20-legacy-trimmed.html', sharedFixture],
    ['list-cond-mat.mtrl-sci-new-malformed-derived-2026-09-22.html', derivedFixture],
  ])('gives what parseListing gives for %s', (file, read) => {
    const doc = htmlDocument(read(file));
    const url = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
    const papers = readListingPage(doc, url)?.listing.papers ?? [];
    expect(papers.length).toBeGreaterThan(0);
    expect(papers.map(paperFromReading)).toEqual(parseListing(doc, url)?.papers);
  });
});

import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lib/arxiv/listing';
import { normalisePaper } from '../../lib/arxiv/paper-text';
import type { Paper } from '../../lib/arxiv/types';
import { htmlDocument, sharedFixture } from '../support/fixtures';

const asRead: Paper = {
  id: '2609.22268',
  version: 2,
  title: '\n   A  title\n   over two lines \n',
  authors: [' Théo\u00a0Andrieux ', 'Manas V. Upadhyay', ' \n '],
  comments: '\n 12 pages,\t3 figures\n',
  journalRef: '  \n',
  subjects: [{ code: 'cs.LG', name: 'Machine Learning' }],
  primarySubject: { code: 'cs.LG', name: 'Machine Learning' },
  abstract: '\n  We study\n  things.  ',
  section: 1,
  crossListFrom: 'stat.ML',
  itemNumber: 12,
};

describe('normalising a paper as the page read it', () => {
  it('collapses the whitespace of its text and drops what is whitespace only', () => {
    expect(normalisePaper(asRead)).toEqual({
      ...asRead,
      title: 'A title over two lines',
      authors: ['Théo Andrieux', 'Manas V. Upadhyay'],
      comments: '12 pages, 3 figures',
      journalRef: null,
      abstract: 'We study things.',
    });
  });

  it('leaves a parsed paper as it is', () => {
    const doc = htmlDocument(
      sharedFixture('arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html'),
    );
    const papers = parseListing(doc, 'https://arxiv.org/list/cond-mat.mtrl-sci/new')?.papers ?? [];
    expect(papers.length).toBeGreaterThan(0);
    expect(papers.map(normalisePaper)).toEqual(papers);
  });
});

import { describe, expect, it } from 'vitest';
import type { Listing, Paper } from '../../lib/arxiv/types';
import { completeListing } from '../../lib/page/read-page';
import type { PageStatus } from '../../lib/page/status';

function paper(id: string, abstract: string | null, section = 0): Paper {
  return {
    id,
    version: null,
    title: `Title of ${id}`,
    authors: ['A. Author'],
    comments: null,
    journalRef: null,
    subjects: [],
    primarySubject: null,
    abstract,
    section,
    crossListFrom: null,
    itemNumber: null,
  };
}

function listing(papers: Paper[]): Listing {
  return {
    category: 'cond-mat.mtrl-sci',
    categoryName: 'Materials Science',
    pageKind: 'recent',
    dateHeading: null,
    date: null,
    sections: [
      {
        kind: 'day',
        heading: 'Tue, 22 Sep 2026 (showing 3 of 3 entries )',
        date: '2026-09-22',
        shown: 3,
        total: 3,
        paging: 'all',
      },
    ],
    papers,
    skipped: [],
    paging: { total: 3, skip: 0, show: null },
    abstractsShown: false,
  };
}

describe('completing a listing with abstracts from the background', () => {
  it('shows what was read at once, then the abstracts found and the papers left title-only', async () => {
    const shown: PageStatus[] = [];
    const result = await completeListing(
      listing([
        paper('2609.00001', 'On the page.'),
        paper('2609.00002', null),
        paper('2609.00003', null),
      ]),
      {
        sendListing: async () => ({
          abstracts: { '2609.00002': 'From the API.' },
          titleOnly: {
            '2609.00003': 'arXiv API answered 503 — abstracts will be fetched on the next visit',
          },
          fetched: ['2609.00002'],
        }),
        render: (status) => shown.push(status),
      },
    );
    expect(shown.map((status) => status.abstracts)).toEqual([
      { state: 'fetching', missing: 2 },
      {
        state: 'done',
        fetched: 1,
        remembered: 0,
        titleOnly: 1,
        reason: 'arXiv API answered 503 — abstracts will be fetched on the next visit',
      },
    ]);
    expect(shown[0]?.sections).toEqual([{ kind: 'day', label: 'Tue, 22 Sep 2026: 3', count: 3 }]);
    expect(result.listing.papers.map((p) => p.abstract)).toEqual([
      'On the page.',
      'From the API.',
      null,
    ]);
    expect(Object.keys(result.titleOnly)).toEqual(['2609.00003']);
  });

  it('goes on title-only when the background cannot be reached', async () => {
    const shown: PageStatus[] = [];
    const result = await completeListing(listing([paper('2609.00002', null)]), {
      sendListing: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      render: (status) => shown.push(status),
    });
    expect(shown.at(-1)?.abstracts).toEqual({
      state: 'failed',
      missing: 1,
      reason: 'Could not establish connection. Receiving end does not exist.',
    });
    expect(result.titleOnly['2609.00002']).toContain('Receiving end');
  });

  it('renders once when every abstract is on the page', async () => {
    const shown: PageStatus[] = [];
    await completeListing(listing([paper('2609.00001', 'On the page.')]), {
      sendListing: async () => ({ abstracts: {}, titleOnly: {}, fetched: [] }),
      render: (status) => shown.push(status),
    });
    expect(shown).toHaveLength(1);
    expect(shown[0]?.abstracts).toEqual({ state: 'shown' });
  });
});

import { describe, expect, it } from 'vitest';
import type { AbstractFetcher, AbstractOutcome } from '../../lib/arxiv/abstract-fetcher';
import { takeInListing } from '../../lib/arxiv/listing-intake';
import type { PaperReading } from '../../lib/arxiv/types';
import { openSieveDb } from '../../lib/store/db';
import { getPapers } from '../../lib/store/papers';

let dbCount = 0;
const freshDb = () => openSieveDb(`intake-test-${++dbCount}`);

function paper(id: string, abstract: string | null): PaperReading {
  return {
    id,
    version: 1,
    title: `Title of ${id}`,
    authors: ['A. Author'],
    comments: null,
    journalRef: null,
    subjectsLine: 'Machine Learning (cs.LG); Statistics Theory (math.ST)',
    primarySubjectText: 'Machine Learning (cs.LG)',
    abstract,
    section: 0,
    crossListFrom: null,
    itemNumber: null,
  };
}

/** Answers from a table and records what it was asked. */
function fakeFetcher(outcomes: Record<string, AbstractOutcome>) {
  const asked: string[][] = [];
  const fetcher: AbstractFetcher = {
    lastRequestAt: null,
    getAbstracts: async (ids) => {
      asked.push([...ids]);
      return new Map(
        ids.map((id) => [
          id,
          outcomes[id] ?? { status: 'found', abstract: `API ${id}`, source: 'api' },
        ]),
      );
    },
  };
  return { fetcher, asked };
}

describe('taking in the papers a page listed', () => {
  it('stores every paper and asks only for the abstracts the page did not show', async () => {
    const db = await freshDb();
    const { fetcher, asked } = fakeFetcher({
      '2609.00003': {
        status: 'failed',
        failure: { kind: 'http', status: 503 },
        message: 'arXiv API answered 503',
      },
    });
    const answer = await takeInListing(
      [paper('2609.00001', 'Shown.'), paper('2609.00002', null), paper('2609.00003', null)],
      { db, fetcher, now: () => 1 },
    );
    expect(asked).toEqual([['2609.00002', '2609.00003']]);
    expect(answer).toEqual({
      abstracts: { '2609.00002': 'API 2609.00002' },
      titleOnly: { '2609.00003': 'arXiv API answered 503' },
      fetched: ['2609.00002'],
    });
    const stored = await getPapers(db, ['2609.00001', '2609.00002', '2609.00003']);
    expect(stored.get('2609.00001')).toMatchObject({
      abstract: 'Shown.',
      abstractSource: 'listing',
    });
    expect(stored.size).toBe(3);
  });

  it('makes no request when the page shows every abstract', async () => {
    const db = await freshDb();
    const { fetcher, asked } = fakeFetcher({});
    await takeInListing([paper('2609.00001', 'Shown.')], { db, fetcher, now: () => 1 });
    expect(asked).toEqual([]);
  });

  it('keeps an abstract a /new page showed when a /recent page lists the paper without it', async () => {
    const db = await freshDb();
    const { fetcher } = fakeFetcher({});
    await takeInListing([paper('2609.00001', 'Shown on /new.')], { db, fetcher, now: () => 1 });
    await takeInListing([paper('2609.00001', null)], { db, fetcher, now: () => 2 });
    const stored = await getPapers(db, ['2609.00001']);
    expect(stored.get('2609.00001')?.abstract).toBe('Shown on /new.');
  });

  it('stores the papers as parseListing gives them: the page sends its text as read', async () => {
    const db = await freshDb();
    const { fetcher, asked } = fakeFetcher({});
    const asRead = {
      ...paper('2609.00001', '\n   Shown\n   on two lines. '),
      title: '\n Title:  of\tit \n',
      authors: [' A.\u00a0Author ', ' '],
      subjectsLine: '\n  Statistics Theory (math.ST);\n  Machine   Learning (cs.LG) ',
    };
    await takeInListing([asRead, paper('2609.00002', ' \n ')], { db, fetcher, now: () => 1 });
    expect(asked).toEqual([['2609.00002']]);
    const stored = await getPapers(db, ['2609.00001']);
    expect(stored.get('2609.00001')).toMatchObject({
      title: 'Title: of it',
      authors: ['A. Author'],
      abstract: 'Shown on two lines.',
      categories: ['cs.LG', 'math.ST'],
      primaryCategory: 'cs.LG',
    });
  });
});

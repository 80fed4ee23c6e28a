import { describe, expect, it } from 'vitest';
import type { Paper } from '../../lib/arxiv/types';
import { clipPaper, PAPER_LIMITS } from '../../lib/messaging/limits';
import { PaperSchema } from '../../lib/messaging/schema';

const paper: Paper = {
  id: '2609.22268',
  version: 1,
  title: 'A title',
  authors: ['A. Author'],
  comments: null,
  journalRef: null,
  subjects: [{ code: 'cs.LG', name: 'Machine Learning' }],
  primarySubject: { code: 'cs.LG', name: 'Machine Learning' },
  abstract: 'Short.',
  section: 0,
  crossListFrom: null,
  itemNumber: 1,
};

describe('clipping a paper for the background', () => {
  it('leaves a real paper as it is', () => {
    expect(clipPaper(paper)).toEqual(paper);
  });

  it('brings absurd fields within the limits the background accepts', () => {
    const absurd: Paper = {
      ...paper,
      title: 't'.repeat(10_000),
      abstract: 'a'.repeat(50_000),
      comments: 'c'.repeat(30_000),
      authors: Array.from({ length: 6_000 }, () => 'n'.repeat(900)),
    };
    expect(PaperSchema.safeParse(absurd).success).toBe(false);
    const clipped = clipPaper(absurd);
    expect(PaperSchema.safeParse(clipped).success).toBe(true);
    expect(clipped.abstract).toHaveLength(PAPER_LIMITS.long);
    expect(clipped.abstract?.endsWith('…')).toBe(true);
  });

  it('clips text as the background keeps it: collapsed first, clipped only if still too long', () => {
    const spaced = 'word \n      '.repeat(300); // 3900 characters, 1499 once collapsed
    const clipped = clipPaper({ ...paper, title: spaced, authors: [`  ${'n'.repeat(499)}  `] });
    expect(clipped.title).toBe('word '.repeat(300).trim());
    expect(clipped.authors).toEqual(['n'.repeat(499)]);
    expect(clipPaper({ ...paper, title: 'word \n '.repeat(600) }).title).toBe(
      'word '.repeat(400).slice(0, PAPER_LIMITS.title - 1) + '…',
    );
  });
});

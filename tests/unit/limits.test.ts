import { describe, expect, it } from 'vitest';
import type { Paper, PaperReading } from '../../lib/arxiv/types';
import { clipPaper, clipReading, PAPER_LIMITS } from '../../lib/messaging/limits';
import { PaperReadingSchema, PaperSchema } from '../../lib/messaging/schema';

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

const reading: PaperReading = {
  id: '2609.22268',
  version: 1,
  title: '\n  A title\n',
  authors: [' A. Author'],
  comments: null,
  journalRef: null,
  abstract: 'Short.',
  section: 0,
  crossListFrom: null,
  itemNumber: 1,
  subjectsLine: '\n  Machine Learning (cs.LG)\n',
  primarySubjectText: 'Machine Learning (cs.LG)',
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
    const clipped = clipReading({ ...reading, title: spaced, authors: [`  ${'n'.repeat(499)}  `] });
    expect(clipped.title).toBe('word '.repeat(300).trim());
    expect(clipped.authors).toEqual(['n'.repeat(499)]);
    expect(clipReading({ ...reading, title: 'word \n '.repeat(600) }).title).toBe(
      'word '.repeat(400).slice(0, PAPER_LIMITS.title - 1) + '…',
    );
  });

  it('brings an absurd paper as read within the limits the background accepts', () => {
    const absurd: PaperReading = {
      ...reading,
      abstract: 'a'.repeat(50_000),
      subjectsLine: 's (x.Y); '.repeat(3_000),
      primarySubjectText: 'p'.repeat(30_000),
    };
    expect(PaperReadingSchema.safeParse(absurd).success).toBe(false);
    const clipped = clipReading(absurd);
    expect(PaperReadingSchema.safeParse(clipped).success).toBe(true);
    expect(clipped.subjectsLine).toHaveLength(PAPER_LIMITS.long);
    expect(clipReading(reading)).toEqual(reading);
  });
});

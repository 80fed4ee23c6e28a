import { describe, expect, it } from 'vitest';
import { digestJson, digestRecord } from '../../lib/digest/json';
import type { PublishedDigestJson } from '../../lib/digest/json';
import type { Digest, DigestPaper } from '../../lib/digest/types';
import {
  digestFromPublished,
  publishedJson,
  publishedJsonBytes,
  PUBLISHED_DATES,
} from '../support/published-digest';

const AUTHOR_MATCH: DigestPaper = {
  rank: 1,
  id: '2510.00001',
  title: 'T',
  authors: ['A'],
  abstract: null,
  comment: 'Author match: A',
  relevance: null,
  novelty: null,
  authorMatch: true,
  matchedAuthor: 'A',
  titleOnly: true,
};

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    date: '2025-10-16',
    pages: [{ url: 'https://arxiv.org/list/cs.LG/new', category: 'cs.LG', listingDate: null }],
    model: 'gpt-5',
    tokens: { prompt: 1000, cachedPrompt: 400, completion: 500, reasoning: 300 },
    cost: { prompt: 0.004, completion: 0.0051, total: 0.0091, priced: true },
    totals: { onPage: 10, scanned: 8, relevant: 1 },
    papers: [AUTHOR_MATCH],
    selectionPrompt: { system: 's', user: 'u' },
    ...overrides,
  };
}

describe('digestJson', () => {
  it.each(PUBLISHED_DATES)('writes %s byte for byte as published', (date) => {
    const json = digestJson(digestFromPublished(publishedJson(date)));
    expect(Buffer.from(json, 'utf8').equals(publishedJsonBytes(date))).toBe(true);
  });

  it.each(PUBLISHED_DATES)('round-trips %s through a Digest', (date) => {
    const once = digestFromPublished(publishedJson(date));
    const again = digestFromPublished(JSON.parse(digestJson(once)) as PublishedDigestJson);
    expect(again).toEqual(once);
  });

  it('keeps the published keys, in their order, and nothing else', () => {
    const published = publishedJson('2025-10-14');
    const record = digestRecord(digest());
    expect(Object.keys(record)).toEqual(Object.keys(published));
    expect(Object.keys(record.tokens)).toEqual(Object.keys(published.tokens));
    expect(Object.keys(record.costUsd)).toEqual(Object.keys(published.costUsd));
    expect(Object.keys(record.prompt)).toEqual(Object.keys(published.prompt));
    expect(Object.keys(record.papers[0] ?? {})).toEqual(Object.keys(published.papers[0] ?? {}));
  });

  it('writes totals, cents and a missing abstract the way the published files have them', () => {
    expect(digestRecord(digest())).toEqual({
      date: '2025-10-16',
      model: 'gpt-5',
      tokens: { prompt: 1000, completion: 500, total: 1500 },
      // Rounded as the Markdown prints them; the total from the unrounded parts.
      costUsd: { prompt: 0, completion: 0.01, total: 0.01 },
      totalPapers: 10,
      scannedPapers: 8,
      relevantPapers: 1,
      prompt: { system: 's', user: 'u' },
      papers: [
        {
          rank: 1,
          title: 'T',
          id: '2510.00001',
          authors: ['A'],
          abstract: '',
          comment: 'Author match: A',
          relevance: null,
          novelty: null,
          authorMatch: true,
        },
      ],
    });
  });

  it('writes an unknown cost as null rather than a short figure', () => {
    const cost = { prompt: 0.5, completion: 1, total: 1.5, priced: false };
    expect(digestRecord(digest({ cost })).costUsd).toEqual({
      prompt: null,
      completion: null,
      total: null,
    });
  });

  it('writes hostile text as data: JSON escapes it, nothing is rewritten', () => {
    const title = '<script>alert("x")</script> [a](javascript:b)\n';
    const json = digestJson(digest({ papers: [{ ...AUTHOR_MATCH, title }] }));
    expect((JSON.parse(json) as PublishedDigestJson).papers[0]?.title).toBe(title);
  });
});

/**
 * The published pipeline's digests (shared/fixtures/digests): each day's Markdown as readers got
 * it, the same day as JSON, and that JSON read into Paper Sieve's `Digest`, so the exports can be
 * checked against the files they must reproduce.
 */
import { readFileSync } from 'node:fs';
import type { Digest } from '../../lib/digest/types';
import type { PublishedDigestJson } from '../../lib/digest/json';
import { sharedFixturePath } from './fixtures.ts';

/** The days whose digests are in the shared fixtures. */
export const PUBLISHED_DATES = ['2025-09-30', '2025-10-14', '2025-10-16'] as const;
export type PublishedDate = (typeof PUBLISHED_DATES)[number];

/** The day's Markdown file, byte for byte. */
export function publishedMarkdownBytes(date: PublishedDate): Buffer {
  return readFileSync(sharedFixturePath(`digests/${date}-digest.md`));
}

/** The day's JSON file, byte for byte. */
export function publishedJsonBytes(date: PublishedDate): Buffer {
  return readFileSync(sharedFixturePath(`digests/${date}.json`));
}

/** The day's JSON file, parsed. */
export function publishedJson(date: PublishedDate): PublishedDigestJson {
  return JSON.parse(publishedJsonBytes(date).toString('utf8')) as PublishedDigestJson;
}

/**
 * A published day as a `Digest`. What the files do not hold is filled in neutrally: no cached or
 * reasoning tokens, no pages, no matched name. Their costs are already rounded to the cent.
 */
export function digestFromPublished(json: PublishedDigestJson): Digest {
  const { costUsd } = json;
  return {
    date: json.date,
    pages: [],
    model: json.model,
    tokens: {
      prompt: json.tokens.prompt,
      cachedPrompt: 0,
      completion: json.tokens.completion,
      reasoning: 0,
    },
    cost: {
      prompt: costUsd.prompt ?? 0,
      completion: costUsd.completion ?? 0,
      total: costUsd.total ?? 0,
      priced: costUsd.prompt !== null && costUsd.completion !== null && costUsd.total !== null,
    },
    totals: {
      onPage: json.totalPapers,
      scanned: json.scannedPapers,
      relevant: json.relevantPapers,
    },
    papers: json.papers.map((paper) => ({
      rank: paper.rank,
      id: paper.id,
      title: paper.title,
      authors: paper.authors,
      abstract: paper.abstract,
      comment: paper.comment,
      relevance: paper.relevance,
      novelty: paper.novelty,
      authorMatch: paper.authorMatch,
    })),
    selectionPrompt: json.prompt,
  };
}

import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../lib/digest/build';
import type { DigestInput } from '../../lib/digest/build';
import { digestMarkdown } from '../../lib/digest/markdown';
import { selectionPromptFor } from '../../lib/digest/selection-prompt';
import { DEFAULT_CRITERIA, SYSTEM_PROMPT } from '../../lib/llm/default-criteria';
import { MODEL_PRICES } from '../../lib/llm/prices';
import type { Price } from '../../lib/llm/prices';
import type { TokenUsage } from '../../lib/llm/types';
import type { Judgement } from '../../lib/scoring/types';
import type { RunRecord, StoredPaper } from '../../lib/store/db';
import {
  publishedJson,
  publishedMarkdownBytes,
  PUBLISHED_DATES,
} from '../support/published-digest';

const CRITERIA = 'c1';
const MODEL = 'gpt-5';
const GPT_5 = MODEL_PRICES['gpt-5'] ?? null;
const THRESHOLDS = { minRelevance: 8, minNovelty: 7 };
const NO_TOKENS: TokenUsage = { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 };

function storedPaper(id: string, overrides: Partial<StoredPaper> = {}): StoredPaper {
  return {
    id,
    version: 1,
    title: `Title ${id}`,
    authors: [`Author ${id}`],
    abstract: `Abstract ${id}`,
    abstractSource: 'listing',
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    updatedAt: 0,
    ...overrides,
  };
}

function scored(
  paperId: string,
  relevance: number,
  novelty: number,
  extra: Partial<Judgement> = {},
): Judgement {
  return {
    paperId,
    criteriaHash: CRITERIA,
    model: MODEL,
    kind: 'scored',
    relevance,
    novelty,
    comment: `Comment ${paperId}`,
    titleOnly: false,
    usage: NO_TOKENS,
    costUsd: 0,
    judgedAt: 0,
    ...extra,
  };
}

function authorMatch(paperId: string, name: string): Judgement {
  return scored(paperId, 0, 0, {
    kind: 'author-match',
    relevance: null,
    novelty: null,
    comment: `Author match: ${name}`,
  });
}

function run(paperIds: string[] | undefined, overrides: Partial<RunRecord> = {}): RunRecord {
  const pageUrl = overrides.pageUrl ?? 'https://arxiv.org/list/cs.LG/new';
  return {
    id: `2025-10-16|${pageUrl}`,
    date: '2025-10-16',
    pageUrl,
    category: 'cs.LG',
    pageKind: 'new',
    listingDate: '2025-10-16',
    ...(paperIds === undefined ? {} : { paperIds }),
    startedAt: 1,
    updatedAt: 1,
    criteriaHash: CRITERIA,
    model: MODEL,
    counts: {
      onPage: paperIds?.length ?? 0,
      scanned: 0,
      authorMatches: 0,
      relevant: 0,
      titleOnly: 0,
      errors: 0,
    },
    tokens: NO_TOKENS,
    costUsd: 0,
    calls: 0,
    ...overrides,
  };
}

function input(overrides: Partial<DigestInput>): DigestInput {
  const runs = overrides.runs ?? [];
  return {
    date: '2025-10-16',
    runs,
    papers: runs.flatMap((r) => r.paperIds ?? []).map((id) => storedPaper(id)),
    judgements: [],
    authorMatches: new Map(),
    thresholds: THRESHOLDS,
    selectionPrompt: { system: 'system', user: 'user' },
    priceOf: () => GPT_5,
    ...overrides,
  };
}

function ids(digest: { papers: { id: string }[] }): string[] {
  return digest.papers.map((paper) => paper.id);
}

describe('buildDigest ranking', () => {
  it('keeps papers at both thresholds, ranked by relevance + novelty, then relevance', () => {
    const digest = buildDigest(
      input({
        runs: [run(['a', 'b', 'c', 'd', 'e', 'f'])],
        judgements: [
          scored('a', 8, 7),
          scored('b', 9, 9),
          scored('c', 7, 10), // relevance below the threshold
          scored('d', 10, 6), // novelty below the threshold
          scored('e', 8, 9), // same sum as f, lower relevance
          scored('f', 9, 8),
        ],
      }),
    );
    expect(ids(digest)).toEqual(['b', 'f', 'e', 'a']);
    expect(digest.papers.map((paper) => paper.rank)).toEqual([1, 2, 3, 4]);
  });

  it('breaks ties by page order, as the runs list the papers', () => {
    const papers = ['x', 'y', 'z'].map((id) => storedPaper(id));
    const digest = buildDigest(
      input({
        runs: [run(['z', 'x', 'y'])],
        papers,
        judgements: [scored('x', 9, 8), scored('y', 9, 8), scored('z', 9, 8)],
      }),
    );
    expect(ids(digest)).toEqual(['z', 'x', 'y']);
  });

  it('puts author matches first, kept whatever their scores', () => {
    const digest = buildDigest(
      input({
        runs: [run(['a', 'b', 'c', 'd'])],
        judgements: [scored('a', 10, 10), authorMatch('b', 'Yoshua Bengio'), scored('c', 3, 2)],
        authorMatches: new Map([
          ['b', 'Yoshua Bengio'],
          ['c', 'Geoffrey Hinton'],
        ]),
      }),
    );
    // Among matches the scores still order: the one scored before its author was followed first.
    expect(ids(digest)).toEqual(['c', 'b', 'a']);
    expect(digest.papers[0]).toMatchObject({
      authorMatch: true,
      matchedAuthor: 'Geoffrey Hinton',
      comment: 'Comment c',
      relevance: 3,
      novelty: 2,
    });
    expect(digest.papers[1]).toMatchObject({
      authorMatch: true,
      matchedAuthor: 'Yoshua Bengio',
      comment: 'Author match: Yoshua Bengio',
      relevance: null,
      novelty: null,
    });
    expect(digest.papers[2]).toMatchObject({ authorMatch: false, matchedAuthor: null });
  });

  it('lists an author match the scoring has not reached yet', () => {
    const digest = buildDigest(
      input({ runs: [run(['a'])], authorMatches: new Map([['a', 'Ada Lovelace']]) }),
    );
    expect(digest.papers).toEqual([
      expect.objectContaining({
        id: 'a',
        authorMatch: true,
        comment: 'Author match: Ada Lovelace',
      }),
    ]);
  });

  it('carries the stored title, authors, abstract and title-only mark', () => {
    const digest = buildDigest(
      input({
        runs: [run(['a'])],
        papers: [storedPaper('a', { title: 'T', authors: ['A', 'B'], abstract: null })],
        judgements: [scored('a', 9, 9, { titleOnly: true })],
      }),
    );
    expect(digest.papers[0]).toEqual({
      rank: 1,
      id: 'a',
      title: 'T',
      authors: ['A', 'B'],
      abstract: null,
      comment: 'Comment a',
      relevance: 9,
      novelty: 9,
      authorMatch: false,
      matchedAuthor: null,
      titleOnly: true,
    });
  });

  it("uses each paper's judgement under the latest run's criteria and model", () => {
    const earlier = run(['a', 'b'], { startedAt: 1, model: 'gpt-5-mini', criteriaHash: 'old' });
    const later = run(['a', 'b'], {
      startedAt: 2,
      pageUrl: 'https://arxiv.org/list/cs.AI/new',
      category: 'cs.AI',
    });
    const digest = buildDigest(
      input({
        // Given latest first: the digest orders runs by when they started.
        runs: [later, earlier],
        judgements: [
          scored('a', 2, 2), // the latest run judged it again: dropped
          scored('a', 9, 9, { model: 'gpt-5-mini', criteriaHash: 'old' }),
          scored('b', 9, 9, { model: 'gpt-5-mini', criteriaHash: 'old' }), // not judged again
          scored('b', 10, 10, { criteriaHash: 'no run used these' }),
        ],
      }),
    );
    expect(ids(digest)).toEqual(['b']);
    expect(digest.model).toBe('gpt-5-mini → gpt-5');
    expect(digest.pages.map((page) => page.category)).toEqual(['cs.LG', 'cs.AI']);
  });
});

describe('buildDigest totals', () => {
  it('counts distinct papers on the pages, the scored ones, and the kept ones', () => {
    const digest = buildDigest(
      input({
        runs: [
          run(['a', 'b', 'c'], { startedAt: 1 }),
          run(['c', 'd'], { startedAt: 2, pageUrl: 'https://arxiv.org/list/cs.AI/new' }),
          // Recorded before runs kept their papers: only its count is known.
          run(undefined, {
            startedAt: 3,
            pageUrl: 'https://arxiv.org/list/stat.ML/new',
            counts: {
              onPage: 7,
              scanned: 0,
              authorMatches: 0,
              relevant: 0,
              titleOnly: 0,
              errors: 0,
            },
          }),
        ],
        judgements: [scored('a', 9, 9), scored('b', 1, 1), authorMatch('c', 'X')],
      }),
    );
    expect(digest.totals).toEqual({ onPage: 4 + 7, scanned: 2, relevant: 2 });
  });

  it('names the pages, with the category names the caller knows', () => {
    const digest = buildDigest(
      input({
        runs: [run([])],
        categoryNames: new Map([['cs.LG', 'Machine Learning']]),
      }),
    );
    expect(digest.pages).toEqual([
      {
        url: 'https://arxiv.org/list/cs.LG/new',
        category: 'cs.LG',
        categoryName: 'Machine Learning',
        listingDate: '2025-10-16',
      },
    ]);
  });
});

describe('buildDigest cost', () => {
  const tokens = (prompt: number, cachedPrompt: number, completion: number): TokenUsage => ({
    prompt,
    cachedPrompt,
    completion,
    reasoning: 0,
  });

  it('sums tokens and splits cost: cached prompt tokens at the cached price', () => {
    const digest = buildDigest(
      input({
        runs: [
          run([], { tokens: tokens(600_000, 400_000, 60_000) }),
          run([], {
            pageUrl: 'https://arxiv.org/list/cs.AI/new',
            tokens: tokens(400_000, 0, 40_000),
          }),
        ],
      }),
    );
    expect(digest.tokens).toEqual(tokens(1_000_000, 400_000, 100_000));
    // gpt-5: $1.25 per million prompt tokens, $0.125 cached, $10 completion.
    expect(digest.cost.prompt).toBeCloseTo(0.6 * 1.25 + 0.4 * 0.125, 12);
    expect(digest.cost.completion).toBeCloseTo(1, 12);
    expect(digest.cost.total).toBeCloseTo(1.8, 12);
    expect(digest.cost.priced).toBe(true);
  });

  it("prices each run at its own model's price", () => {
    const prices: Record<string, Price> = {
      a: { input: 1, cachedInput: 0, output: 2 },
      b: { input: 10, cachedInput: 0, output: 20 },
    };
    const digest = buildDigest(
      input({
        runs: [
          run([], { model: 'a', tokens: tokens(1_000_000, 0, 1_000_000) }),
          run([], { model: 'b', pageUrl: 'p2', tokens: tokens(1_000_000, 0, 1_000_000) }),
        ],
        priceOf: (model) => prices[model] ?? null,
      }),
    );
    expect(digest.cost).toEqual({ prompt: 11, completion: 22, total: 33, priced: true });
  });

  it('marks the cost unpriced when a model has no known price, counting the priced runs only', () => {
    const digest = buildDigest(
      input({
        runs: [
          run([], { tokens: tokens(1_000_000, 0, 0) }),
          run([], { model: 'mystery', pageUrl: 'p2', tokens: tokens(5_000_000, 0, 5_000_000) }),
        ],
        priceOf: (model) => (model === MODEL ? GPT_5 : null),
      }),
    );
    expect(digest.cost).toEqual({ prompt: 1.25, completion: 0, total: 1.25, priced: false });
  });

  it('costs nothing and is priced when there are no runs', () => {
    const digest = buildDigest(input({ runs: [] }));
    expect(digest.cost).toEqual({ prompt: 0, completion: 0, total: 0, priced: true });
    expect(digest.totals).toEqual({ onPage: 0, scanned: 0, relevant: 0 });
  });
});

describe('a published day rebuilt from store records', () => {
  // The day's records as the store would hold them: the published papers with their judgements,
  // papers the model scored below the thresholds, and papers nobody asked about, one page listing
  // them all with the rest interleaved between the published ones. gpt-5's list price and no
  // cached tokens give back the published costs.
  it.each(PUBLISHED_DATES)('%s prints as published', (date) => {
    const published = publishedJson(date);
    const kept = published.papers;
    const scoredKept = kept.filter((paper) => !paper.authorMatch).length;
    const rejected = Array.from(
      { length: published.scannedPapers - scoredKept },
      (_, i) => `r${i}`,
    );
    const unasked = Array.from(
      { length: published.totalPapers - published.scannedPapers - (kept.length - scoredKept) },
      (_, i) => `u${i}`,
    );
    const others = [...rejected, ...unasked];
    const pageOrder = kept.flatMap((paper, i) => [others[i] ?? [], paper.id].flat());
    pageOrder.push(...others.slice(kept.length));

    const digest = buildDigest(
      input({
        date,
        runs: [
          run(pageOrder, {
            tokens: {
              ...NO_TOKENS,
              prompt: published.tokens.prompt,
              completion: published.tokens.completion,
            },
          }),
        ],
        papers: [
          ...kept.map((paper) =>
            storedPaper(paper.id, {
              title: paper.title,
              authors: paper.authors,
              abstract: paper.abstract,
            }),
          ),
          ...others.map((id) => storedPaper(id)),
        ],
        judgements: [
          ...kept.map((paper) =>
            paper.authorMatch
              ? { ...authorMatch(paper.id, ''), comment: paper.comment }
              : scored(paper.id, paper.relevance ?? 0, paper.novelty ?? 0, {
                  comment: paper.comment,
                }),
          ),
          ...rejected.map((id) => scored(id, 5, 5)),
        ],
        selectionPrompt: published.prompt,
      }),
    );
    expect(digestMarkdown(digest)).toBe(publishedMarkdownBytes(date).toString('utf8'));
  });
});

describe('selectionPromptFor', () => {
  it("is Paper Sieve's own prompt, the paper list replaced as the published digests replace it", () => {
    const prompt = selectionPromptFor(DEFAULT_CRITERIA, 'text');
    expect(prompt.system).toBe(SYSTEM_PROMPT);
    expect(prompt.user.startsWith('## Instructions\n\n')).toBe(true);
    expect(prompt.user).toContain(DEFAULT_CRITERIA.trim());
    expect(prompt.user.endsWith('\n\n## Papers\n\n[PAPER LIST HERE]')).toBe(true);
  });

  it('prints its paper-block markers as text in the Markdown', () => {
    const selectionPrompt = selectionPromptFor('Sparse models.', 'json-schema');
    const markdown = digestMarkdown(buildDigest(input({ selectionPrompt })));
    expect(markdown).toContain('&lt;paper id="…">');
    expect(markdown).not.toMatch(/<paper/);
  });
});

/**
 * The digest replay's own tests: the derived listing pages read as arXiv pages holding the
 * digest's papers, and the fake OpenAI server, driven by the official SDK, answers the papers of
 * such a page with the labels the published pipeline gave them. No browser needed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { parseListing } from '../../lib/arxiv/listing.ts';
import type { Paper } from '../../lib/arxiv/types.ts';
import {
  DIGEST_DATES,
  UNLISTED_SCORE,
  arxivIdsIn,
  digestReplayHandler,
  loadDigest,
} from '../support/digest-replay.ts';
import type { Digest, DigestAnswer } from '../support/digest-replay.ts';
import { countPromptTokens, countTokens, startFakeOpenAI } from '../support/fake-openai.ts';
import type { FakeOpenAI } from '../support/fake-openai.ts';
import { derivedFixture, htmlDocument } from '../support/fixtures.ts';

const KEY = 'sk-test-digest-replay';

/** The schema a structured-output scoring call asks for. */
const ANSWER_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'paper_scores',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['papers'],
      properties: {
        papers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ARXIVID', 'COMMENT', 'RELEVANCE', 'NOVELTY'],
            properties: {
              ARXIVID: { type: 'string' },
              COMMENT: { type: 'string' },
              RELEVANCE: { type: 'integer' },
              NOVELTY: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

function derivedPage(digest: Digest): Paper[] {
  const html = derivedFixture(`list-cs.LG-new-derived-from-digest-${digest.date}.html`);
  const listing = parseListing(htmlDocument(html), 'https://arxiv.org/list/cs.LG/new');
  if (!listing) throw new Error(`derived page of ${digest.date} did not parse`);
  return listing.papers;
}

/** The pipeline's own prompt with a paper list in its format, as a page's batch would fill it. */
function pipelineMessages(
  digest: Digest,
  papers: readonly Pick<Paper, 'id' | 'title' | 'abstract'>[],
) {
  const list = papers
    .map(
      (paper) => `ArXiv ID: ${paper.id}\nTitle: ${paper.title}\nAbstract: ${paper.abstract ?? ''}`,
    )
    .join('\n\n');
  return [
    { role: 'system' as const, content: digest.prompt.system },
    { role: 'user' as const, content: digest.prompt.user.replace('[PAPER LIST HERE]', list) },
  ];
}

function parseJsonLines(content: string): DigestAnswer[] {
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DigestAnswer);
}

/** What the digest says of a paper it scored: the labels the replay must carry. */
function digestLabels(digest: Digest): Map<string, Omit<DigestAnswer, 'ARXIVID'>> {
  const labels = new Map<string, Omit<DigestAnswer, 'ARXIVID'>>();
  for (const paper of digest.papers) {
    if (paper.relevance === null || paper.novelty === null) continue;
    labels.set(paper.id, {
      COMMENT: paper.comment,
      RELEVANCE: paper.relevance,
      NOVELTY: paper.novelty,
    });
  }
  return labels;
}

describe('derived digest pages', () => {
  it.each(DIGEST_DATES)('%s lists the digest’s papers in arXiv id order, as cs.LG /new', (date) => {
    const digest = loadDigest(date);
    const html = derivedFixture(`list-cs.LG-new-derived-from-digest-${date}.html`);
    expect(html.startsWith('<!-- DERIVED FIXTURE, not served by arXiv.')).toBe(true);
    expect(html).toContain(`../shared/fixtures/digests/${date}.json`);
    const listing = parseListing(htmlDocument(html), 'https://arxiv.org/list/cs.LG/new');
    expect(listing).toMatchObject({
      category: 'cs.LG',
      categoryName: 'Machine Learning',
      pageKind: 'new',
      date,
      abstractsShown: true,
      skipped: [],
    });
    const ids = listing?.papers.map((paper) => paper.id) ?? [];
    const digestIds = digest.papers.map((paper) => paper.id);
    expect(ids).toEqual([...digestIds].sort());
    expect(listing?.sections.map((section) => [section.kind, section.shown])).toEqual([
      ['new', digestIds.length],
    ]);
    const byId = new Map(digest.papers.map((paper) => [paper.id, paper]));
    for (const paper of listing?.papers ?? []) {
      const source = byId.get(paper.id);
      expect(paper.primarySubject).toEqual({ code: 'cs.LG', name: 'Machine Learning' });
      expect(paper.authors).toHaveLength(source?.authors.length ?? -1);
      expect(paper.abstract?.length).toBeGreaterThan(0);
    }
  });

  it('prints TeX accents as letters and escapes what HTML would read as markup', () => {
    const papers = derivedPage(loadDigest('2025-09-30'));
    const authors = papers.flatMap((paper) => paper.authors);
    expect(authors).toContain('Lenka Zdeborová');
    expect(authors.some((author) => author.includes('\\'))).toBe(false);
    const html = derivedFixture('list-cs.LG-new-derived-from-digest-2025-09-30.html');
    expect(html).not.toMatch(/<p class='mathjax'>[^<]*<(?!\/p>)/);
  });
});

describe('digest replay through the fake OpenAI server', () => {
  let llm: FakeOpenAI;
  let client: OpenAI;
  beforeAll(async () => {
    llm = await startFakeOpenAI({ expectedKey: KEY });
    client = new OpenAI({ apiKey: KEY, baseURL: llm.url, maxRetries: 0, timeout: 10_000 });
  });
  afterEach(() => llm.reset());
  afterAll(() => llm.close());

  it.each(DIGEST_DATES)(
    '%s: a derived page’s papers get the digest’s labels as JSON lines',
    async (date) => {
      const digest = loadDigest(date);
      llm.setHandler(digestReplayHandler(digest));
      const papers = derivedPage(digest);
      const completion = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: pipelineMessages(digest, papers),
      });
      const content = completion.choices[0]?.message.content ?? '';
      const answers = parseJsonLines(content);
      expect(answers.map((answer) => answer.ARXIVID)).toEqual(papers.map((paper) => paper.id));
      const labels = digestLabels(digest);
      for (const answer of answers) {
        const { ARXIVID, ...given } = answer;
        expect(given).toEqual(labels.get(ARXIVID) ?? unlisted());
      }
      const request = llm.completions[0]?.chat;
      expect(completion.usage).toMatchObject({
        prompt_tokens: request ? countPromptTokens(request) : -1,
        completion_tokens: countTokens(content),
      });
    },
  );

  it('answers a json_schema request with one {"papers": [...]} object', async () => {
    const digest = loadDigest('2025-10-16');
    llm.setHandler(digestReplayHandler(digest));
    const scored = digest.papers.filter((paper) => paper.relevance !== null).slice(0, 5);
    const completion = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: pipelineMessages(digest, scored),
      response_format: ANSWER_FORMAT,
    });
    const content = completion.choices[0]?.message.content ?? '';
    const parsed = JSON.parse(content) as { papers: DigestAnswer[] };
    expect(parsed.papers).toEqual(
      scored.map((paper) => ({
        ARXIVID: paper.id,
        COMMENT: paper.comment,
        RELEVANCE: paper.relevance,
        NOVELTY: paper.novelty,
      })),
    );
    expect(content).toContain('"papers":[{"ARXIVID":');
    expect(completion.usage?.completion_tokens).toBe(countTokens(content));
  });

  it('answers only the papers asked, versions dropped, unknown ones with a low score', async () => {
    const digest = loadDigest('2025-10-14');
    llm.setHandler(digestReplayHandler(digest));
    const [best, second] = digest.papers.filter((paper) => paper.relevance !== null);
    const content = `Score these papers.\n[1] ${best?.id}v2 ${best?.title}\n[2] 2510.00001\n[3] ${second?.id}`;
    const completion = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [
        { role: 'user', content: `Earlier batch: ${digest.papers.at(-1)?.id}` },
        { role: 'assistant', content: 'Done.' },
        { role: 'user', content },
      ],
    });
    const answers = parseJsonLines(completion.choices[0]?.message.content ?? '');
    expect(answers).toEqual([
      {
        ARXIVID: best?.id,
        COMMENT: best?.comment,
        RELEVANCE: best?.relevance,
        NOVELTY: best?.novelty,
      },
      { ARXIVID: '2510.00001', ...unlisted() },
      {
        ARXIVID: second?.id,
        COMMENT: second?.comment,
        RELEVANCE: second?.relevance,
        NOVELTY: second?.novelty,
      },
    ]);
  });

  it('answers author matches, which the pipeline never scored, as told', async () => {
    const digest = loadDigest('2025-10-14');
    const match = digest.papers.find((paper) => paper.authorMatch);
    expect(match).toMatchObject({ comment: 'Author match', relevance: null, novelty: null });
    const ask = async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: pipelineMessages(digest, match ? [match] : []),
      });
      return parseJsonLines(completion.choices[0]?.message.content ?? '');
    };
    llm.setHandler(digestReplayHandler(digest));
    expect(await ask()).toEqual([{ ARXIVID: match?.id, ...unlisted() }]);
    llm.setHandler(
      digestReplayHandler(digest, { authorMatchScore: { relevance: 10, novelty: 7 } }),
    );
    expect(await ask()).toEqual([
      { ARXIVID: match?.id, COMMENT: 'Author match', RELEVANCE: 10, NOVELTY: 7 },
    ]);
  });

  it('reads the asked ids from content parts too', async () => {
    const digest = loadDigest('2025-09-30');
    llm.setHandler(digestReplayHandler(digest));
    const paper = digest.papers[0];
    const completion = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: `ArXiv ID: ${paper?.id}` }] }],
    });
    expect(parseJsonLines(completion.choices[0]?.message.content ?? '')).toEqual([
      {
        ARXIVID: paper?.id,
        COMMENT: paper?.comment,
        RELEVANCE: paper?.relevance,
        NOVELTY: paper?.novelty,
      },
    ]);
  });
});

describe('arxivIdsIn', () => {
  it.each([
    ['ArXiv ID: 2510.09660\nArXiv ID: 2509.1234', ['2510.09660', '2509.1234']],
    ['arXiv:2510.09660v3 and again 2510.09660', ['2510.09660']],
    ['hep-th/9901001v2, math.GT/0309136', ['hep-th/9901001', 'math.GT/0309136']],
    ['not ids: 12510.09660, 2510.096601, 3.14159, 2160x3840', []],
  ])('%j → %j', (text, ids) => {
    expect(arxivIdsIn(text)).toEqual(ids);
  });
});

function unlisted(): Omit<DigestAnswer, 'ARXIVID'> {
  return {
    COMMENT: UNLISTED_SCORE.comment,
    RELEVANCE: UNLISTED_SCORE.relevance,
    NOVELTY: UNLISTED_SCORE.novelty,
  };
}

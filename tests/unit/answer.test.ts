import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  answerJsonSchema,
  answerResponseFormat,
  AnswerSchema,
  parseAnswer,
} from '../../lib/llm/answer';
import type { AnswerProblemKind } from '../../lib/llm/answer';
import type { PaperScore } from '../../lib/llm/types';

const DIGESTS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/digests',
);

interface DigestPaper {
  id: string;
  comment: string;
  relevance: number;
  novelty: number;
}

function digestScores(date: string): PaperScore[] {
  const digest = JSON.parse(readFileSync(resolve(DIGESTS, `${date}.json`), 'utf8')) as {
    papers: DigestPaper[];
  };
  return digest.papers.map(({ id, comment, relevance, novelty }) => ({
    id,
    comment,
    relevance,
    novelty,
  }));
}

/** One entry as the pipeline asked the model to write it. */
function entry(score: PaperScore): string {
  return JSON.stringify({
    ARXIVID: score.id,
    COMMENT: score.comment,
    RELEVANCE: score.relevance,
    NOVELTY: score.novelty,
  });
}

/** The pipeline's answer format: one JSON object per line. */
function jsonl(scores: PaperScore[]): string {
  return scores.map(entry).join('\n');
}

const REAL = digestScores('2025-10-16');
const [A, B, C] = REAL as [PaperScore, PaperScore, PaperScore];
const BATCH = [A.id, B.id, C.id];
const ALL = [A, B, C];

interface Case {
  name: string;
  text: string;
  batch: string[];
  scores: PaperScore[];
  missing: string[];
  problems: AnswerProblemKind[];
}

const cases: Case[] = [
  {
    name: 'the pipeline’s JSONL, real comments and scores of 2025-10-16',
    text: jsonl(ALL),
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'structured output {"papers":[…]}',
    text: JSON.stringify({ papers: ALL.map((score) => JSON.parse(entry(score)) as unknown) }),
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'structured output, pretty-printed and answered out of order',
    text: JSON.stringify(
      { papers: [C, A, B].map((score) => JSON.parse(entry(score)) as unknown) },
      null,
      2,
    ),
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'a bare JSON array',
    text: `[${ALL.map(entry).join(',\n')}]`,
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'JSONL in a ```json fence with prose before and after',
    text: `Here are my assessments:\n\n\`\`\`json\n${jsonl(ALL)}\n\`\`\`\n\nLet me know if you need more.`,
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'a fenced object with trailing commas',
    text: `\`\`\`json\n{"papers": [\n${ALL.map((score) => `${entry(score).slice(0, -1)},}`).join(',\n')},\n],}\n\`\`\``,
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'an object in prose that also quotes the format in braces',
    text: `The format is {ARXIVID, COMMENT, RELEVANCE, NOVELTY}. Result: {"papers": [${entry(A)}]} Done.`,
    batch: [A.id],
    scores: [A],
    missing: [],
    problems: [],
  },
  {
    name: 'a local reasoning model’s <think> drafts before the answer',
    text: `<think>\nDraft: {"ARXIVID": "${A.id}", "COMMENT": "?", "RELEVANCE": 3, "NOVELTY": 3}\n</think>\n${jsonl(ALL)}`,
    batch: BATCH,
    scores: ALL,
    missing: [],
    problems: [],
  },
  {
    name: 'key case variants: arxivid, ArxivId, arxiv_id, id',
    text: [
      `{"arxivid": "${A.id}", "comment": "x", "relevance": 9, "novelty": 8}`,
      `{"ArxivId": "${B.id}", "Comment": "y", "Relevance": 7, "Novelty": 6}`,
      `{"arxiv_id": "${C.id}", "COMMENT": "z", "relevance_score": 5, "novelty_score": 4}`,
      `{"id": "2510.11789", "comments": "w", "RELEVANCE": 3, "NOVELTY": 2}`,
    ].join('\n'),
    batch: [...BATCH, '2510.11789'],
    scores: [
      { id: A.id, comment: 'x', relevance: 9, novelty: 8 },
      { id: B.id, comment: 'y', relevance: 7, novelty: 6 },
      { id: C.id, comment: 'z', relevance: 5, novelty: 4 },
      { id: '2510.11789', comment: 'w', relevance: 3, novelty: 2 },
    ],
    missing: [],
    problems: [],
  },
  {
    name: 'scores written as strings: "8", "8/10", " 9 ", "7.0"',
    text: [
      `{"ARXIVID": "${A.id}", "COMMENT": "x", "RELEVANCE": "8", "NOVELTY": "8/10"}`,
      `{"ARXIVID": "${B.id}", "COMMENT": "y", "RELEVANCE": " 9 ", "NOVELTY": "7.0"}`,
    ].join('\n'),
    batch: [A.id, B.id],
    scores: [
      { id: A.id, comment: 'x', relevance: 8, novelty: 8 },
      { id: B.id, comment: 'y', relevance: 9, novelty: 7 },
    ],
    missing: [],
    problems: [],
  },
  {
    name: 'ids with arXiv: prefix, version suffix, as a link',
    text: [
      `{"ARXIVID": "arXiv:${A.id}", "COMMENT": "x", "RELEVANCE": 9, "NOVELTY": 8}`,
      `{"ARXIVID": "${B.id}v2", "COMMENT": "y", "RELEVANCE": 7, "NOVELTY": 6}`,
      `{"ARXIVID": "https://arxiv.org/abs/${C.id}v1", "COMMENT": "z", "RELEVANCE": 5, "NOVELTY": 4}`,
    ].join('\n'),
    batch: BATCH,
    scores: [
      { id: A.id, comment: 'x', relevance: 9, novelty: 8 },
      { id: B.id, comment: 'y', relevance: 7, novelty: 6 },
      { id: C.id, comment: 'z', relevance: 5, novelty: 4 },
    ],
    missing: [],
    problems: [],
  },
  {
    name: 'one broken line among good ones (a missing quote)',
    text: [
      entry(A),
      `{"ARXIVID": "${B.id}, "COMMENT": "y", "RELEVANCE": 7, "NOVELTY": 6}`,
      entry(C),
    ].join('\n'),
    batch: BATCH,
    scores: [A, C],
    missing: [B.id],
    problems: ['bad-json'],
  },
  {
    name: 'one broken entry inside a pretty-printed array (a missing comma)',
    text: `{\n  "papers": [\n    ${entry(A)},\n    {"ARXIVID": "${B.id}" "COMMENT": "y", "RELEVANCE": 7, "NOVELTY": 6},\n    ${entry(C)}\n  ]\n}`,
    batch: BATCH,
    scores: [A, C],
    missing: [B.id],
    problems: ['bad-json'],
  },
  {
    name: 'an answer cut off by the token limit',
    text: `${entry(A)}\n${entry(B).slice(0, 40)}`,
    batch: BATCH,
    scores: [A],
    missing: [B.id, C.id],
    problems: ['bad-json'],
  },
  {
    name: 'an id that was not asked about',
    text: jsonl([A, { id: '2510.99999', comment: 'x', relevance: 9, novelty: 9 }]),
    batch: [A.id],
    scores: [A],
    missing: [],
    problems: ['unknown-id'],
  },
  {
    name: 'scores outside 1–10 or not whole are rejected, not clamped',
    text: [
      `{"ARXIVID": "${A.id}", "COMMENT": "x", "RELEVANCE": 11, "NOVELTY": 5}`,
      `{"ARXIVID": "${B.id}", "COMMENT": "y", "RELEVANCE": 5, "NOVELTY": 0}`,
      `{"ARXIVID": "${C.id}", "COMMENT": "z", "RELEVANCE": 8.5, "NOVELTY": 5}`,
    ].join('\n'),
    batch: BATCH,
    scores: [],
    missing: BATCH,
    problems: ['out-of-range', 'out-of-range', 'out-of-range'],
  },
  {
    name: 'scores that are not numbers',
    text: [
      `{"ARXIVID": "${A.id}", "COMMENT": "x", "RELEVANCE": "high", "NOVELTY": 5}`,
      `{"ARXIVID": "${B.id}", "COMMENT": "y", "RELEVANCE": 5, "NOVELTY": null}`,
      `{"ARXIVID": "${C.id}", "COMMENT": "z", "RELEVANCE": 5}`,
    ].join('\n'),
    batch: BATCH,
    scores: [],
    missing: BATCH,
    problems: ['not-a-number', 'not-a-number', 'not-a-number'],
  },
  {
    name: 'a duplicated id: the first valid entry wins',
    text: jsonl([A, { ...A, comment: 'second thoughts', relevance: 2 }, B]),
    batch: [A.id, B.id],
    scores: [A, B],
    missing: [],
    problems: ['duplicate'],
  },
  {
    name: 'a duplicated id whose first entry is invalid: the valid one is kept',
    text: [`{"ARXIVID": "${A.id}", "COMMENT": "x", "RELEVANCE": 12, "NOVELTY": 5}`, entry(A)].join(
      '\n',
    ),
    batch: [A.id],
    scores: [A],
    missing: [],
    problems: ['out-of-range'],
  },
  {
    name: 'an absent COMMENT is rejected, an empty one kept',
    text: [
      `{"ARXIVID": "${A.id}", "RELEVANCE": 3, "NOVELTY": 3}`,
      `{"ARXIVID": "${B.id}", "COMMENT": "", "RELEVANCE": 3, "NOVELTY": 3}`,
    ].join('\n'),
    batch: [A.id, B.id],
    scores: [{ id: B.id, comment: '', relevance: 3, novelty: 3 }],
    missing: [A.id],
    problems: ['no-comment'],
  },
  {
    name: 'an entry without any id',
    text: `{"COMMENT": "x", "RELEVANCE": 3, "NOVELTY": 3}\n${entry(B)}`,
    batch: [A.id, B.id],
    scores: [B],
    missing: [A.id],
    problems: ['no-id'],
  },
  {
    name: 'a comment holding braces, LaTeX and escaped quotes',
    text: `{"ARXIVID": "${A.id}", "COMMENT": "Efficiency: $\\\\mathcal{O}(n)$ \\"linear\\" {attention}", "RELEVANCE": 8, "NOVELTY": 7}`,
    batch: [A.id],
    scores: [
      {
        id: A.id,
        comment: 'Efficiency: $\\mathcal{O}(n)$ "linear" {attention}',
        relevance: 8,
        novelty: 7,
      },
    ],
    missing: [],
    problems: [],
  },
  {
    name: 'array items that are not objects',
    text: `[${entry(A)}, 7, "${B.id}"]`,
    batch: [A.id, B.id],
    scores: [A],
    missing: [B.id],
    problems: ['bad-json', 'bad-json'],
  },
  {
    name: 'unexpected keys, even "constructor", are ignored; a wrapper with an id keeps its papers',
    text: `{"id": "resp_1", "papers": [{"constructor": 1, "ARXIVID": "${A.id}", "COMMENT": "x", "RELEVANCE": 9, "NOVELTY": 8, "CATEGORY": "cs.LG"}]}`,
    batch: [A.id],
    scores: [{ id: A.id, comment: 'x', relevance: 9, novelty: 8 }],
    missing: [],
    problems: [],
  },
  {
    name: 'an empty answer',
    text: '',
    batch: BATCH,
    scores: [],
    missing: BATCH,
    problems: ['no-entries'],
  },
  {
    name: 'a refusal in prose',
    text: 'I’m sorry, but I can’t help with that request.',
    batch: BATCH,
    scores: [],
    missing: BATCH,
    problems: ['no-entries'],
  },
  {
    name: 'structured output with no papers',
    text: '{"papers": []}',
    batch: BATCH,
    scores: [],
    missing: BATCH,
    problems: ['no-entries'],
  },
];

describe('parseAnswer', () => {
  it.each(cases)('$name', ({ text, batch, scores, missing, problems }) => {
    const parsed = parseAnswer(text, batch);
    expect(parsed.scores).toEqual(scores);
    expect(parsed.missing).toEqual(missing);
    expect(parsed.problems.map((problem) => problem.kind)).toEqual(problems);
  });

  it('reads a whole real day back exactly, in the pipeline’s JSONL', () => {
    const day = digestScores('2025-09-30');
    const parsed = parseAnswer(
      jsonl(day),
      day.map((score) => score.id),
    );
    expect(parsed).toEqual({ scores: day, missing: [], problems: [] });
  });

  it('names the paper of a broken line when it can', () => {
    const text = `${entry(A)}\n{"ARXIVID": "${B.id}", "COMMENT": "y", "RELEVANCE": 7 "NOVELTY": 6}`;
    const [problem] = parseAnswer(text, [A.id, B.id]).problems;
    expect(problem).toEqual({
      kind: 'bad-json',
      id: B.id,
      message: expect.stringMatching(/^Not valid JSON: \{"ARXIVID": "2510\.12111"/) as unknown,
    });
  });

  it('gives each problem the id and a readable message', () => {
    const text = [
      `{"ARXIVID": "arXiv:${A.id}v3", "COMMENT": "x", "RELEVANCE": 11, "NOVELTY": 5}`,
      `{"ARXIVID": "2510.99999", "COMMENT": "x", "RELEVANCE": 5, "NOVELTY": 5}`,
      `{"ARXIVID": "${B.id}", "COMMENT": "y", "RELEVANCE": "very", "NOVELTY": 5}`,
    ].join('\n');
    expect(parseAnswer(text, [A.id, B.id]).problems).toEqual([
      {
        kind: 'out-of-range',
        id: A.id,
        message: `${A.id}: RELEVANCE 11 is not a whole number from 1 to 10.`,
      },
      {
        kind: 'unknown-id',
        id: '2510.99999',
        message: '2510.99999 is not one of the papers asked about.',
      },
      { kind: 'not-a-number', id: B.id, message: `${B.id}: RELEVANCE is not a number: "very".` },
    ]);
  });

  it('answers under the batch’s own spelling of an id', () => {
    const parsed = parseAnswer(
      `{"ARXIVID": "${A.id}", "COMMENT": "", "RELEVANCE": 1, "NOVELTY": 1}`,
      [`${A.id}v2`],
    );
    expect(parsed.scores.map((score) => score.id)).toEqual([`${A.id}v2`]);
  });
});

describe('structured output schema', () => {
  it('accepts the answer shape the prompt asks for', () => {
    const answer = { papers: ALL.map((score) => JSON.parse(entry(score)) as unknown) };
    expect(AnswerSchema.safeParse(answer).success).toBe(true);
    expect(
      AnswerSchema.safeParse({ papers: [{ ...(answer.papers[0] as object), extra: 1 }] }).success,
    ).toBe(false);
  });

  it('is the JSON schema OpenAI strict mode takes: types, all required, nothing extra', () => {
    const entrySchema = {
      type: 'object',
      properties: {
        ARXIVID: { type: 'string' },
        COMMENT: { type: 'string' },
        RELEVANCE: { type: 'integer' },
        NOVELTY: { type: 'integer' },
      },
      required: ['ARXIVID', 'COMMENT', 'RELEVANCE', 'NOVELTY'],
      additionalProperties: false,
    };
    expect(answerJsonSchema()).toEqual({
      type: 'object',
      properties: { papers: { type: 'array', items: entrySchema } },
      required: ['papers'],
      additionalProperties: false,
    });
  });

  it('goes into response_format with strict: true', () => {
    expect(answerResponseFormat()).toEqual({
      type: 'json_schema',
      json_schema: { name: 'paper_scores', strict: true, schema: answerJsonSchema() },
    });
  });
});

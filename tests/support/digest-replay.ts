/**
 * Replays a real day of the published pipeline: the fake OpenAI server answers each scoring call
 * with the COMMENT, RELEVANCE and NOVELTY the pipeline's model gave those papers that day, so
 * end-to-end tests check Paper Sieve against real labels instead of invented ones. The matching
 * listing pages are made by `scripts/derive-digest-fixtures.mjs`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { reply } from './fake-openai.ts';
import type { ChatRequest, CompletionReply, FakeHandler, RecordedRequest } from './fake-openai.ts';
import { sharedFixturePath } from './fixtures.ts';

/** The days whose digests are in the shared fixtures. */
export const DIGEST_DATES = ['2025-09-30', '2025-10-14', '2025-10-16'] as const;
export type DigestDate = (typeof DIGEST_DATES)[number];

const DigestPaperSchema = z.object({
  /** 1 = the pipeline's best paper of the day. */
  rank: z.number().int().positive(),
  id: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  abstract: z.string(),
  /** The model's COMMENT, or "Author match" for papers kept for their authors. */
  comment: z.string(),
  /** Null for author matches: the pipeline kept them without asking the model. */
  relevance: z.number().int().min(1).max(10).nullable(),
  novelty: z.number().int().min(1).max(10).nullable(),
  authorMatch: z.boolean(),
});

const DigestSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  model: z.string(),
  tokens: z.object({ prompt: z.number(), completion: z.number(), total: z.number() }),
  costUsd: z.object({ prompt: z.number(), completion: z.number(), total: z.number() }),
  /** Papers arXiv announced that day, in all the pipeline's categories. */
  totalPapers: z.number().int(),
  /** Papers the model was asked about. */
  scannedPapers: z.number().int(),
  /** Papers kept: the digest's `papers`. */
  relevantPapers: z.number().int(),
  /** The pipeline's prompt; the paper list goes where the user part says `[PAPER LIST HERE]`. */
  prompt: z.object({ system: z.string(), user: z.string() }),
  /** Ordered by score, best first. */
  papers: z.array(DigestPaperSchema),
});

export type DigestPaper = z.infer<typeof DigestPaperSchema>;
export type Digest = z.infer<typeof DigestSchema>;

/** One paper's answer in the pipeline's format (a JSON line, or an item of `papers`). */
export interface DigestAnswer {
  ARXIVID: string;
  COMMENT: string;
  RELEVANCE: number;
  NOVELTY: number;
}

/** The score of a paper the digest does not hold: the model found it matched no criterion. */
export const UNLISTED_SCORE = { comment: 'No criterion matches.', relevance: 2, novelty: 2 };

export interface DigestReplayOptions {
  /**
   * Scores for the digest's author matches, which the pipeline never asked the model about and
   * so has none for. Without it they are answered like papers not in the digest.
   */
  authorMatchScore?: { relevance: number; novelty: number };
  /** Which papers a request asks about; by default every arXiv id in its last user message. */
  askedIds?: (lastUserText: string) => string[];
}

/** The digest of a day, read from the shared fixtures and checked against its known shape. */
export function loadDigest(date: DigestDate): Digest {
  const path = sharedFixturePath(`digests/${date}.json`);
  return DigestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * A fake OpenAI handler answering every asked paper with the digest's labels: the JSON object
 * `{"papers":[…]}` when the request asks for a `json_schema` response format, JSON lines
 * otherwise. Usage is the fake's own count (o200k_base, messages framed), and the fake holds the
 * answer to the request's completion limit.
 */
export function digestReplayHandler(
  digest: Digest,
  options: DigestReplayOptions = {},
): FakeHandler {
  const papers = new Map(digest.papers.map((paper) => [paper.id, paper]));
  const askedIds = options.askedIds ?? arxivIdsIn;
  return (req: RecordedRequest): CompletionReply => {
    const chat: ChatRequest = req.chat ?? { model: '', messages: [] };
    const answers = askedIds(lastUserText(chat)).map((id) =>
      answerFor(id, papers.get(id), options),
    );
    const content = wantsJsonSchema(req.body)
      ? JSON.stringify({ papers: answers })
      : answers.map((answer) => JSON.stringify(answer)).join('\n');
    return reply.json(content);
  };
}

/**
 * The arXiv ids in a text, versions dropped, each once, in order of first mention. An id quoted
 * inside an abstract is found too; the extension ignores answers about papers it did not ask.
 */
export function arxivIdsIn(text: string): string[] {
  const newStyle = /(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)/.source; // 2510.09660v2
  const oldStyle = /\b([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?!\d)/.source; // math.GT/0309136
  const pattern = new RegExp(`${newStyle}|${oldStyle}`, 'g');
  const ids = [...text.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? '');
  return [...new Set(ids)];
}

function answerFor(
  id: string,
  paper: DigestPaper | undefined,
  options: DigestReplayOptions,
): DigestAnswer {
  if (paper?.relevance != null && paper.novelty != null) {
    return {
      ARXIVID: id,
      COMMENT: paper.comment,
      RELEVANCE: paper.relevance,
      NOVELTY: paper.novelty,
    };
  }
  if (paper?.authorMatch && options.authorMatchScore) {
    const { relevance, novelty } = options.authorMatchScore;
    return { ARXIVID: id, COMMENT: paper.comment, RELEVANCE: relevance, NOVELTY: novelty };
  }
  return {
    ARXIVID: id,
    COMMENT: UNLISTED_SCORE.comment,
    RELEVANCE: UNLISTED_SCORE.relevance,
    NOVELTY: UNLISTED_SCORE.novelty,
  };
}

/** The text of the last user message: where the paper list of a scoring call goes. */
function lastUserText(chat: ChatRequest): string {
  const last = chat.messages.findLast((message) => message.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      isRecord(part) && typeof part['text'] === 'string' ? part['text'] : '',
    )
    .join('\n');
}

function wantsJsonSchema(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const format = body['response_format'];
  return isRecord(format) && format['type'] === 'json_schema';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

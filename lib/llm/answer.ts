import { z } from 'zod';
import { idFromAbsHref, parseArxivId } from '../arxiv/ids';
import type { PaperScore } from './types';

/** One paper's entry, as structured output asks for it. */
export const AnswerEntrySchema = z.strictObject({
  ARXIVID: z.string(),
  COMMENT: z.string(),
  RELEVANCE: z.int(),
  NOVELTY: z.int(),
});

/** The whole answer in `json-schema` mode: `{"papers":[{ARXIVID, COMMENT, RELEVANCE, NOVELTY}]}`. */
export const AnswerSchema = z.strictObject({ papers: z.array(AnswerEntrySchema) });

export type Answer = z.infer<typeof AnswerSchema>;

/** `response_format.json_schema.name`: letters, digits, `_` and `-` only. */
export const ANSWER_SCHEMA_NAME = 'paper_scores';

/**
 * The JSON schema of {@link AnswerSchema} within OpenAI strict mode's subset: types, every property
 * required, no extra properties. Ranges stay out (zod would add the safe-integer bounds, which some
 * compatible endpoints reject); {@link parseAnswer} checks 1–10 instead.
 */
export function answerJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(AnswerSchema, {
    override: ({ jsonSchema }) => {
      delete jsonSchema.minimum;
      delete jsonSchema.maximum;
    },
  });
  return schema;
}

/** The `response_format` of a chat completion request in `json-schema` mode. */
export function answerResponseFormat() {
  return {
    type: 'json_schema',
    json_schema: { name: ANSWER_SCHEMA_NAME, strict: true, schema: answerJsonSchema() },
  } as const;
}

/**
 * Why part of an answer was not used. `bad-json`: a fragment that looks like an entry but is not
 * JSON, or was cut off; `no-entries`: nothing looked like an entry; `unknown-id`: an id that was not
 * in the batch; `no-comment`: the COMMENT key is absent (an empty comment is accepted);
 * `out-of-range`: a number that is not a whole number from 1 to 10 (never clamped); `duplicate`: a
 * further valid entry for an id already scored (the first is kept).
 */
export type AnswerProblemKind =
  | 'bad-json'
  | 'no-entries'
  | 'no-id'
  | 'unknown-id'
  | 'no-comment'
  | 'not-a-number'
  | 'out-of-range'
  | 'duplicate';

/** Something in the answer that was not used, said so that a person can follow it. */
export interface AnswerProblem {
  kind: AnswerProblemKind;
  /** The batch id when the entry's id maps to one, else the id as the model wrote it, else null. */
  id: string | null;
  message: string;
}

export interface ParsedAnswer {
  /** Valid scores, in batch order, each under its batch id. */
  scores: PaperScore[];
  /** Batch ids without a valid score, in batch order: to be asked again. */
  missing: string[];
  problems: AnswerProblem[];
}

/**
 * Reads whatever a model answered — a `papers` object, a bare array, JSON lines, fenced or wrapped
 * in prose — keeping every valid entry and reporting the rest, so one bad line never costs a batch.
 */
export function parseAnswer(text: string, batchIds: string[]): ParsedAnswer {
  const toBatchId = batchIdResolver(batchIds);
  const { entries, problems } = extractEntries(text, toBatchId);
  if (entries.length === 0 && problems.length === 0) {
    problems.push({ kind: 'no-entries', id: null, message: 'The answer holds no paper entries.' });
  }

  const scored = new Map<string, PaperScore>();
  for (const entry of entries) {
    const result = readEntry(entry, toBatchId);
    if ('problem' in result) {
      problems.push(result.problem);
    } else if (scored.has(result.score.id)) {
      const id = result.score.id;
      problems.push({
        kind: 'duplicate',
        id,
        message: `${id}: answered again; the first is kept.`,
      });
    } else {
      scored.set(result.score.id, result.score);
    }
  }

  const scores: PaperScore[] = [];
  const missing: string[] = [];
  for (const id of batchIds) {
    const score = scored.get(id);
    if (score === undefined) missing.push(id);
    else scores.push(score);
  }
  return { scores, missing, problems };
}

// ---------------------------------------------------------------------------------------------
// Finding the entries

type BatchIdResolver = (written: string) => string | null;

interface Extracted {
  entries: unknown[];
  problems: AnswerProblem[];
}

// Well-formed answers (structured output, a clean array) are read whole, so nested shapes are
// understood; anything else is read object by object.
function extractEntries(text: string, toBatchId: BatchIdResolver): Extracted {
  const answer = withoutReasoning(text);
  const whole = parseJson(unfenced(answer.trim()));
  if (whole.ok) return { entries: entriesOf(whole.value), problems: [] };
  return scanFlatObjects(answer, toBatchId);
}

// Local reasoning models (DeepSeek-R1, Qwen3 on Ollama) think aloud in `<think>` before answering,
// drafting entries there that must not count as answers.
function withoutReasoning(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '');
}

function unfenced(text: string): string {
  const fenced = /^```[\w-]*[^\S\n]*\n([\s\S]*?)\n?```$/.exec(text);
  return fenced?.[1] ?? text;
}

// `{"papers": […]}` as asked, a bare array, one lone entry, or the entries under another name.
function entriesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return [];
  const arrays = Object.entries(value).filter(([, member]) => Array.isArray(member));
  const papers = arrays.find(([key]) => normalisedKey(key) === 'papers');
  if (papers !== undefined) return papers[1] as unknown[];
  if (Object.keys(value).some((key) => fieldOf(key) !== null)) return [value];
  return (arrays[0]?.[1] as unknown[] | undefined) ?? [];
}

/**
 * Every innermost `{…}` in the text, each parsed on its own: entries are flat objects, so this
 * finds them in JSON lines, in a damaged array and in prose alike.
 */
function scanFlatObjects(text: string, toBatchId: BatchIdResolver): Extracted {
  const entries: unknown[] = [];
  const problems: AnswerProblem[] = [];
  const open: { start: number; hasChild: boolean }[] = [];
  let inString = false;
  let escaped = false;

  const readFragment = (fragment: string) => {
    const parsed = parseJson(fragment);
    if (parsed.ok) entries.push(parsed.value);
    // Braces without a colon are prose (`{ARXIVID, COMMENT, …}`), not an attempted entry.
    else if (fragment.includes(':')) problems.push(badJson(fragment, toBatchId));
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      else if (char === '\n') {
        // JSON strings never hold a raw line break: a quote is missing, and the object is lost.
        inString = false;
        const broken = open.pop();
        if (broken !== undefined) problems.push(badJson(text.slice(broken.start, i), toBatchId));
      }
    } else if (char === '"') {
      inString = open.length > 0;
    } else if (char === '{') {
      const parent = open.at(-1);
      if (parent !== undefined) parent.hasChild = true;
      open.push({ start: i, hasChild: false });
    } else if (char === '}') {
      const closed = open.pop();
      if (closed !== undefined && !closed.hasChild) readFragment(text.slice(closed.start, i + 1));
    }
  }
  // An entry still open at the end was cut off (the answer hit its token limit).
  for (const unclosed of open) {
    if (!unclosed.hasChild) problems.push(badJson(text.slice(unclosed.start), toBatchId));
  }
  return { entries, problems };
}

type JsonResult = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(withoutTrailingCommas(text)) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Drops commas before `}` or `]` outside strings, which models write and JSON forbids. */
function withoutTrailingCommas(text: string): string {
  let result = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) {
      continue;
    }
    result += char;
  }
  return result;
}

function badJson(fragment: string, toBatchId: BatchIdResolver): AnswerProblem {
  const id = mentionedBatchId(fragment, toBatchId);
  const shown = fragment.length > 80 ? `${fragment.slice(0, 80)}…` : fragment;
  return { kind: 'bad-json', id, message: `Not valid JSON: ${shown.replace(/\s+/g, ' ')}` };
}

// ---------------------------------------------------------------------------------------------
// Reading one entry

type Field = 'id' | 'comment' | 'relevance' | 'novelty';

// Keys compared in lower case without separators: `ARXIVID`, `ArxivId`, `arxiv_id`, `arXiv ID`.
const FIELD_BY_KEY = new Map<string, Field>([
  ['arxivid', 'id'],
  ['arxiv', 'id'],
  ['id', 'id'],
  ['paperid', 'id'],
  ['comment', 'comment'],
  ['comments', 'comment'],
  ['relevance', 'relevance'],
  ['relevancescore', 'relevance'],
  ['novelty', 'novelty'],
  ['noveltyscore', 'novelty'],
]);

const ScoreSchema = z.int().min(1).max(10);

/** What an entry must hold besides its id, validated after the model's spellings are undone. */
const ScoredFieldsSchema = AnswerEntrySchema.omit({ ARXIVID: true }).extend({
  RELEVANCE: ScoreSchema,
  NOVELTY: ScoreSchema,
});

type EntryResult = { score: PaperScore } | { problem: AnswerProblem };

function readEntry(entry: unknown, toBatchId: BatchIdResolver): EntryResult {
  if (!isRecord(entry)) {
    return { problem: { kind: 'bad-json', id: null, message: `Not an entry: ${brief(entry)}` } };
  }
  const fields = fieldsOf(entry);
  const written = typeof fields.id === 'number' ? String(fields.id) : fields.id;
  if (typeof written !== 'string' || written.trim() === '') {
    return {
      problem: { kind: 'no-id', id: null, message: `An entry has no ARXIVID: ${brief(entry)}` },
    };
  }
  const id = toBatchId(written);
  if (id === null) {
    const message = `${written.trim()} is not one of the papers asked about.`;
    return { problem: { kind: 'unknown-id', id: written.trim(), message } };
  }

  const candidate = {
    COMMENT: typeof fields.comment === 'string' ? fields.comment.trim() : fields.comment,
    RELEVANCE: asScore(fields.relevance),
    NOVELTY: asScore(fields.novelty),
  };
  const checked = ScoredFieldsSchema.safeParse(candidate);
  if (checked.success) {
    const { COMMENT, RELEVANCE, NOVELTY } = checked.data;
    return { score: { id, comment: COMMENT, relevance: RELEVANCE, novelty: NOVELTY } };
  }
  const field = checked.error.issues[0]?.path[0];
  if (field === 'RELEVANCE' || field === 'NOVELTY') {
    const value = candidate[field];
    return typeof value === 'number'
      ? problem('out-of-range', id, `${field} ${value} is not a whole number from 1 to 10.`)
      : problem(
          'not-a-number',
          id,
          value === undefined ? `no ${field}.` : `${field} is not a number: ${brief(value)}.`,
        );
  }
  return problem('no-comment', id, 'no COMMENT.');
}

function problem(kind: AnswerProblemKind, id: string, detail: string): EntryResult {
  return { problem: { kind, id, message: `${id}: ${detail}` } };
}

function fieldsOf(entry: Record<string, unknown>): Partial<Record<Field, unknown>> {
  const fields: Partial<Record<Field, unknown>> = {};
  for (const [key, value] of Object.entries(entry)) {
    const field = fieldOf(key);
    if (field !== null && !(field in fields)) fields[field] = value;
  }
  return fields;
}

function fieldOf(key: string): Field | null {
  return FIELD_BY_KEY.get(normalisedKey(key)) ?? null;
}

function normalisedKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, '');
}

// `8`, `"8"`, `"8/10"` and `"8.0"` are the same score; anything else is left for the schema to
// reject, so the problem names what the model wrote.
function asScore(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*([+-]?\d+(?:\.\d+)?)\s*(?:\/\s*10\s*)?$/.exec(value);
  return match?.[1] === undefined ? value : Number(match[1]);
}

// ---------------------------------------------------------------------------------------------
// Ids

const WRITTEN_ID = /\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?/g;

/** Maps an id as the model wrote it (`arXiv:2510.12744v2`, an /abs/ link) to its batch id. */
function batchIdResolver(batchIds: string[]): BatchIdResolver {
  const byCanonical = new Map<string, string>();
  for (const id of batchIds) byCanonical.set(canonicalId(id), id);
  return (written) => byCanonical.get(canonicalId(written)) ?? null;
}

function canonicalId(written: string): string {
  const text = written.trim();
  const embedded = text.match(WRITTEN_ID)?.[0];
  const parts =
    idFromAbsHref(text) ??
    parseArxivId(text) ??
    (embedded === undefined ? null : parseArxivId(embedded));
  return parts?.id ?? text;
}

function mentionedBatchId(fragment: string, toBatchId: BatchIdResolver): string | null {
  for (const [written] of fragment.matchAll(WRITTEN_ID)) {
    const id = toBatchId(written);
    if (id !== null) return id;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

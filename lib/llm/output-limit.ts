import {
  isReasoningModel,
  outputLimitParamOf,
  type CallOptions,
  type Effort,
  type OutputLimitParam,
} from './call-options';
import type { AnswerFormat } from './prompt';
import type { TokenUsage } from './types';

/**
 * Completion tokens asked for each paper's answer entry, plus {@link ANSWER_OVERHEAD_TOKENS} once
 * a call. Measured on the replayed published digests (218 answers, o200k_base) as compact JSON
 * (what structured output returns): 55 tokens on average, 73 at most, and no run of consecutive
 * answers averaging more than 65.5 (2), 63.3 (3), 61.6 (10) or 58.5 (20) a paper. 58 a paper and
 * 40 a call hold every such run, a single longest answer included, and come to 60 a paper at the
 * default batch of 20. Without structured output, models write the JSON spaced as the prompt
 * shows it (80 at most) or pretty-printed (86): text mode asks 88 a paper. Should a
 * batch of unusually long comments not fit, what arrived is kept, the rest is asked again and the
 * allowance grows (`afterCutOff`). tests/unit/output-limit.test.ts fails if a real run no longer fits.
 */
export const ANSWER_TOKENS_PER_PAPER: Record<AnswerFormat, number> = {
  'json-schema': 58,
  text: 88,
};

/** Once per answer: `{"papers":[` … `]}` or a code fence, and room for one long comment. */
export const ANSWER_OVERHEAD_TOKENS = 40;

// Reasoning comes out of the same max_completion_tokens, before the answer: too little and the
// answer is cut off, possibly empty. The published pipeline's gpt-5 at its default (medium) effort
// spent 137–203 completion tokens a paper, its answer ~40 of them; each step up is given room
// well above that, since unused allowance costs nothing and a cut-off call is paid in full.
const REASONING_TOKENS: Record<Effort, { perCall: number; perPaper: number }> = {
  none: { perCall: 0, perPaper: 0 },
  minimal: { perCall: 256, perPaper: 16 },
  low: { perCall: 1024, perPaper: 128 },
  medium: { perCall: 2048, perPaper: 384 },
  high: { perCall: 4096, perPaper: 1024 },
};

/** How far a learned allowance may grow (8× its start): past that the cut-off is not ours. */
export const MAX_ALLOWANCE_SCALE = 8;

/** What an endpoint+model is asked to stay within, and the parameter carrying it. */
export interface OutputLimit {
  param: OutputLimitParam | null;
  /** Tokens for the answer entries (what the per-paper figure describes). */
  answer: number;
  /** Tokens for reasoning; 0 for models that do not reason. */
  reasoning: number;
  /** The effort the reasoning allowance was sized for; null for models that do not reason. */
  effort: Effort | null;
  total: number;
}

/** The limit for one call over `papers` papers with these options. */
export function outputLimit(model: string, papers: number, options: CallOptions): OutputLimit {
  const format: AnswerFormat = options.structuredOutput ? 'json-schema' : 'text';
  const answer = Math.ceil(
    (ANSWER_TOKENS_PER_PAPER[format] * papers + ANSWER_OVERHEAD_TOKENS) *
      (options.answerScale ?? 1),
  );
  const effort = reasoningEffortOf(model, options);
  const reasoning = effort === null ? 0 : reasoningTokens(effort, papers, options);
  return {
    param: outputLimitParamOf(options),
    answer,
    reasoning,
    effort,
    total: answer + reasoning,
  };
}

/** The reasoning allowance at an effort, before anything was learned. */
export function reasoningAllowance(effort: Effort, papers: number): number {
  const { perCall, perPaper } = REASONING_TOKENS[effort];
  return perCall + perPaper * papers;
}

function reasoningTokens(effort: Effort, papers: number, options: CallOptions): number {
  return Math.ceil(reasoningAllowance(effort, papers) * (options.reasoningScale ?? 1));
}

// A reasoning model whose effort is not sent reasons at its default, which is medium. An effort
// sent to a model not known to reason (gpt-oss takes one) was the user's choice: honoured.
function reasoningEffortOf(model: string, options: CallOptions): Effort | null {
  return options.reasoningEffort ?? (isReasoningModel(model) ? 'medium' : null);
}

/**
 * The options to use after an answer came back cut off (finish_reason `length`) under `limit`:
 * the part that ran out grows twofold, up to {@link MAX_ALLOWANCE_SCALE}. Reasoning ran out when
 * it used its whole allowance (it comes first and left the answer short); otherwise the answer
 * itself was longer than its allowance (another tokenizer, pretty-printed JSON). The same options
 * when nothing can grow: no limit was sent, or the allowance is at its ceiling.
 */
export function afterCutOff(
  options: CallOptions,
  limit: OutputLimit,
  usage: TokenUsage,
): CallOptions {
  if (limit.param === null) return options;
  const reasoningRanOut = limit.reasoning > 0 && usage.reasoning >= limit.reasoning;
  const key = reasoningRanOut ? 'reasoningScale' : 'answerScale';
  const scale = options[key] ?? 1;
  if (scale >= MAX_ALLOWANCE_SCALE) return options;
  return { ...options, [key]: Math.min(MAX_ALLOWANCE_SCALE, scale * 2) };
}

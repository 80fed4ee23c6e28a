import type { PaperScore, TokenUsage } from '../llm/types';
import type { Judgement } from './types';

export interface JudgementContext {
  criteriaHash: string;
  model: string;
  judgedAt: number;
  titleOnly: ReadonlySet<string>;
}

/**
 * The judgements of one answered call. The call's tokens and cost are shared evenly among the
 * papers it scored, so per-paper and per-run totals add up to what was paid.
 */
export function judgementsFromScores(
  scores: readonly PaperScore[],
  usage: TokenUsage,
  costUsd: number,
  context: JudgementContext,
): Judgement[] {
  const share = scores.length === 0 ? 0 : 1 / scores.length;
  return scores.map((score) => ({
    paperId: score.id,
    criteriaHash: context.criteriaHash,
    model: context.model,
    kind: 'scored',
    relevance: score.relevance,
    novelty: score.novelty,
    comment: score.comment,
    titleOnly: context.titleOnly.has(score.id),
    usage: scaleUsage(usage, share),
    costUsd: costUsd * share,
    judgedAt: context.judgedAt,
  }));
}

/** A fraction of a call's tokens (fractional on purpose: shares add back up to the call). */
export function scaleUsage(usage: TokenUsage, factor: number): TokenUsage {
  return {
    prompt: usage.prompt * factor,
    cachedPrompt: usage.cachedPrompt * factor,
    completion: usage.completion * factor,
    reasoning: usage.reasoning * factor,
  };
}

export const NO_USAGE: TokenUsage = { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 };

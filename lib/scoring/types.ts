import type { TokenUsage } from '../llm/types';

/** A paper's judgement as remembered: by paper, criteria and model. */
export interface Judgement {
  paperId: string;
  /** Hash of the criteria text (and prompt version) the paper was judged against. */
  criteriaHash: string;
  model: string;
  kind: 'scored' | 'author-match';
  /** Null for author matches: no call was spent on them. */
  relevance: number | null;
  novelty: number | null;
  comment: string;
  /** Judged on its title alone (no abstract could be had). */
  titleOnly: boolean;
  /** This paper's share of its call's tokens and cost (the call's totals split evenly). */
  usage: TokenUsage;
  costUsd: number;
  /** ms since the epoch */
  judgedAt: number;
}

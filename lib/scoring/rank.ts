import type { Judgement } from './types';

// The published pipeline's order: author matches first, then relevance + novelty, then relevance.
// Its ties fell in whatever order the pipeline happened to meet the papers (a Python set of
// papers, hash-ordered per run); ours fall in page order, so the same page always reads the same.

/** The parts of a judgement that decide whether it is kept and where it ranks. */
export type RankedFields = Pick<Judgement, 'kind' | 'relevance' | 'novelty'>;

export interface Thresholds {
  minRelevance: number;
  minNovelty: number;
}

/** Kept for the digest: an author match, or both scores at or above their thresholds. */
export function isKept(judgement: RankedFields, thresholds: Thresholds): boolean {
  if (judgement.kind === 'author-match') return true;
  const { relevance, novelty } = judgement;
  return (
    relevance !== null &&
    novelty !== null &&
    relevance >= thresholds.minRelevance &&
    novelty >= thresholds.minNovelty
  );
}

/** A new array, best first; items given in page order keep it among equals. */
export function rankJudgements<T extends RankedFields>(items: readonly T[]): T[] {
  // Array.prototype.sort is stable (ES2019), which is what keeps page order among ties.
  return [...items].sort(compareJudgements);
}

function compareJudgements(a: RankedFields, b: RankedFields): number {
  const authorFirst = Number(b.kind === 'author-match') - Number(a.kind === 'author-match');
  if (authorFirst !== 0) return authorFirst;
  const total = totalScore(b) - totalScore(a);
  if (total !== 0) return total;
  return (b.relevance ?? 0) - (a.relevance ?? 0);
}

function totalScore(judgement: RankedFields): number {
  return (judgement.relevance ?? 0) + (judgement.novelty ?? 0);
}

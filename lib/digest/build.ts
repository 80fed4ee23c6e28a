import type { Price } from '../llm/prices';
import { isKept, rankJudgements } from '../scoring/rank';
import type { RankedFields, Thresholds } from '../scoring/rank';
import type { Judgement } from '../scoring/types';
import type { RunRecord, StoredPaper } from '../store/db';
import type { Digest, DigestPaper, SelectionPrompt } from './types';
import { splitCost, sumTokens } from './usage';

/** Everything a digest is made of, as read from the store and the settings. */
export interface DigestInput {
  /** The local day (YYYY-MM-DD) the digest is of. */
  date: string;
  /** The runs it covers: one page's run, or every run of the day. */
  runs: readonly RunRecord[];
  /** The pages' papers as stored; their order stands in for page order where a run lacks it. */
  papers: readonly StoredPaper[];
  /** Judgements of those papers; each paper's is taken from the latest run's criteria and model. */
  judgements: readonly Judgement[];
  /** Papers by a followed author: paper id → the followed name as written in the settings. */
  authorMatches: ReadonlyMap<string, string>;
  thresholds: Thresholds;
  selectionPrompt: SelectionPrompt;
  /** The price of a model's tokens, null when unknown (each run is priced at its own model's). */
  priceOf: (model: string) => Price | null;
  /** Category names the pages showed, by code (`cs.LG` → `Machine Learning`). */
  categoryNames?: ReadonlyMap<string, string>;
}

interface Candidate extends RankedFields {
  paper: StoredPaper;
  judgement: Judgement | undefined;
  matchedAuthor: string | null;
}

/** The digest of some runs: their kept papers ranked, what they listed, judged and cost. */
export function buildDigest(input: DigestInput): Digest {
  // Run order is visiting order; the store's own order is not relied on.
  const runs = [...input.runs].sort((a, b) => a.startedAt - b.startedAt);
  const judgementOf = latestJudgements(runs, input.judgements);
  const papersById = new Map(input.papers.map((paper) => [paper.id, paper]));
  const pageOrder = pageOrderOf(runs, input.papers);

  const candidates: Candidate[] = [];
  for (const id of pageOrder) {
    const paper = papersById.get(id);
    const judgement = judgementOf.get(id);
    const matchedAuthor = input.authorMatches.get(id) ?? null;
    const authorMatch = judgement?.kind === 'author-match' || matchedAuthor !== null;
    if (paper === undefined || (judgement === undefined && !authorMatch)) continue;
    candidates.push({
      kind: authorMatch ? 'author-match' : 'scored',
      relevance: judgement?.relevance ?? null,
      novelty: judgement?.novelty ?? null,
      paper,
      judgement,
      matchedAuthor,
    });
  }
  const kept = candidates.filter((candidate) => isKept(candidate, input.thresholds));
  const papers = rankJudgements(kept).map(digestPaper);

  return {
    date: input.date,
    pages: runs.map((run) => ({
      url: run.pageUrl,
      category: run.category,
      categoryName: input.categoryNames?.get(run.category) ?? null,
      listingDate: run.listingDate,
    })),
    model: [...new Set(runs.map((run) => run.model))].join(' → '),
    tokens: sumTokens(runs),
    cost: splitCost(runs, input.priceOf),
    totals: {
      onPage: listedCount(runs),
      scanned: pageOrder.filter((id) => judgementOf.get(id)?.kind === 'scored').length,
      relevant: papers.length,
    },
    papers,
    selectionPrompt: { ...input.selectionPrompt },
  };
}

function digestPaper(candidate: Candidate, index: number): DigestPaper {
  const { paper, judgement, matchedAuthor } = candidate;
  return {
    rank: index + 1,
    id: paper.id,
    title: paper.title,
    authors: [...paper.authors],
    abstract: paper.abstract,
    // The scoring words an author match itself; one it has not reached yet is worded the same way.
    comment: judgement?.comment ?? `Author match: ${matchedAuthor ?? ''}`,
    relevance: candidate.relevance,
    novelty: candidate.novelty,
    authorMatch: candidate.kind === 'author-match',
    matchedAuthor,
    titleOnly: judgement?.titleOnly ?? false,
  };
}

/**
 * Each paper's judgement under the criteria and model of the latest run that has one: when the
 * settings changed during the day, the papers judged again show their new judgement, the others
 * their earlier one. Judgements under criteria no run used are not the digest's.
 */
function latestJudgements(
  runs: readonly RunRecord[],
  judgements: readonly Judgement[],
): Map<string, Judgement> {
  const preference = new Map<string, number>();
  runs.forEach((run, order) => preference.set(judgementKey(run), order));
  const chosen = new Map<string, { judgement: Judgement; order: number }>();
  for (const judgement of judgements) {
    const order = preference.get(judgementKey(judgement));
    if (order === undefined) continue;
    const current = chosen.get(judgement.paperId);
    if (current === undefined || order > current.order) {
      chosen.set(judgement.paperId, { judgement, order });
    }
  }
  return new Map([...chosen].map(([paperId, { judgement }]) => [paperId, judgement]));
}

function judgementKey({ criteriaHash, model }: { criteriaHash: string; model: string }): string {
  return JSON.stringify([criteriaHash, model]);
}

/** Paper ids in page order, each once: the runs' lists in visiting order, then unlisted papers. */
function pageOrderOf(runs: readonly RunRecord[], papers: readonly StoredPaper[]): string[] {
  const ids = new Set(runs.flatMap((run) => run.paperIds ?? []));
  for (const paper of papers) ids.add(paper.id);
  return [...ids];
}

/**
 * Distinct papers the pages listed. A run recorded before runs kept their papers' ids only has its
 * count, which is added as it is.
 */
function listedCount(runs: readonly RunRecord[]): number {
  const listed = new Set(runs.flatMap((run) => run.paperIds ?? []));
  const uncounted = runs.filter((run) => run.paperIds === undefined);
  return listed.size + uncounted.reduce((sum, run) => sum + run.counts.onPage, 0);
}

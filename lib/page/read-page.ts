import type { ListedPaper, Listing } from '../arxiv/types';
import type { ListingReadResponse } from '../messaging/protocol';
import { initialStatus, type AbstractsStatus, type PageStatus } from './status';

export interface ReadPageDeps<P extends ListedPaper> {
  /** Hands the papers to the background; answers with abstracts the page did not show. */
  sendListing: (papers: P[]) => Promise<ListingReadResponse>;
  render: (status: PageStatus) => void;
}

export interface ReadPageResult<P extends ListedPaper> {
  /** The listing with abstracts filled in where the background found them. */
  listing: Listing<P>;
  /** Papers that go on without an abstract, with the reason. */
  titleOnly: Record<string, string>;
}

/**
 * Completes a parsed listing: shows what was read at once, then fills in abstracts from the
 * background. A failing background never breaks the page: the papers go on title-only.
 */
export async function completeListing<P extends ListedPaper>(
  listing: Listing<P>,
  deps: ReadPageDeps<P>,
): Promise<ReadPageResult<P>> {
  let status = initialStatus(listing);
  deps.render(status);

  const missing = listing.papers.filter((paper) => paper.abstract === null);
  let answer: ListingReadResponse;
  try {
    answer = await deps.sendListing(listing.papers);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const titleOnly = Object.fromEntries(missing.map((paper) => [paper.id, reason]));
    if (missing.length > 0) {
      status = { ...status, abstracts: { state: 'failed', missing: missing.length, reason } };
      deps.render(status);
    }
    return { listing, titleOnly };
  }

  const papers = listing.papers.map((paper) =>
    paper.abstract === null && answer.abstracts[paper.id] !== undefined
      ? { ...paper, abstract: answer.abstracts[paper.id] ?? null }
      : paper,
  );
  const titleOnly: Record<string, string> = {};
  for (const paper of papers) {
    if (paper.abstract === null) {
      titleOnly[paper.id] = answer.titleOnly[paper.id] ?? 'the arXiv API did not return it';
    }
  }
  if (missing.length > 0) {
    status = { ...status, abstracts: abstractsOutcome(missing.length, answer, titleOnly) };
    deps.render(status);
  }
  return { listing: { ...listing, papers }, titleOnly };
}

function abstractsOutcome(
  missing: number,
  answer: ListingReadResponse,
  titleOnly: Record<string, string>,
): AbstractsStatus {
  const reasons = [...new Set(Object.values(titleOnly))];
  const reason = reasons.length === 1 ? (reasons[0] ?? null) : null;
  const left = Object.keys(titleOnly).length;
  // Nothing came back at all: say so plainly rather than "0 abstracts from the arXiv API".
  if (left === missing) {
    return { state: 'failed', missing, reason: reason ?? 'the arXiv API did not return them' };
  }
  const fetched = answer.fetched.length;
  return { state: 'done', fetched, remembered: missing - left - fetched, titleOnly: left, reason };
}

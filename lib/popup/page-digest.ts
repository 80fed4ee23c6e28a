import type { Digest } from '../digest/types';
import type { ResponseMap } from '../messaging/protocol';
import { runUrlCandidates } from './listing-url';

export type PageDigestAnswer = ResponseMap['digest/page'];

/** The page's digest and the URL its run is filed under (Stop needs the same URL). */
export interface FoundPageDigest extends PageDigestAnswer {
  url: string;
}

/**
 * Asks for the digest of a listing under each URL its run may be filed under, and returns the
 * first that has a run (a digest or queued papers); the tab's own URL when none has.
 */
export async function findPageDigest(
  tabUrl: string,
  ask: (url: string) => Promise<PageDigestAnswer>,
): Promise<FoundPageDigest> {
  const candidates = runUrlCandidates(tabUrl);
  let first: FoundPageDigest | null = null;
  for (const url of candidates) {
    const answer = { ...(await ask(url)), url };
    if (answer.digest !== null || answer.pending > 0) return answer;
    first ??= answer;
  }
  return first ?? { digest: null, pending: 0, url: tabUrl };
}

/** How far scoring is: papers settled of those on the page, when the page's size is known. */
export function scoringProgress(answer: PageDigestAnswer): { done: number; total: number } | null {
  const total = answer.digest?.totals.onPage ?? 0;
  if (total === 0) return null;
  return { done: Math.max(0, total - answer.pending), total };
}

/**
 * Nothing to show yet: no run, or a run with nothing judged, kept or queued (the page was opened
 * with automatic scoring off, or judged under other criteria or another model).
 */
export function notScored(digest: Digest | null, pending: number): boolean {
  if (pending > 0) return false;
  return digest === null || (digest.totals.scanned === 0 && digest.papers.length === 0);
}

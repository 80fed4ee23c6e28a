import type { ListingReadResponse } from '../messaging/protocol';
import type { SieveDb } from '../store/db';
import { putPapers, storedPaperFromListing } from '../store/papers';
import type { AbstractFetcher } from './abstract-fetcher';
import { clipPaper } from '../messaging/limits';
import { paperFromReading } from './paper-text';
import type { PaperReading } from './types';

export interface ListingIntakeDeps {
  db: SieveDb;
  fetcher: AbstractFetcher;
  now: () => number;
}

/**
 * Remembers the papers a page listed, made papers here from what the page read (text as on the
 * page, subjects unparsed: `paperFromReading`) and finds the abstracts it did not show: from the store
 * when a page showed them before, from the arXiv API otherwise. Papers the API cannot serve are
 * reported with the reason, so the page marks them title-only.
 */
export async function takeInListing(
  read: readonly PaperReading[],
  deps: ListingIntakeDeps,
): Promise<ListingReadResponse> {
  const papers = read.map((reading) => clipPaper(paperFromReading(reading)));
  const now = deps.now();
  await putPapers(
    deps.db,
    papers.map((paper) => storedPaperFromListing(paper, now)),
  );

  const missing = papers.filter((paper) => paper.abstract === null).map((paper) => paper.id);
  const abstracts: Record<string, string> = {};
  const titleOnly: Record<string, string> = {};
  const fetched: string[] = [];
  if (missing.length === 0) return { abstracts, titleOnly, fetched };

  for (const [id, outcome] of await deps.fetcher.getAbstracts(missing)) {
    if (outcome.status === 'found') {
      abstracts[id] = outcome.abstract;
      if (outcome.source === 'api') fetched.push(id);
    } else titleOnly[id] = outcome.message;
  }
  return { abstracts, titleOnly, fetched };
}

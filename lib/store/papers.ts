import type { AbstractStore } from '../arxiv/abstract-fetcher';
import type { ApiEntry } from '../arxiv/atom';
import type { Paper } from '../arxiv/types';
import type { SieveDb, StoredPaper } from './db';

/**
 * Writes papers in one transaction. A paper read without its abstract (e.g. from a /recent page)
 * keeps the abstract already stored, so it is not fetched again, and one read without a version
 * (listing pages print none) keeps the version the arXiv API gave. A paper stored as it is now is
 * not written again: a revisited 2000-entry page then costs reads only.
 */
export async function putPapers(db: SieveDb, papers: readonly StoredPaper[]): Promise<void> {
  if (papers.length === 0) return;
  const latestById = new Map(papers.map((paper) => [paper.id, paper]));
  const tx = db.transaction('papers', 'readwrite');
  await Promise.all([
    ...[...latestById.values()].map(async (paper) => {
      const stored = await tx.store.get(paper.id);
      const next = keepStoredVersion(keepStoredAbstract(paper, stored), stored);
      if (stored === undefined || !samePaper(stored, next)) await tx.store.put(next);
    }),
    tx.done,
  ]);
}

/** Whether two records say the same about a paper (when they were written aside). */
function samePaper(a: StoredPaper, b: StoredPaper): boolean {
  return (
    a.id === b.id &&
    a.version === b.version &&
    a.title === b.title &&
    a.abstract === b.abstract &&
    a.abstractSource === b.abstractSource &&
    a.primaryCategory === b.primaryCategory &&
    sameList(a.authors, b.authors) &&
    sameList(a.categories, b.categories)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** The stored papers among `ids`, read in one transaction; ids not stored are absent. */
export async function getPapers(
  db: SieveDb,
  ids: readonly string[],
): Promise<Map<string, StoredPaper>> {
  const uniqueIds = [...new Set(ids)];
  const found = new Map<string, StoredPaper>();
  if (uniqueIds.length === 0) return found;
  const tx = db.transaction('papers', 'readonly');
  const [papers] = await Promise.all([
    Promise.all(uniqueIds.map((id) => tx.store.get(id))),
    tx.done,
  ]);
  for (const paper of papers) if (paper) found.set(paper.id, paper);
  return found;
}

/** Stored abstracts among `ids`, by id; ids without one are absent. */
export async function getStoredAbstracts(
  db: SieveDb,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const abstracts = new Map<string, string>();
  for (const [id, paper] of await getPapers(db, ids)) {
    if (paper.abstract !== null) abstracts.set(id, paper.abstract);
  }
  return abstracts;
}

/** A listing paper as stored; its abstract counts as the listing's own when the page showed it. */
export function storedPaperFromListing(paper: Paper, updatedAt: number): StoredPaper {
  const primaryCategory = paper.primarySubject?.code ?? null;
  const codes = paper.subjects.map((subject) => subject.code).filter((code) => code !== null);
  return {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    authors: paper.authors,
    abstract: paper.abstract,
    abstractSource: paper.abstract === null ? null : 'listing',
    categories: primaryFirst(codes, primaryCategory),
    primaryCategory,
    updatedAt,
  };
}

/** An arXiv API entry as stored. */
export function storedPaperFromApiEntry(entry: ApiEntry, updatedAt: number): StoredPaper {
  return {
    id: entry.id,
    version: entry.version,
    title: entry.title,
    authors: entry.authors,
    abstract: entry.summary,
    abstractSource: 'api',
    categories: primaryFirst(entry.categories, entry.primaryCategory),
    primaryCategory: entry.primaryCategory,
    updatedAt,
  };
}

/** The store the abstract fetcher reads and fills, backed by the papers object store. */
export function abstractStoreFor(db: SieveDb, now: () => number = Date.now): AbstractStore {
  return {
    getStoredAbstracts: (ids) => getStoredAbstracts(db, ids),
    saveApiEntries: (entries) =>
      putPapers(
        db,
        entries.map((entry) => storedPaperFromApiEntry(entry, now())),
      ),
  };
}

function keepStoredAbstract(paper: StoredPaper, stored: StoredPaper | undefined): StoredPaper {
  if (paper.abstract !== null || !stored || stored.abstract === null) return paper;
  return { ...paper, abstract: stored.abstract, abstractSource: stored.abstractSource };
}

function keepStoredVersion(paper: StoredPaper, stored: StoredPaper | undefined): StoredPaper {
  if (paper.version !== null || !stored || stored.version === null) return paper;
  return { ...paper, version: stored.version };
}

function primaryFirst(codes: readonly string[], primary: string | null): string[] {
  const rest = codes.filter((code) => code !== primary);
  return primary === null ? [...new Set(rest)] : [primary, ...new Set(rest)];
}

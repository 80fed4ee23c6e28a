import type { Judgement } from '../scoring/types';
import type { SieveDb } from './db';

/** Writes judgements in one transaction, replacing any of the same paper, criteria and model. */
export async function putJudgements(db: SieveDb, judgements: readonly Judgement[]): Promise<void> {
  if (judgements.length === 0) return;
  const tx = db.transaction('judgements', 'readwrite');
  await Promise.all([...judgements.map((judgement) => tx.store.put(judgement)), tx.done]);
}

/**
 * The judgements of `paperIds` against these criteria by this model, by paper id, read in one
 * transaction; papers not judged so are absent.
 */
export async function getJudgements(
  db: SieveDb,
  paperIds: readonly string[],
  criteriaHash: string,
  model: string,
): Promise<Map<string, Judgement>> {
  const uniqueIds = [...new Set(paperIds)];
  const found = new Map<string, Judgement>();
  if (uniqueIds.length === 0) return found;
  // One get per key rather than a getAll over the ids' key range: the range also holds every
  // other criteria's and model's judgements and other categories' papers, and a /new page's
  // replacements stretch it over months. With fake-indexeddb, 2000 gets took ~60 ms whatever
  // the store held; the range read took ~25 ms on 6000 records but ~105 ms on 26 000.
  const tx = db.transaction('judgements', 'readonly');
  const [judgements] = await Promise.all([
    Promise.all(uniqueIds.map((id) => tx.store.get([id, criteriaHash, model]))),
    tx.done,
  ]);
  for (const judgement of judgements) if (judgement) found.set(judgement.paperId, judgement);
  return found;
}

/** Every judgement of a paper, across criteria and models, newest first. */
export async function judgementHistory(db: SieveDb, paperId: string): Promise<Judgement[]> {
  const judgements = await db.getAllFromIndex('judgements', 'byPaper', paperId);
  return judgements.sort((a, b) => b.judgedAt - a.judgedAt);
}

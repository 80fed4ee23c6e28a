import type { Judgement } from '../scoring/types';
import type { SieveDb } from './db';
import { idRuns } from './id-runs';

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
  const wanted = new Set(paperIds);
  const found = new Map<string, Judgement>();
  if (wanted.size === 0) return found;
  // Runs of nearby ids are read by key range (see id-runs.ts); a range also holds other
  // criteria's and models' judgements, and papers of other pages, which are left out below.
  const { ranges, singles } = idRuns(wanted);
  const tx = db.transaction('judgements', 'readonly');
  const [inRanges, single] = await Promise.all([
    Promise.all(
      ranges.map(([first, last]) =>
        // [last, []] sorts after every [last, hash, model]: arrays come after strings in keys.
        tx.store.getAll(IDBKeyRange.bound([first], [last, []])),
      ),
    ),
    Promise.all(singles.map((id) => tx.store.get([id, criteriaHash, model]))),
    tx.done,
  ]);
  for (const judgement of [...inRanges.flat(), ...single]) {
    if (!judgement || !wanted.has(judgement.paperId)) continue;
    if (judgement.criteriaHash === criteriaHash && judgement.model === model) {
      found.set(judgement.paperId, judgement);
    }
  }
  return found;
}

/** Every judgement of a paper, across criteria and models, newest first. */
export async function judgementHistory(db: SieveDb, paperId: string): Promise<Judgement[]> {
  const judgements = await db.getAllFromIndex('judgements', 'byPaper', paperId);
  return judgements.sort((a, b) => b.judgedAt - a.judgedAt);
}

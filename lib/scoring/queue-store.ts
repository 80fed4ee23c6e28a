import type { CallOptions } from '../llm/call-options';
import type { PaperForPrompt } from '../llm/types';
import type { SieveDb } from '../store/db';
import { getJudgements, putJudgements } from '../store/judgements';
import { getPapers } from '../store/papers';
import {
  allPending,
  enqueuePending,
  notePendingAttempt,
  pendingKey,
  removePending,
} from '../store/pending';
import { addToRun } from '../store/runs';
import { judgementsFromScores, scaleUsage } from './batch-result';
import type { QueuedPaper, QueueStore, SavedAnswer } from './queue';
import { isKept, type Thresholds } from './rank';
import type { Judgement } from './types';

export interface QueueStoreDeps {
  db: () => Promise<SieveDb>;
  /** The thresholds a judgement is counted relevant by in the run totals. */
  thresholds: () => Promise<Thresholds>;
  rememberOptions: (options: CallOptions) => Promise<void>;
  now: () => number;
}

/** The scoring queue's memory, in IndexedDB. */
export function indexedDbQueueStore(deps: QueueStoreDeps): QueueStore {
  return {
    async load() {
      const db = await deps.db();
      const pending = await allPending(db);
      // A worker stopped between writing an answer and clearing the queue must not pay twice.
      const answered = await judgedAlready(db, pending);
      await removePending(db, answered.map(pendingKey));
      const skip = new Set(answered);
      return pending.filter((item) => !skip.has(item));
    },
    async add(items) {
      await enqueuePending(await deps.db(), items, deps.now());
    },
    async remove(items) {
      await removePending(await deps.db(), items.map(pendingKey));
    },
    async noteAttempt(items, error) {
      const db = await deps.db();
      for (const item of items) await notePendingAttempt(db, pendingKey(item), error);
    },
    async papers(ids) {
      const stored = await getPapers(await deps.db(), ids);
      const papers = new Map<string, PaperForPrompt>();
      for (const [id, paper] of stored) {
        papers.set(id, {
          id,
          title: paper.title,
          authors: paper.authors,
          abstract: paper.abstract,
        });
      }
      return papers;
    },
    saveAnswer: async (answer) => saveAnswer(await deps.db(), answer, deps),
    rememberOptions: deps.rememberOptions,
  };
}

async function judgedAlready<T extends QueuedPaper>(db: SieveDb, items: T[]): Promise<T[]> {
  const answered: T[] = [];
  const byJob = new Map<string, T[]>();
  for (const item of items) {
    const job = `${item.criteriaHash}|${item.model}`;
    byJob.set(job, [...(byJob.get(job) ?? []), item]);
  }
  for (const group of byJob.values()) {
    const first = group[0]!;
    const found = await getJudgements(
      db,
      group.map((item) => item.paperId),
      first.criteriaHash,
      first.model,
    );
    answered.push(...group.filter((item) => found.has(item.paperId)));
  }
  return answered;
}

/**
 * Writes the judgements first (they are paid for), then clears them from the queue and adds the
 * call's tokens and cost to the runs it served, shared by how many of their papers it carried.
 */
async function saveAnswer(
  db: SieveDb,
  { batch, outcome, costUsd, judgedAt }: SavedAnswer,
  deps: QueueStoreDeps,
): Promise<Judgement[]> {
  const first = batch[0];
  if (!first) return [];
  const titleOnly = new Set<string>();
  const papers = await getPapers(
    db,
    batch.map((item) => item.paperId),
  );
  for (const [id, paper] of papers) if (paper.abstract === null) titleOnly.add(id);

  const judgements = judgementsFromScores(outcome.answer.scores, outcome.usage, costUsd, {
    criteriaHash: first.criteriaHash,
    model: first.model,
    judgedAt,
    titleOnly,
  });
  await putJudgements(db, judgements);
  const scored = new Set(judgements.map((judgement) => judgement.paperId));
  await removePending(db, batch.filter((item) => scored.has(item.paperId)).map(pendingKey));

  const thresholds = await deps.thresholds();
  const byRun = new Map<string, QueuedPaper[]>();
  for (const item of batch) byRun.set(item.runId, [...(byRun.get(item.runId) ?? []), item]);
  let callCounted = false;
  for (const [runId, items] of byRun) {
    const share = items.length / batch.length;
    const mine = judgements.filter((judgement) =>
      items.some((item) => item.paperId === judgement.paperId),
    );
    await addToRun(
      db,
      runId,
      {
        counts: {
          scanned: mine.length,
          relevant: mine.filter((judgement) => isKept(judgement, thresholds)).length,
          titleOnly: mine.filter((judgement) => judgement.titleOnly).length,
        },
        tokens: scaleUsage(outcome.usage, share),
        costUsd: costUsd * share,
        // A call is one call: counted in the run of its first paper.
        calls: callCounted ? 0 : 1,
      },
      judgedAt,
    );
    callCounted = true;
  }
  return judgements;
}

import type { DaySummary } from '../messaging/protocol';
import { priceFor } from '../llm/prices';
import { followedAuthorMatches } from '../scoring/authors';
import type { Judgement } from '../scoring/types';
import type { Settings } from '../settings';
import type { RunRecord, SieveDb } from '../store/db';
import { getJudgements } from '../store/judgements';
import { getPapers } from '../store/papers';
import { pendingForRun } from '../store/pending';
import { getRun, localDay, recentRunDates, runIdFor, runsByDate } from '../store/runs';
import { buildDigest } from './build';
import { selectionPromptFor } from './selection-prompt';
import type { Digest } from './types';

/** The digest of one listing tab: its run today, and how many of its papers are still queued. */
export async function pageDigest(
  db: SieveDb,
  url: string,
  settings: Settings,
  now: number,
): Promise<{ digest: Digest | null; pending: number }> {
  const run = await getRun(db, runIdFor(localDay(now), url));
  if (!run) return { digest: null, pending: 0 };
  const [digest, pending] = await Promise.all([
    digestOf(db, run.date, [run], settings),
    pendingForRun(db, run.id),
  ]);
  return { digest, pending: pending.length };
}

/** Every page read on one day, as one digest (the published pipeline's daily digest). */
export async function dayDigest(
  db: SieveDb,
  date: string,
  settings: Settings,
): Promise<Digest | null> {
  const runs = await runsByDate(db, date);
  return runs.length === 0 ? null : digestOf(db, date, runs, settings);
}

/** The latest days with runs, newest first, with their totals. */
export async function daySummaries(db: SieveDb, limit: number): Promise<DaySummary[]> {
  const dates = await recentRunDates(db, limit);
  return Promise.all(
    dates.map(async (date) => {
      const runs = await runsByDate(db, date);
      return {
        date,
        pages: runs.length,
        scanned: runs.reduce((sum, run) => sum + run.counts.scanned, 0),
        relevant: runs.reduce((sum, run) => sum + run.counts.relevant, 0),
        costUsd: runs.reduce((sum, run) => sum + run.costUsd, 0),
      };
    }),
  );
}

async function digestOf(
  db: SieveDb,
  date: string,
  runs: RunRecord[],
  settings: Settings,
): Promise<Digest> {
  const ids = [...new Set(runs.flatMap((run) => run.paperIds ?? []))];
  const papers = await getPapers(db, ids);
  // Each run's papers were judged under its own criteria and model.
  const judgements: Judgement[] = [];
  for (const run of runs) {
    const found = await getJudgements(db, run.paperIds ?? [], run.criteriaHash, run.model);
    judgements.push(...found.values());
  }
  const authorMatches = followedAuthorMatches(papers.values(), settings.followedAuthors);
  return buildDigest({
    date,
    runs,
    papers: [...papers.values()],
    judgements,
    authorMatches,
    thresholds: settings,
    selectionPrompt: selectionPromptFor(settings.criteria, 'text'),
    priceOf: (model) => priceFor(model, settings.baseUrl, settings.priceOverrides),
  });
}

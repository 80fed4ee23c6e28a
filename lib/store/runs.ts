import type { TokenUsage } from '../llm/types';
import type { RunCounts, RunRecord, SieveDb } from './db';

/** What starting (or resuming) a run knows: the page and the settings, no totals yet. */
export type RunStart = Omit<
  RunRecord,
  'id' | 'startedAt' | 'updatedAt' | 'counts' | 'tokens' | 'costUsd' | 'calls'
> & { onPage: number };

/** What a finished batch adds to its run's totals. */
export interface RunDelta {
  counts?: Partial<Omit<RunCounts, 'onPage'>>;
  tokens?: Partial<TokenUsage>;
  costUsd?: number;
  calls?: number;
}

/** The id of the run of `pageUrl` on the local day `date`. */
export function runIdFor(date: string, pageUrl: string): string {
  return `${date}|${pageUrl}`;
}

/** The local day (YYYY-MM-DD) of a moment, as a person there would name it. */
export function localDay(ms: number): string {
  const day = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The run with this id, if any. */
export function getRun(db: SieveDb, runId: string): Promise<RunRecord | undefined> {
  return db.get('runs', runId);
}

/**
 * Starts the run of a page on a day, or resumes it when the page is visited again that day: the
 * page's details and settings are updated, the totals spent so far and `startedAt` are kept.
 */
export async function upsertRun(
  db: SieveDb,
  start: RunStart,
  now: number = Date.now(),
): Promise<RunRecord> {
  const { onPage, ...details } = start;
  const id = runIdFor(start.date, start.pageUrl);
  const tx = db.transaction('runs', 'readwrite');
  const stored = await tx.store.get(id);
  const run: RunRecord = stored
    ? { ...stored, ...details, id, updatedAt: now, counts: { ...stored.counts, onPage } }
    : {
        ...details,
        id,
        startedAt: now,
        updatedAt: now,
        counts: { onPage, scanned: 0, authorMatches: 0, relevant: 0, titleOnly: 0, errors: 0 },
        tokens: { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 },
        costUsd: 0,
        calls: 0,
      };
  await Promise.all([tx.store.put(run), tx.done]);
  return run;
}

/**
 * Adds a batch's tokens, cost, counts and calls to its run. Read and write share one readwrite
 * transaction, which IndexedDB runs one at a time per store, so batches finishing together never
 * overwrite each other's additions. Undefined (nothing written) when the run does not exist.
 */
export async function addToRun(
  db: SieveDb,
  runId: string,
  delta: RunDelta,
  now: number = Date.now(),
): Promise<RunRecord | undefined> {
  const tx = db.transaction('runs', 'readwrite');
  const stored = await tx.store.get(runId);
  if (!stored) {
    await tx.done;
    return undefined;
  }
  const run = withDelta(stored, delta, now);
  await Promise.all([tx.store.put(run), tx.done]);
  return run;
}

/** The runs of a local day, earliest first. */
export async function runsByDate(db: SieveDb, date: string): Promise<RunRecord[]> {
  const runs = await db.getAllFromIndex('runs', 'byDate', date);
  return runs.sort((a, b) => a.startedAt - b.startedAt);
}

/** The latest `limit` local days that have runs, newest first. */
export async function recentRunDates(db: SieveDb, limit: number): Promise<string[]> {
  const dates: string[] = [];
  if (limit <= 0) return dates;
  const tx = db.transaction('runs', 'readonly');
  // 'prevunique' walks the index once per distinct date, newest first, without reading records.
  let cursor = await tx.store.index('byDate').openKeyCursor(null, 'prevunique');
  while (cursor && dates.length < limit) {
    dates.push(cursor.key);
    cursor = await cursor.continue();
  }
  await tx.done;
  return dates;
}

function withDelta(run: RunRecord, delta: RunDelta, now: number): RunRecord {
  const counts = delta.counts ?? {};
  const tokens = delta.tokens ?? {};
  return {
    ...run,
    updatedAt: now,
    counts: {
      onPage: run.counts.onPage,
      scanned: run.counts.scanned + (counts.scanned ?? 0),
      authorMatches: run.counts.authorMatches + (counts.authorMatches ?? 0),
      relevant: run.counts.relevant + (counts.relevant ?? 0),
      titleOnly: run.counts.titleOnly + (counts.titleOnly ?? 0),
      errors: run.counts.errors + (counts.errors ?? 0),
    },
    tokens: {
      prompt: run.tokens.prompt + (tokens.prompt ?? 0),
      cachedPrompt: run.tokens.cachedPrompt + (tokens.cachedPrompt ?? 0),
      completion: run.tokens.completion + (tokens.completion ?? 0),
      reasoning: run.tokens.reasoning + (tokens.reasoning ?? 0),
    },
    costUsd: run.costUsd + (delta.costUsd ?? 0),
    calls: run.calls + (delta.calls ?? 0),
  };
}

/** Dollars spent on a local day, across every page's run: what the daily budget is held to. */
export async function spentOn(db: SieveDb, date: string): Promise<number> {
  const runs = await runsByDate(db, date);
  return runs.reduce((sum, run) => sum + run.costUsd, 0);
}

import type { JudgementKey, PendingRecord, SieveDb } from './db';

/** A paper to queue: which paper, against which criteria, by which model, for which run. */
export type PendingItem = Pick<PendingRecord, 'paperId' | 'criteriaHash' | 'model' | 'runId'>;

/** The queue key of a pending record. */
export function pendingKey(item: PendingItem): JudgementKey {
  return [item.paperId, item.criteriaHash, item.model];
}

/**
 * Queues papers in one transaction. A paper already queued moves to the newer run but keeps its
 * place (`enqueuedAt`) and its failed attempts, so a reload neither jumps the queue nor forgets
 * that a paper keeps failing.
 */
export async function enqueuePending(
  db: SieveDb,
  items: readonly PendingItem[],
  now: number = Date.now(),
): Promise<void> {
  if (items.length === 0) return;
  const tx = db.transaction('pending', 'readwrite');
  await Promise.all([
    ...items.map(async (item) => {
      const queued = await tx.store.get(pendingKey(item));
      const record: PendingRecord = queued
        ? { ...queued, runId: item.runId }
        : { ...pick(item), enqueuedAt: now, attempts: 0, lastError: null };
      await tx.store.put(record);
    }),
    tx.done,
  ]);
}

/** The papers queued for a run, oldest first. */
export async function pendingForRun(db: SieveDb, runId: string): Promise<PendingRecord[]> {
  return inQueueOrder(await db.getAllFromIndex('pending', 'byRun', runId));
}

/** Every queued paper, oldest first: what a restarted service worker resumes. */
export async function allPending(db: SieveDb): Promise<PendingRecord[]> {
  return inQueueOrder(await db.getAll('pending'));
}

/** Takes papers off the queue in one transaction; keys not queued are ignored. */
export async function removePending(db: SieveDb, keys: readonly JudgementKey[]): Promise<void> {
  if (keys.length === 0) return;
  const tx = db.transaction('pending', 'readwrite');
  await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
}

/**
 * Counts a failed attempt at a queued paper and keeps its error for the UI. Undefined (nothing
 * written) when the paper is no longer queued.
 */
export async function notePendingAttempt(
  db: SieveDb,
  key: JudgementKey,
  error: string | null,
): Promise<PendingRecord | undefined> {
  const tx = db.transaction('pending', 'readwrite');
  const queued = await tx.store.get(key);
  if (!queued) {
    await tx.done;
    return undefined;
  }
  const record: PendingRecord = { ...queued, attempts: queued.attempts + 1, lastError: error };
  await Promise.all([tx.store.put(record), tx.done]);
  return record;
}

// Only the record's own fields: callers may pass richer objects that must not be stored.
function pick(item: PendingItem): PendingItem {
  return {
    paperId: item.paperId,
    criteriaHash: item.criteriaHash,
    model: item.model,
    runId: item.runId,
  };
}

function inQueueOrder(records: PendingRecord[]): PendingRecord[] {
  return records.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
}

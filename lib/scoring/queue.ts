import type { Clock } from '../arxiv/abstract-fetcher';
import type { CallOptions } from '../llm/call-options';
import type { ScoreBatchOutcome, ScoreBatchRequest } from '../llm/client';
import type { PaperForPrompt, TokenUsage } from '../llm/types';
import {
  GAVE_UP,
  MAX_CALL_ATTEMPTS,
  MAX_RATE_LIMIT_WAITS,
  MAX_RETRY_AFTER_MS,
  backoffDelayMs,
  rateLimitDelayMs,
} from './backoff';
import type { Judgement } from './types';

/** One paper waiting to be judged under given criteria and model; persisted. */
export interface QueuedPaper {
  paperId: string;
  criteriaHash: string;
  model: string;
  runId: string;
  /** Calls that included this paper and brought no score for it. */
  attempts: number;
}

/** What the current settings say about scoring, read before each batch. */
export type ScoringJob =
  | {
      ready: true;
      criteria: string;
      criteriaHash: string;
      model: string;
      batchSize: number;
      concurrency: number;
      options: CallOptions;
      scoreBatch: (request: ScoreBatchRequest) => Promise<ScoreBatchOutcome>;
      /** Cost of a call's usage in $ (0 for local endpoints, null when the price is unknown). */
      cost: (usage: TokenUsage) => number;
    }
  /** Nothing can be scored now (no API key, daily budget reached): say why and wait. */
  | { ready: false; reason: string };

export interface QueueStore {
  /** Every queued paper, as saved before the worker last stopped. */
  load(): Promise<QueuedPaper[]>;
  add(items: readonly QueuedPaper[]): Promise<void>;
  remove(items: readonly QueuedPaper[]): Promise<void>;
  noteAttempt(items: readonly QueuedPaper[], error: string): Promise<void>;
  papers(ids: readonly string[]): Promise<Map<string, PaperForPrompt>>;
  /** Writes judgements and adds the call's tokens and cost to the runs it served, at once. */
  saveAnswer(answer: SavedAnswer): Promise<Judgement[]>;
  /** Remembers the call options that worked for this endpoint+model. */
  rememberOptions(options: CallOptions): Promise<void>;
}

export interface SavedAnswer {
  batch: readonly QueuedPaper[];
  outcome: Extract<ScoreBatchOutcome, { ok: true }>;
  costUsd: number;
  judgedAt: number;
}

export interface QueueEvents {
  scoring(items: readonly QueuedPaper[]): void;
  judged(judgements: readonly Judgement[]): void;
  /** These papers end in an error state; the user may retry them. */
  failed(items: readonly QueuedPaper[], message: string): void;
  /** Scoring waits (rate limit, budget, no key); null when it goes on again. */
  waiting(message: string | null): void;
  /** The user stopped these papers' scoring: they wait for "Score this page". */
  stopped(items: readonly QueuedPaper[], reason: string): void;
}

export interface ScoringQueueDeps {
  store: QueueStore;
  job: () => Promise<ScoringJob>;
  clock: Clock;
  random: () => number;
  events: QueueEvents;
}

const key = (item: Pick<QueuedPaper, 'paperId' | 'criteriaHash' | 'model'>) =>
  `${item.paperId}|${item.criteriaHash}|${item.model}`;

/**
 * The scoring queue: batches queued papers into calls, at most `concurrency` at a time, writes
 * every answer the moment it arrives, and retries within bounds. The queue lives in IndexedDB,
 * so a stopped service worker picks it up again with `resume()`.
 */
export function createScoringQueue(deps: ScoringQueueDeps) {
  const { store, clock, events } = deps;
  const queued = new Map<string, QueuedPaper>();
  const inFlight = new Set<string>();
  /** Runs by their latest enqueue, newest last: the page just opened is scored first. */
  const runOrder: string[] = [];
  let running = 0;
  let pumping = false;
  let pumpAgain = false;
  let waitUntil = 0;
  /** Answers received so far: a readiness check overtaken by one is done again. */
  let answersSaved = 0;
  /** Answers being written: the budget is read only once they are in. */
  const savesInProgress = new Set<Promise<unknown>>();
  let loaded: Promise<void> | null = null;

  function load(): Promise<void> {
    loaded ??= store.load().then(
      (items) => {
        for (const item of items) if (!queued.has(key(item))) queued.set(key(item), item);
      },
      (error: unknown) => {
        // Read again by the next enqueue or resume, instead of failing every one after.
        loaded = null;
        throw error;
      },
    );
    return loaded;
  }

  /** Queues papers (already-queued ones are left as they are) and starts work. */
  async function enqueue(items: readonly QueuedPaper[]): Promise<void> {
    await load();
    const fresh = items.filter((item) => !queued.has(key(item)));
    // A paper queued again by a newer visit is paid for in that visit's run.
    for (const item of items) {
      const waiting = queued.get(key(item));
      if (waiting && waiting.runId !== item.runId)
        queued.set(key(item), { ...waiting, runId: item.runId });
    }
    await store.add(items);
    for (const item of fresh) queued.set(key(item), item);
    for (const runId of new Set(items.map((item) => item.runId))) {
      const at = runOrder.indexOf(runId);
      if (at >= 0) runOrder.splice(at, 1);
      runOrder.push(runId);
    }
    pump();
  }

  /** Picks up what a stopped worker left queued. */
  async function resume(): Promise<void> {
    await load();
    pump();
  }

  /** Starts as many batches as the settings allow; re-entered whenever one ends. */
  function pump(): void {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    void fill().finally(() => {
      pumping = false;
      if (pumpAgain) {
        pumpAgain = false;
        pump();
      }
    });
  }

  async function fill(): Promise<void> {
    const waiting = waitUntil - clock.now();
    if (waiting > 0) {
      setTimeoutOn(clock, waiting, pump);
      return;
    }
    let job: ScoringJob;
    try {
      // Read again if an answer was saved meanwhile: the daily budget must count every call
      // already paid for, not only those stored when the read began.
      let seen: number;
      do {
        await Promise.allSettled([...savesInProgress]);
        seen = answersSaved;
        job = await deps.job();
      } while (seen !== answersSaved || savesInProgress.size > 0);
    } catch (error) {
      // Settings or storage unreadable: say so; the next enqueue or settings change tries again.
      const detail = error instanceof Error ? error.message : String(error);
      if (idle().length > 0) events.waiting(`Scoring cannot start: ${detail}`);
      return;
    }
    if (!job.ready) {
      if (idle().length > 0) events.waiting(job.reason);
      return;
    }
    await dropStale(job);
    while (running < job.concurrency) {
      const batch = nextBatch(job);
      if (batch.length === 0) return;
      running += 1;
      for (const item of batch) inFlight.add(key(item));
      void runBatch(job, batch).finally(() => {
        running -= 1;
        for (const item of batch) inFlight.delete(key(item));
        pump();
      });
    }
  }

  function idle(): QueuedPaper[] {
    return [...queued.values()].filter((item) => !inFlight.has(key(item)));
  }

  /**
   * Papers of the current criteria and model: those of the most recently opened page first (the
   * one the reader is looking at), each page's in its own order; then the older ones, oldest
   * first (runs a stopped worker left are picked up in the order they were stored).
   */
  function nextBatch(job: Extract<ScoringJob, { ready: true }>): QueuedPaper[] {
    const rank = new Map(runOrder.map((runId, index) => [runId, index]));
    const candidates = idle()
      .filter((item) => item.criteriaHash === job.criteriaHash && item.model === job.model)
      .map((item, order) => ({ item, order, run: rank.get(item.runId) ?? -1 }));
    // Newest run first; among runs never enqueued by this worker, queue order.
    candidates.sort((a, b) => b.run - a.run || a.order - b.order);
    return candidates.slice(0, job.batchSize).map((candidate) => candidate.item);
  }

  async function runBatch(
    job: Extract<ScoringJob, { ready: true }>,
    batch: QueuedPaper[],
  ): Promise<void> {
    try {
      const papers = await store.papers(batch.map((item) => item.paperId));
      const known = batch.filter((item) => papers.has(item.paperId));
      const unknown = batch.filter((item) => !papers.has(item.paperId));
      if (unknown.length > 0)
        await fail(unknown, 'This paper’s title and abstract were not stored.');
      if (known.length === 0) return;

      events.scoring(known);
      let rateLimitWaits = 0;
      let options = job.options;
      for (;;) {
        const outcome = await job.scoreBatch({
          criteria: job.criteria,
          papers: known.map((item) => papers.get(item.paperId)!),
          options,
        });
        if (outcome.ok) return await answered(job, known, outcome);

        const { failure } = outcome;
        // What the endpoint refused (response_format, an effort) stays learned even when the
        // call that learned it failed for another reason.
        if (outcome.options !== options) {
          options = outcome.options;
          await store.rememberOptions(options).catch(unsaved);
        }
        if (failure.kind === 'rate-limited') {
          const delay = rateLimitDelayMs(failure.retryAfterMs, ++rateLimitWaits, deps.random);
          // Waiting it out is not counted as an attempt; a limit that will not lift soon ends
          // in an error the user can retry, not in an endless wait or a silent early retry.
          if (rateLimitWaits > MAX_RATE_LIMIT_WAITS || delay > MAX_RETRY_AFTER_MS) {
            const minutes = Math.ceil(delay / 60_000);
            const advice =
              delay > MAX_RETRY_AFTER_MS
                ? ` It asks to wait ${minutes} min — retry then.`
                : ' It kept refusing — retry in a few minutes.';
            return await fail(known, `${failure.message.replace(/;.*$/, '.')}${advice}`);
          }
          waitUntil = Math.max(waitUntil, clock.now() + delay);
          events.waiting(`${failure.message} Waiting ${Math.ceil(delay / 1000)} s.`);
          await clock.sleep(delay);
          events.waiting(null);
          continue;
        }
        if (failure.kind === 'fatal') return await failEverything(job, known, failure.message);
        return await retryLater(known, failure.message);
      }
    } catch (error) {
      // A bug or a storage failure must not leave papers stuck "scoring". Papers already judged
      // (or failed) are out of the queue and not asked again.
      const left = batch.filter((item) => queued.has(key(item)));
      await retryLater(left, `Scoring failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  async function answered(
    job: Extract<ScoringJob, { ready: true }>,
    batch: QueuedPaper[],
    outcome: Extract<ScoreBatchOutcome, { ok: true }>,
  ): Promise<void> {
    // Written before anything else: a paid-for score is never lost.
    answersSaved += 1;
    const saving = store.saveAnswer({
      batch,
      outcome,
      costUsd: job.cost(outcome.usage),
      judgedAt: clock.now(),
    });
    savesInProgress.add(saving);
    let judgements: Judgement[];
    try {
      judgements = await saving;
    } finally {
      savesInProgress.delete(saving);
    }
    // Learned again from the next refusal if lost: not worth asking for the scores again.
    if (outcome.options !== job.options)
      await store.rememberOptions(outcome.options).catch(unsaved);
    const scored = new Set(judgements.map((judgement) => judgement.paperId));
    const done = batch.filter((item) => scored.has(item.paperId));
    for (const item of done) queued.delete(key(item));
    events.judged(judgements);

    const missing = batch.filter((item) => !scored.has(item.paperId));
    if (missing.length === 0) return;
    const reason =
      outcome.finishReason === 'length'
        ? 'The model’s answer was cut off before this paper.'
        : 'The model’s answer left this paper out or scored it wrongly.';
    await retryLater(missing, reason, false);
  }

  /** Counts an attempt; papers out of attempts end in an error state, the rest wait their turn. */
  async function retryLater(items: QueuedPaper[], message: string, backoff = true): Promise<void> {
    const again: QueuedPaper[] = [];
    const exhausted: QueuedPaper[] = [];
    for (const item of items) {
      const next = { ...item, attempts: item.attempts + 1 };
      (next.attempts >= MAX_CALL_ATTEMPTS ? exhausted : again).push(next);
    }
    // Counted in memory before the store is written: a store that throws must not have papers
    // asked again and again, at once, their attempts never adding up.
    for (const item of again) queued.set(key(item), item);
    if (backoff && again.length > 0) {
      const attempt = Math.max(...again.map((item) => item.attempts));
      waitUntil = Math.max(waitUntil, clock.now() + backoffDelayMs(attempt, deps.random));
    }
    await store.noteAttempt(again, message).catch(unsaved);
    if (exhausted.length > 0) await fail(exhausted, `${message} ${GAVE_UP}`);
  }

  async function fail(items: QueuedPaper[], message: string): Promise<void> {
    for (const item of items) queued.delete(key(item));
    events.failed(items, message);
    // Left in the store, a paper is tried once more after a restart: bounded by its attempts.
    await store.remove(items).catch(unsaved);
  }

  /** Key rejected, model unknown, no credit: nothing queued for this job can succeed. */
  async function failEverything(
    job: Extract<ScoringJob, { ready: true }>,
    batch: QueuedPaper[],
    message: string,
  ): Promise<void> {
    // Other batches in flight end on their own (their answers, if any, are still kept).
    const waiting = idle().filter(
      (item) => item.criteriaHash === job.criteriaHash && item.model === job.model,
    );
    await fail([...batch, ...waiting], message);
  }

  /** Papers queued under criteria or a model no longer set: the page asks again under the new. */
  async function dropStale(job: Extract<ScoringJob, { ready: true }>): Promise<void> {
    const stale = idle().filter(
      (item) => item.criteriaHash !== job.criteriaHash || item.model !== job.model,
    );
    if (stale.length === 0) return;
    for (const item of stale) queued.delete(key(item));
    // Dropped again after a restart if this write fails; the current job's papers go on.
    await store.remove(stale).catch(unsaved);
  }

  /** Takes a run's waiting papers off the queue (the user pressed Stop); calls in flight end. */
  async function cancel(runId: string, reason: string): Promise<number> {
    await load();
    const items = idle().filter((item) => item.runId === runId);
    for (const item of items) queued.delete(key(item));
    if (items.length > 0) events.stopped(items, reason);
    await store.remove(items).catch(unsaved);
    return items.length;
  }

  return {
    enqueue,
    resume,
    cancel,
    /** Papers queued or in flight. */
    get size() {
      return queued.size;
    },
  };
}

/** A queue write that failed after memory was updated: reported, the queue goes on. */
function unsaved(error: unknown): void {
  console.error('Paper Sieve could not write its scoring queue', error);
}

function setTimeoutOn(clock: Clock, ms: number, then: () => void): void {
  void clock.sleep(ms).then(then);
}

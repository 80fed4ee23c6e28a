import type { JudgementView, PortEvent, RunProgress } from '../messaging/protocol';
import { isKept } from '../scoring/rank';

/** Where one paper on the page stands, as the `data-sieve-state` hook names it. */
export type EntryState = 'pending' | 'scored' | 'author-match' | 'error' | 'idle';

export interface EntryStatus {
  state: EntryState;
  /** `scoring` while its call is in flight; `queued` while it waits. */
  phase: 'queued' | 'scoring' | null;
  judgement: JudgementView | null;
  /** Why it is in error or idle, in words. */
  reason: string | null;
}

/** Everything the page knows about its papers' scoring. */
export interface PageScores {
  entries: Map<string, EntryStatus>;
  run: RunProgress | null;
  /** A passing note: rate-limited, waiting for the budget… */
  waiting: string | null;
  thresholds: Thresholds;
}

export interface Thresholds {
  minRelevance: number;
  minNovelty: number;
}

/** The published pipeline's thresholds, until the background says otherwise. */
export const DEFAULT_THRESHOLDS: Thresholds = { minRelevance: 8, minNovelty: 7 };

/**
 * Waiting for its turn: where every paper starts and goes back to when asked again. Shared, as
 * statuses are replaced, never changed; `annotate` tells a new status by identity.
 */
export const QUEUED: EntryStatus = {
  state: 'pending',
  phase: 'queued',
  judgement: null,
  reason: null,
};

export function initialScores(paperIds: readonly string[]): PageScores {
  const entries = new Map<string, EntryStatus>();
  for (const id of paperIds) entries.set(id, QUEUED);
  return { entries, run: null, waiting: null, thresholds: DEFAULT_THRESHOLDS };
}

/**
 * Applies one event from the background; returns the ids whose entry changed, for the DOM.
 * A judgement is final: a late "scoring" or "error" for a paper already scored is ignored.
 */
export function applyEvent(scores: PageScores, event: PortEvent): string[] {
  switch (event.type) {
    case 'judged':
      for (const judgement of event.judgements) {
        if (!scores.entries.has(judgement.paperId)) continue;
        scores.entries.set(judgement.paperId, {
          state: judgement.kind === 'author-match' ? 'author-match' : 'scored',
          phase: null,
          judgement,
          reason: null,
        });
      }
      return event.judgements.map((judgement) => judgement.paperId);
    case 'state': {
      const changed: string[] = [];
      for (const id of event.paperIds) {
        const entry = scores.entries.get(id);
        if (!entry || entry.judgement !== null) continue;
        scores.entries.set(id, {
          state: event.state === 'queued' || event.state === 'scoring' ? 'pending' : event.state,
          phase: event.state === 'queued' || event.state === 'scoring' ? event.state : null,
          judgement: null,
          reason: event.reason,
        });
        changed.push(id);
      }
      return changed;
    }
    case 'waiting':
      scores.waiting = event.message;
      return [];
    case 'run':
      scores.run = event.progress;
      return [];
    case 'rescore':
      // The page controller asks again; the entries' states follow from the answers.
      return [];
    case 'thresholds': {
      const { minRelevance, minNovelty } = event;
      const same =
        scores.thresholds.minRelevance === minRelevance &&
        scores.thresholds.minNovelty === minNovelty;
      scores.thresholds = { minRelevance, minNovelty };
      // Every badge's colour depends on them; they are sent on every connect, unchanged mostly.
      return same ? [] : [...scores.entries.keys()];
    }
  }
}

export interface ScoringSummary {
  total: number;
  scored: number;
  relevant: number;
  pending: number;
  errors: number;
  idle: number;
  /** The reason shared by the idle papers (no key, automatic scoring off, budget). */
  idleReason: string | null;
  costUsd: number | null;
  priced: boolean;
  waiting: string | null;
}

/** Counts for the status line. */
export function summarise(scores: PageScores): ScoringSummary {
  let scored = 0;
  let relevant = 0;
  let pending = 0;
  let errors = 0;
  let idle = 0;
  let idleReason: string | null = null;
  for (const entry of scores.entries.values()) {
    if (entry.judgement) {
      scored += 1;
      // Kept by the thresholds the page holds now (the badges use the same), not as first judged.
      if (isKept(entry.judgement, scores.thresholds)) relevant += 1;
    } else if (entry.state === 'pending') pending += 1;
    else if (entry.state === 'error') errors += 1;
    else if (entry.state === 'idle') {
      idle += 1;
      idleReason ??= entry.reason;
    }
  }
  return {
    total: scores.entries.size,
    scored,
    relevant,
    pending,
    errors,
    idle,
    idleReason,
    costUsd: scores.run?.costUsd ?? null,
    priced: scores.run?.priced ?? true,
    waiting: scores.waiting,
  };
}

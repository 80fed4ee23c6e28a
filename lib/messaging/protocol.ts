import type { Digest } from '../digest/types';
import type { ConnectionReport } from '../llm/connection-test';
import type { Request } from './schema';

// Type-only import above: the content script must not bundle zod (size), only the background
// validates. Every message between the extension's parts is declared here.

/** Why a paper goes on title-only, in words a researcher can act on. */
export type TitleOnlyReason = string;

export interface ListingReadResponse {
  /** Abstracts for papers the page listed without one (from the store or the arXiv API). */
  abstracts: Record<string, string>;
  /** Papers whose abstract could not be had: they go on with their title. */
  titleOnly: Record<string, TitleOnlyReason>;
  /** Ids among `abstracts` fetched from the arXiv API now; the rest were remembered. */
  fetched: string[];
}

export interface StoreStatsResponse {
  papers: number;
  judgements: number;
  runs: number;
  pending: number;
  /** UTF-8 length of the records as JSON: IndexedDB's own overhead comes on top. */
  approxBytes: number;
}

export interface ResponseMap {
  'listing/read': ListingReadResponse;
  'options/open': { opened: true };
  'connection/test': ConnectionReport;
  'models/list': { models: string[] };
  'store/stats': StoreStatsResponse;
  'store/clear': { cleared: true };
  'digest/page': { digest: Digest | null; pending: number };
  'digest/days': { days: DaySummary[] };
  'digest/day': { digest: Digest | null };
  'scoring/stop': { stopped: number };
}

/** One day in the popup's history. */
export interface DaySummary {
  date: string;
  pages: number;
  scanned: number;
  relevant: number;
  costUsd: number;
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** A failure the background reports instead of throwing across the message boundary. */
export interface ErrorResponse {
  error: string;
}

export type { Request };

export type { PortRequest, PageRef } from './schema';

/** The page's long-lived connection to the background, on which results stream back. */
export const PAGE_PORT = 'sieve-page';

/** A judgement as the page shows it. */
export interface JudgementView {
  paperId: string;
  kind: 'scored' | 'author-match';
  relevance: number | null;
  novelty: number | null;
  comment: string;
  model: string;
  titleOnly: boolean;
  /** Whether it passes the current thresholds (author matches always do). */
  kept: boolean;
}

/** Where a paper stands, for the page to show. */
export type PaperState = 'queued' | 'scoring' | 'error' | 'idle';

/** What this page's run has cost today (the page counts its own scored and kept papers). */
export interface RunProgress {
  costUsd: number;
  calls: number;
  /** False when the price of the model is unknown: the cost shown is then a lower bound. */
  priced: boolean;
}

/** What the background streams to a page on its port. */
export type PortEvent =
  | { type: 'judged'; judgements: JudgementView[] }
  | { type: 'state'; paperIds: string[]; state: PaperState; reason: string | null }
  | { type: 'waiting'; message: string | null }
  | { type: 'run'; progress: RunProgress }
  /** The thresholds badges are coloured against; sent on connect and when they change. */
  | { type: 'thresholds'; minRelevance: number; minNovelty: number }
  /** Settings that decide the judgements changed (criteria, model, key…): ask again. */
  | { type: 'rescore' };

/** What the popup asks of the listing tab it was opened on. */
export type TabMessage = { type: 'page/reveal'; paperId: string } | { type: 'page/score-now' };

/** Whether a message is one the content script takes from the popup. */
export function isTabMessage(message: unknown): message is TabMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, paperId } = message as Record<string, unknown>;
  return type === 'page/score-now' || (type === 'page/reveal' && typeof paperId === 'string');
}

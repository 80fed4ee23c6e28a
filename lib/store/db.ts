import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { PageKind } from '../arxiv/types';
import type { TokenUsage } from '../llm/types';
import type { Judgement } from '../scoring/types';

export const SIEVE_DB_NAME = 'paper-sieve';

/** Raise by one with each new upgrade step below. */
export const SIEVE_DB_VERSION = 2;

/** A paper as Paper Sieve keeps it, so each abstract is fetched once. */
export interface StoredPaper {
  /** Canonical id without version: `2510.09660` or `hep-th/9901001`. */
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  /** Whitespace-normalised abstract; null while only the title is known. */
  abstract: string | null;
  /** Where the abstract came from: the listing page itself or the arXiv API. */
  abstractSource: 'listing' | 'api' | null;
  /** Category codes, primary first. */
  categories: string[];
  primaryCategory: string | null;
  /** When this record was last written (ms since the epoch). */
  updatedAt: number;
}

/** A judgement's key, and a pending item's: one paper judged against one criteria by one model. */
export type JudgementKey = [paperId: string, criteriaHash: string, model: string];

/** Papers counted in a run; every field but `onPage` adds up as batches finish. */
export interface RunCounts {
  /** Papers the page listed (set when the run starts, not added). */
  onPage: number;
  /** Papers the model judged. */
  scanned: number;
  authorMatches: number;
  /** Papers whose judgement reached the relevance threshold. */
  relevant: number;
  /** Papers judged on their title alone (no abstract could be had). */
  titleOnly: number;
  /** Papers whose scoring failed. */
  errors: number;
}

/** One visit of a listing page on one local day, with what its scoring cost. */
export interface RunRecord {
  /** `${date}|${pageUrl}`: a reload the same day continues the same run. */
  id: string;
  /** The local day (YYYY-MM-DD) the run happened, not the listing's announcement date. */
  date: string;
  pageUrl: string;
  /** Archive or category from the URL, e.g. `cs.LG`. */
  category: string;
  pageKind: PageKind;
  /** The announcement date the page shows, when it names one. */
  listingDate: string | null;
  /** The papers the page listed, in page order (for its digest); absent in records before it. */
  paperIds?: string[];
  /** ms since the epoch */
  startedAt: number;
  updatedAt: number;
  criteriaHash: string;
  model: string;
  counts: RunCounts;
  tokens: TokenUsage;
  costUsd: number;
  /** Model calls made (retries included). */
  calls: number;
}

/** A paper waiting to be scored, kept so a stopped service worker picks the queue up again. */
export interface PendingRecord {
  paperId: string;
  criteriaHash: string;
  model: string;
  /** The run that asked for it last. */
  runId: string;
  /** ms since the epoch */
  enqueuedAt: number;
  /** Scoring attempts that failed so far. */
  attempts: number;
  lastError: string | null;
}

export interface SieveDbSchema extends DBSchema {
  papers: { key: string; value: StoredPaper };
  judgements: { key: JudgementKey; value: Judgement; indexes: { byPaper: string } };
  runs: { key: string; value: RunRecord; indexes: { byDate: string } };
  pending: { key: JudgementKey; value: PendingRecord; indexes: { byRun: string } };
}

/** The key path of judgements and pending items, in `JudgementKey` order. */
const JUDGEMENT_KEY_PATH = ['paperId', 'criteriaHash', 'model'];

export type SieveDb = IDBPDatabase<SieveDbSchema>;

type UpgradeTransaction = IDBPTransaction<
  SieveDbSchema,
  StoreNames<SieveDbSchema>[],
  'versionchange'
>;

/** Opens (creating or upgrading as needed) Paper Sieve's database. */
export async function openSieveDb(name = SIEVE_DB_NAME): Promise<SieveDb> {
  const db: SieveDb = await openDB<SieveDbSchema>(name, SIEVE_DB_VERSION, {
    upgrade: upgradeSieveDb,
    // A newer extension version is waiting to upgrade: let go, or its open would hang.
    blocking: () => db.close(),
  });
  return db;
}

/**
 * Runs every step from the stored version up to SIEVE_DB_VERSION, in order, so a fresh install
 * and a database several versions old end in the same shape.
 */
function upgradeSieveDb(
  db: SieveDb,
  oldVersion: number,
  _newVersion: number | null,
  // Later steps that migrate records reach the existing stores through this transaction.
  _transaction: UpgradeTransaction,
): void {
  switch (oldVersion) {
    case 0:
      db.createObjectStore('papers', { keyPath: 'id' });
    // falls through
    case 1: {
      // History is kept: new criteria or a new model add judgements beside the old ones.
      const judgements = db.createObjectStore('judgements', { keyPath: JUDGEMENT_KEY_PATH });
      judgements.createIndex('byPaper', 'paperId');
      const runs = db.createObjectStore('runs', { keyPath: 'id' });
      runs.createIndex('byDate', 'date');
      const pending = db.createObjectStore('pending', { keyPath: JUDGEMENT_KEY_PATH });
      pending.createIndex('byRun', 'runId');
    }
    // falls through
    // Each later step is added as the next `case`, ending by falling through to the one after.
  }
}

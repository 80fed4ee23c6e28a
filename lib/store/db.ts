import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

export const SIEVE_DB_NAME = 'paper-sieve';

/** Raise by one with each new upgrade step below. */
export const SIEVE_DB_VERSION = 1;

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

export interface SieveDbSchema extends DBSchema {
  papers: { key: string; value: StoredPaper };
}

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
    // Step 2, the stores for judgements and runs, is added here by the scoring work as `case 1:`
    // (with SIEVE_DB_VERSION raised to 2); each step ends by falling through to the next.
  }
}

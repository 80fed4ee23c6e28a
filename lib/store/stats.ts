import type { IDBPTransaction, StoreNames } from 'idb';
import type { SieveDb, SieveDbSchema } from './db';

/** How much Paper Sieve keeps, for the options page. */
export interface StoreStats {
  papers: number;
  judgements: number;
  runs: number;
  pending: number;
  /**
   * An estimate: the UTF-8 length of every record written as JSON. IndexedDB's own encoding,
   * keys, indexes and overhead are not counted, so the space used on disk is somewhat larger.
   */
  approxBytes: number;
}

type SieveStoreName = StoreNames<SieveDbSchema>;
type ReadTransaction = IDBPTransaction<SieveDbSchema, SieveStoreName[], 'readonly'>;

const STORE_NAMES: SieveStoreName[] = ['papers', 'judgements', 'runs', 'pending'];

// Records read per getAll while measuring: reading a store at once could hold tens of megabytes.
const MEASURE_CHUNK = 500;

/** Counts the records of every store and estimates their size, in one transaction. */
export async function storeStats(db: SieveDb): Promise<StoreStats> {
  const tx = db.transaction(STORE_NAMES, 'readonly');
  const [papers, judgements, runs, pending] = await Promise.all([
    measureStore(tx, 'papers'),
    measureStore(tx, 'judgements'),
    measureStore(tx, 'runs'),
    measureStore(tx, 'pending'),
  ]);
  await tx.done;
  return {
    papers: papers.count,
    judgements: judgements.count,
    runs: runs.count,
    pending: pending.count,
    approxBytes: papers.bytes + judgements.bytes + runs.bytes + pending.bytes,
  };
}

/** Deletes everything Paper Sieve keeps, every store in one transaction. */
export async function clearStore(db: SieveDb): Promise<void> {
  const tx = db.transaction(STORE_NAMES, 'readwrite');
  await Promise.all([...STORE_NAMES.map((name) => tx.objectStore(name).clear()), tx.done]);
}

interface StoreSize {
  count: number;
  bytes: number;
}

async function measureStore(tx: ReadTransaction, name: SieveStoreName): Promise<StoreSize> {
  const store = tx.objectStore(name);
  const encoder = new TextEncoder();
  let count = 0;
  let bytes = 0;
  let range: IDBKeyRange | null = null;
  for (;;) {
    // The same range and limit give the chunk's records and their keys, in the same order.
    const [records, keys] = await Promise.all([
      store.getAll(range, MEASURE_CHUNK),
      store.getAllKeys(range, MEASURE_CHUNK),
    ]);
    for (const record of records) bytes += encoder.encode(JSON.stringify(record)).length;
    count += records.length;
    const lastKey = keys.at(-1);
    if (records.length < MEASURE_CHUNK || lastKey === undefined) return { count, bytes };
    range = IDBKeyRange.lowerBound(lastKey, true);
  }
}

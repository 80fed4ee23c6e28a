import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEntry } from '../../lib/arxiv/atom';
import type { Paper } from '../../lib/arxiv/types';
import { SIEVE_DB_VERSION, openSieveDb } from '../../lib/store/db';
import type { SieveDb, StoredPaper } from '../../lib/store/db';
import {
  abstractStoreFor,
  getPapers,
  getStoredAbstracts,
  putPapers,
  storedPaperFromApiEntry,
  storedPaperFromListing,
} from '../../lib/store/papers';

const opened: SieveDb[] = [];
let dbCount = 0;

/** A fresh database per test, so tests never see each other's papers. */
async function freshDb(): Promise<SieveDb> {
  dbCount += 1;
  const db = await openSieveDb(
    `paper-sieve-test-${dbCount}-${Math.random().toString(36).slice(2)}`,
  );
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function storedPaper(id: string, overrides: Partial<StoredPaper> = {}): StoredPaper {
  return {
    id,
    version: 1,
    title: `Title of ${id}`,
    authors: ['A. Author', 'B. Author'],
    abstract: `Abstract of ${id}.`,
    abstractSource: 'listing',
    categories: ['cond-mat.mtrl-sci'],
    primaryCategory: 'cond-mat.mtrl-sci',
    updatedAt: 1_000,
    ...overrides,
  };
}

describe('openSieveDb', () => {
  it('creates the papers store, keyed by id, at the current version', async () => {
    const db = await freshDb();
    expect(db.version).toBe(SIEVE_DB_VERSION);
    expect([...db.objectStoreNames]).toContain('papers');
    expect(db.transaction('papers').store.keyPath).toBe('id');
  });

  it('opens an existing database again without losing its papers', async () => {
    const name = `paper-sieve-reopen-${Math.random().toString(36).slice(2)}`;
    const first = await openSieveDb(name);
    await putPapers(first, [storedPaper('2609.22268')]);
    first.close();
    const second = await openSieveDb(name);
    opened.push(second);
    expect((await getPapers(second, ['2609.22268'])).get('2609.22268')?.title).toBe(
      'Title of 2609.22268',
    );
  });

  it('lets go of its connection when a newer version wants to upgrade', async () => {
    const name = `paper-sieve-blocking-${Math.random().toString(36).slice(2)}`;
    await openSieveDb(name);
    // Were the old connection kept, this open would wait forever on "blocked".
    const newer = await openDB(name, SIEVE_DB_VERSION + 1);
    expect(newer.version).toBe(SIEVE_DB_VERSION + 1);
    newer.close();
  });
});

describe('putPapers and getPapers', () => {
  it('stores papers and reads them back in one call, as a Map by id', async () => {
    const db = await freshDb();
    const papers = [storedPaper('2609.00001'), storedPaper('hep-th/9901001', { version: null })];
    await putPapers(db, papers);
    const found = await getPapers(db, ['2609.00001', 'hep-th/9901001', '2609.99999']);
    expect([...found.keys()]).toEqual(['2609.00001', 'hep-th/9901001']);
    expect(found.get('hep-th/9901001')).toEqual(papers[1]);
  });

  it('returns an empty Map for no ids or an empty store', async () => {
    const db = await freshDb();
    expect((await getPapers(db, [])).size).toBe(0);
    expect((await getPapers(db, ['2609.00001'])).size).toBe(0);
  });

  it('replaces a stored paper with a newer record of it', async () => {
    const db = await freshDb();
    await putPapers(db, [storedPaper('2609.00001')]);
    await putPapers(db, [
      storedPaper('2609.00001', { version: 2, title: 'Revised', updatedAt: 2 }),
    ]);
    expect((await getPapers(db, ['2609.00001'])).get('2609.00001')).toMatchObject({
      version: 2,
      title: 'Revised',
      updatedAt: 2,
    });
  });

  it('keeps a stored abstract when the paper is read again from a page without one', async () => {
    const db = await freshDb();
    await putPapers(db, [storedPaper('2609.00001', { abstractSource: 'api' })]);
    await putPapers(db, [
      storedPaper('2609.00001', { abstract: null, abstractSource: null, updatedAt: 5 }),
    ]);
    expect((await getPapers(db, ['2609.00001'])).get('2609.00001')).toMatchObject({
      abstract: 'Abstract of 2609.00001.',
      abstractSource: 'api',
      // Nothing else changed, so the record was not written again.
      updatedAt: 1_000,
    });
  });

  it('keeps a stored version when the paper is read again without one', async () => {
    const db = await freshDb();
    await putPapers(db, [storedPaper('2609.00001', { version: 3, abstractSource: 'api' })]);
    await putPapers(db, [storedPaper('2609.00001', { version: null, updatedAt: 5 })]);
    expect((await getPapers(db, ['2609.00001'])).get('2609.00001')).toMatchObject({
      version: 3,
      abstractSource: 'listing',
      updatedAt: 5,
    });
    // A version read from the page still replaces the stored one.
    await putPapers(db, [storedPaper('2609.00001', { version: 4, updatedAt: 6 })]);
    expect((await getPapers(db, ['2609.00001'])).get('2609.00001')?.version).toBe(4);
  });

  it('does not write again a paper a revisit reads unchanged', async () => {
    const db = await freshDb();
    await putPapers(db, [storedPaper('2609.00001'), storedPaper('2609.00002')]);
    await putPapers(db, [
      storedPaper('2609.00001', { updatedAt: 9_000 }),
      storedPaper('2609.00002', { authors: ['A. Author'], updatedAt: 9_000 }),
    ]);
    const stored = await getPapers(db, ['2609.00001', '2609.00002']);
    expect(stored.get('2609.00001')?.updatedAt).toBe(1_000);
    expect(stored.get('2609.00002')).toMatchObject({ authors: ['A. Author'], updatedAt: 9_000 });
  });

  it('writes the last record when a batch names the same paper twice', async () => {
    const db = await freshDb();
    await putPapers(db, [
      storedPaper('2609.00001', { title: 'First' }),
      storedPaper('2609.00001', { title: 'Second' }),
    ]);
    expect((await getPapers(db, ['2609.00001'])).get('2609.00001')?.title).toBe('Second');
  });

  it('reads a large batch', async () => {
    const db = await freshDb();
    const ids = Array.from({ length: 500 }, (_, i) => `2609.${String(i).padStart(5, '0')}`);
    await putPapers(
      db,
      ids.map((id) => storedPaper(id)),
    );
    const found = await getPapers(db, ids);
    expect(found.size).toBe(500);
    expect(found.get('2609.00499')?.abstract).toBe('Abstract of 2609.00499.');
  });
});

describe('getStoredAbstracts', () => {
  it('returns only the papers that have an abstract', async () => {
    const db = await freshDb();
    await putPapers(db, [
      storedPaper('2609.00001'),
      storedPaper('2609.00002', { abstract: null, abstractSource: null }),
    ]);
    const abstracts = await getStoredAbstracts(db, ['2609.00001', '2609.00002', '2609.00003']);
    expect(abstracts).toEqual(new Map([['2609.00001', 'Abstract of 2609.00001.']]));
  });
});

describe('conversions', () => {
  const entry: ApiEntry = {
    id: '1111.2011',
    version: 2,
    title:
      'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
    summary: 'Theoretical description of anisotropic systems.',
    authors: ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic'],
    comment: '8 pages, 3 figures. Published version',
    journalRef: 'Phys. Rev. B 85, 115117 (2012)',
    primaryCategory: 'cond-mat.str-el',
    categories: ['cond-mat.stat-mech', 'cond-mat.str-el'],
    published: '2011-11-08T18:48:36Z',
    updated: '2012-04-02T12:38:54Z',
  };

  it('stores an API entry with its abstract marked as from the API, primary category first', () => {
    expect(storedPaperFromApiEntry(entry, 42)).toEqual({
      id: '1111.2011',
      version: 2,
      title: entry.title,
      authors: entry.authors,
      abstract: 'Theoretical description of anisotropic systems.',
      abstractSource: 'api',
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
      primaryCategory: 'cond-mat.str-el',
      updatedAt: 42,
    });
  });

  it('stores a listing paper, its abstract marked as the listing’s only when shown', () => {
    const paper: Paper = {
      id: '2609.22268',
      version: 1,
      title: 'A title',
      authors: ['A. Author'],
      comments: null,
      journalRef: null,
      subjects: [
        { code: 'cond-mat.mtrl-sci', name: 'Materials Science' },
        { code: null, name: 'Something without a code' },
        { code: 'physics.comp-ph', name: 'Computational Physics' },
      ],
      primarySubject: { code: 'cond-mat.mtrl-sci', name: 'Materials Science' },
      abstract: null,
      section: 0,
      crossListFrom: null,
      itemNumber: 1,
    };
    expect(storedPaperFromListing(paper, 7)).toEqual({
      id: '2609.22268',
      version: 1,
      title: 'A title',
      authors: ['A. Author'],
      abstract: null,
      abstractSource: null,
      categories: ['cond-mat.mtrl-sci', 'physics.comp-ph'],
      primaryCategory: 'cond-mat.mtrl-sci',
      updatedAt: 7,
    });
    expect(storedPaperFromListing({ ...paper, abstract: 'Shown.' }, 7)).toMatchObject({
      abstract: 'Shown.',
      abstractSource: 'listing',
    });
  });
});

describe('abstractStoreFor', () => {
  it('saves API entries so their abstracts are found as stored', async () => {
    const db = await freshDb();
    const store = abstractStoreFor(db, () => 99);
    const entry: ApiEntry = {
      id: '1707.08567',
      version: 1,
      title: 'Proceedings of Workshop AEW10',
      summary: 'The 10th Asia-Europe workshop.',
      authors: ['Kees A. Schouhamer Immink'],
      comment: null,
      journalRef: null,
      primaryCategory: 'cs.IT',
      categories: ['cs.IT'],
      published: null,
      updated: null,
    };
    await store.saveApiEntries([entry]);
    expect(await store.getStoredAbstracts(['1707.08567', '0808.05394'])).toEqual(
      new Map([['1707.08567', 'The 10th Asia-Europe workshop.']]),
    );
    expect((await getPapers(db, ['1707.08567'])).get('1707.08567')?.updatedAt).toBe(99);
  });
});

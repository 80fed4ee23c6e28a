import { openDB, unwrap } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { SIEVE_DB_VERSION, openSieveDb } from '../../lib/store/db';
import type { RunRecord, SieveDb, StoredPaper } from '../../lib/store/db';
import { getJudgements, judgementHistory, putJudgements } from '../../lib/store/judgements';
import { getPapers, putPapers } from '../../lib/store/papers';
import {
  allPending,
  enqueuePending,
  notePendingAttempt,
  pendingForRun,
  pendingKey,
  removePending,
} from '../../lib/store/pending';
import {
  addToRun,
  getRun,
  localDay,
  recentRunDates,
  runIdFor,
  runsByDate,
  upsertRun,
} from '../../lib/store/runs';
import type { RunStart } from '../../lib/store/runs';
import { clearStore, storeStats } from '../../lib/store/stats';
import type { Judgement } from '../../lib/scoring/types';

const opened: { close(): void }[] = [];

function uniqueName(label: string): string {
  return `paper-sieve-v2-${label}-${Math.random().toString(36).slice(2)}`;
}

/** A fresh database per test, so tests never see each other's records. */
async function freshDb(): Promise<SieveDb> {
  const db = await openSieveDb(uniqueName('fresh'));
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function storedPaper(id: string): StoredPaper {
  return {
    id,
    version: 1,
    title: `Title of ${id}`,
    authors: ['A. Author'],
    abstract: `Abstract of ${id}.`,
    abstractSource: 'listing',
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    updatedAt: 1_000,
  };
}

function judgement(paperId: string, overrides: Partial<Judgement> = {}): Judgement {
  return {
    paperId,
    criteriaHash: 'criteria-a',
    model: 'gpt-5-mini',
    kind: 'scored',
    relevance: 7,
    novelty: 6,
    comment: 'Model Architecture: a new attention variant.',
    titleOnly: false,
    usage: { prompt: 120, cachedPrompt: 0, completion: 40, reasoning: 10 },
    costUsd: 0.0002,
    judgedAt: 1_000,
    ...overrides,
  };
}

function runStart(overrides: Partial<RunStart> = {}): RunStart {
  return {
    date: '2025-10-14',
    pageUrl: 'https://arxiv.org/list/cs.LG/new',
    category: 'cs.LG',
    pageKind: 'new',
    listingDate: '2025-10-14',
    criteriaHash: 'criteria-a',
    model: 'gpt-5-mini',
    onPage: 62,
    ...overrides,
  };
}

interface StoreShape {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

/** Every store's key path and indexes, to compare an upgraded database with a fresh one. */
function shapeOf(db: SieveDb): StoreShape[] {
  const raw = unwrap(db);
  const names = [...raw.objectStoreNames];
  const tx = raw.transaction(names, 'readonly');
  return names.map((name) => {
    const store = tx.objectStore(name);
    return {
      name,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes: [...store.indexNames].map((indexName) => {
        const index = store.index(indexName);
        return {
          name: indexName,
          keyPath: index.keyPath,
          unique: index.unique,
          multiEntry: index.multiEntry,
        };
      }),
    };
  });
}

/** A database exactly as version 1 of Paper Sieve made it: the papers store alone. */
async function createVersion1Db(name: string, papers: StoredPaper[]): Promise<void> {
  const v1 = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore('papers', { keyPath: 'id' });
    },
  });
  const tx = v1.transaction('papers', 'readwrite');
  await Promise.all([...papers.map((paper) => tx.store.put(paper)), tx.done]);
  v1.close();
}

describe('schema version 2', () => {
  it('upgrades a version-1 database: its papers are kept and the new stores exist', async () => {
    const name = uniqueName('upgrade');
    const papers = [storedPaper('2510.09660'), storedPaper('hep-th/9901001')];
    await createVersion1Db(name, papers);

    const db = await openSieveDb(name);
    opened.push(db);
    expect(db.version).toBe(2);
    expect(SIEVE_DB_VERSION).toBe(2);
    expect([...db.objectStoreNames]).toEqual(['judgements', 'papers', 'pending', 'runs']);
    const found = await getPapers(db, ['2510.09660', 'hep-th/9901001']);
    expect([...found.values()]).toEqual(papers);
  });

  it('ends a fresh install in the same shape as an upgraded database', async () => {
    const upgradedName = uniqueName('upgraded');
    await createVersion1Db(upgradedName, [storedPaper('2510.09660')]);
    const upgraded = await openSieveDb(upgradedName);
    const fresh = await freshDb();
    opened.push(upgraded);
    expect(shapeOf(fresh)).toEqual(shapeOf(upgraded));
    expect(shapeOf(fresh)).toEqual([
      {
        name: 'judgements',
        keyPath: ['paperId', 'criteriaHash', 'model'],
        autoIncrement: false,
        indexes: [{ name: 'byPaper', keyPath: 'paperId', unique: false, multiEntry: false }],
      },
      { name: 'papers', keyPath: 'id', autoIncrement: false, indexes: [] },
      {
        name: 'pending',
        keyPath: ['paperId', 'criteriaHash', 'model'],
        autoIncrement: false,
        indexes: [{ name: 'byRun', keyPath: 'runId', unique: false, multiEntry: false }],
      },
      {
        name: 'runs',
        keyPath: 'id',
        autoIncrement: false,
        indexes: [{ name: 'byDate', keyPath: 'date', unique: false, multiEntry: false }],
      },
    ]);
  });
});

describe('judgements', () => {
  it('reads back the judgements of the asked criteria and model only, by paper id', async () => {
    const db = await freshDb();
    await putJudgements(db, [
      judgement('2510.00001'),
      judgement('2510.00002', { relevance: 3 }),
      judgement('2510.00001', { criteriaHash: 'criteria-b', relevance: 9 }),
      judgement('2510.00001', { model: 'gpt-5', relevance: 8 }),
    ]);
    const found = await getJudgements(
      db,
      ['2510.00001', '2510.00002', '2510.00003'],
      'criteria-a',
      'gpt-5-mini',
    );
    expect([...found.keys()]).toEqual(['2510.00001', '2510.00002']);
    expect(found.get('2510.00001')).toEqual(judgement('2510.00001'));
    expect(found.get('2510.00002')?.relevance).toBe(3);
    const byOtherCriteria = await getJudgements(db, ['2510.00001'], 'criteria-b', 'gpt-5-mini');
    expect(byOtherCriteria.get('2510.00001')?.relevance).toBe(9);
  });

  it('keeps the history across criteria and models, newest first', async () => {
    const db = await freshDb();
    await putJudgements(db, [judgement('2510.00001', { judgedAt: 1 })]);
    await putJudgements(db, [judgement('2510.00001', { criteriaHash: 'criteria-b', judgedAt: 2 })]);
    await putJudgements(db, [judgement('2510.00001', { model: 'gpt-5', judgedAt: 3 })]);
    await putJudgements(db, [judgement('2510.00002', { judgedAt: 4 })]);
    const history = await judgementHistory(db, '2510.00001');
    expect(history.map((j) => [j.criteriaHash, j.model, j.judgedAt])).toEqual([
      ['criteria-a', 'gpt-5', 3],
      ['criteria-b', 'gpt-5-mini', 2],
      ['criteria-a', 'gpt-5-mini', 1],
    ]);
    expect(await judgementHistory(db, '2510.99999')).toEqual([]);
  });

  it('replaces a judgement re-made for the same paper, criteria and model', async () => {
    const db = await freshDb();
    await putJudgements(db, [judgement('2510.00001', { relevance: 2, judgedAt: 1 })]);
    await putJudgements(db, [judgement('2510.00001', { relevance: 9, judgedAt: 2 })]);
    expect(await judgementHistory(db, '2510.00001')).toEqual([
      judgement('2510.00001', { relevance: 9, judgedAt: 2 }),
    ]);
  });

  it('keeps author matches, which have no scores', async () => {
    const db = await freshDb();
    const match = judgement('2510.09660', {
      kind: 'author-match',
      relevance: null,
      novelty: null,
      comment: 'Author match',
      usage: { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 },
      costUsd: 0,
    });
    await putJudgements(db, [match]);
    expect(
      (await getJudgements(db, ['2510.09660'], 'criteria-a', 'gpt-5-mini')).get('2510.09660'),
    ).toEqual(match);
  });

  it('reads 2000 papers of a page in one call, whatever else the store holds', async () => {
    const db = await freshDb();
    const ids = Array.from(
      { length: 2000 },
      (_, i) => `2510.${String(10_000 + i).padStart(5, '0')}`,
    );
    await putJudgements(db, [
      ...ids.map((id) => judgement(id, { relevance: (id.charCodeAt(9) % 10) + 1 })),
      ...ids.map((id) => judgement(id, { criteriaHash: 'criteria-old' })),
    ]);
    const asked = [...ids, '2510.99999', ids[0] ?? ''];
    const found = await getJudgements(db, asked, 'criteria-a', 'gpt-5-mini');
    expect(found.size).toBe(2000);
    expect(found.get('2510.11999')?.criteriaHash).toBe('criteria-a');
  });

  it('returns an empty Map for no ids', async () => {
    const db = await freshDb();
    await putJudgements(db, []);
    expect((await getJudgements(db, [], 'criteria-a', 'gpt-5-mini')).size).toBe(0);
  });
});

describe('runs', () => {
  it('names a run by local day and page', () => {
    expect(runIdFor('2025-10-14', 'https://arxiv.org/list/cs.LG/new')).toBe(
      '2025-10-14|https://arxiv.org/list/cs.LG/new',
    );
    expect(localDay(new Date(2025, 9, 14, 23, 59).getTime())).toBe('2025-10-14');
    expect(localDay(new Date(2025, 0, 5, 0, 0).getTime())).toBe('2025-01-05');
  });

  it('starts a run with zero totals', async () => {
    const db = await freshDb();
    const run = await upsertRun(db, runStart(), 5_000);
    const expected: RunRecord = {
      id: '2025-10-14|https://arxiv.org/list/cs.LG/new',
      date: '2025-10-14',
      pageUrl: 'https://arxiv.org/list/cs.LG/new',
      category: 'cs.LG',
      pageKind: 'new',
      listingDate: '2025-10-14',
      startedAt: 5_000,
      updatedAt: 5_000,
      criteriaHash: 'criteria-a',
      model: 'gpt-5-mini',
      counts: { onPage: 62, scanned: 0, authorMatches: 0, relevant: 0, titleOnly: 0, errors: 0 },
      tokens: { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 },
      costUsd: 0,
      calls: 0,
    };
    expect(run).toEqual(expected);
    expect(await getRun(db, expected.id)).toEqual(expected);
  });

  it('resumes the same day’s run of a page, keeping what was spent', async () => {
    const db = await freshDb();
    const { id } = await upsertRun(db, runStart(), 5_000);
    await addToRun(
      db,
      id,
      { tokens: { prompt: 100 }, costUsd: 0.5, calls: 1, counts: { scanned: 10 } },
      6_000,
    );
    const resumed = await upsertRun(db, runStart({ onPage: 63, model: 'gpt-5' }), 7_000);
    expect(resumed).toMatchObject({
      id,
      startedAt: 5_000,
      updatedAt: 7_000,
      model: 'gpt-5',
      counts: { onPage: 63, scanned: 10 },
      tokens: { prompt: 100 },
      costUsd: 0.5,
      calls: 1,
    });
  });

  it('adds a batch’s tokens, cost, counts and calls', async () => {
    const db = await freshDb();
    const { id } = await upsertRun(db, runStart(), 5_000);
    const after = await addToRun(
      db,
      id,
      {
        counts: { scanned: 20, relevant: 3, titleOnly: 1, errors: 2, authorMatches: 1 },
        tokens: { prompt: 4_000, cachedPrompt: 1_024, completion: 900, reasoning: 600 },
        costUsd: 0.0123,
        calls: 1,
      },
      6_000,
    );
    expect(after).toMatchObject({
      updatedAt: 6_000,
      counts: { onPage: 62, scanned: 20, relevant: 3, titleOnly: 1, errors: 2, authorMatches: 1 },
      tokens: { prompt: 4_000, cachedPrompt: 1_024, completion: 900, reasoning: 600 },
      costUsd: 0.0123,
      calls: 1,
    });
    expect(await getRun(db, id)).toEqual(after);
  });

  it('loses no update when many batches finish at once', async () => {
    const db = await freshDb();
    const { id } = await upsertRun(db, runStart(), 5_000);
    const batches = 50;
    await Promise.all(
      Array.from({ length: batches }, (_, i) =>
        addToRun(db, id, {
          counts: { scanned: 20, relevant: i % 2 },
          tokens: { prompt: 1_000, cachedPrompt: 256, completion: 300, reasoning: 100 },
          costUsd: 0.25,
          calls: 1,
        }),
      ),
    );
    expect(await getRun(db, id)).toMatchObject({
      counts: { onPage: 62, scanned: 20 * batches, relevant: batches / 2 },
      tokens: {
        prompt: 1_000 * batches,
        cachedPrompt: 256 * batches,
        completion: 300 * batches,
        reasoning: 100 * batches,
      },
      costUsd: 0.25 * batches,
      calls: batches,
    });
  });

  it('writes nothing for a run that does not exist', async () => {
    const db = await freshDb();
    expect(await addToRun(db, 'no-such-run', { calls: 1 })).toBeUndefined();
    expect(await getRun(db, 'no-such-run')).toBeUndefined();
  });

  it('lists a day’s runs and the latest days with runs', async () => {
    const db = await freshDb();
    await upsertRun(
      db,
      runStart({ date: '2025-10-14', pageUrl: 'https://arxiv.org/list/cs.AI/new' }),
      3,
    );
    await upsertRun(db, runStart({ date: '2025-10-14' }), 2);
    await upsertRun(db, runStart({ date: '2025-09-30' }), 1);
    await upsertRun(db, runStart({ date: '2025-10-16' }), 4);
    expect((await runsByDate(db, '2025-10-14')).map((run) => run.pageUrl)).toEqual([
      'https://arxiv.org/list/cs.LG/new',
      'https://arxiv.org/list/cs.AI/new',
    ]);
    expect(await runsByDate(db, '2025-10-15')).toEqual([]);
    expect(await recentRunDates(db, 2)).toEqual(['2025-10-16', '2025-10-14']);
    expect(await recentRunDates(db, 10)).toEqual(['2025-10-16', '2025-10-14', '2025-09-30']);
    expect(await recentRunDates(db, 0)).toEqual([]);
  });
});

describe('pending', () => {
  const item = (paperId: string, runId = 'run-1') => ({
    paperId,
    criteriaHash: 'criteria-a',
    model: 'gpt-5-mini',
    runId,
  });

  it('queues papers and lists them by run, oldest first', async () => {
    const db = await freshDb();
    await enqueuePending(db, [item('2510.00002'), item('2510.00003', 'run-2')], 10);
    await enqueuePending(db, [item('2510.00001')], 20);
    expect(await pendingForRun(db, 'run-1')).toEqual([
      { ...item('2510.00002'), enqueuedAt: 10, attempts: 0, lastError: null },
      { ...item('2510.00001'), enqueuedAt: 20, attempts: 0, lastError: null },
    ]);
    expect((await allPending(db)).map((record) => record.paperId)).toEqual([
      '2510.00002',
      '2510.00003',
      '2510.00001',
    ]);
    expect(await pendingForRun(db, 'run-9')).toEqual([]);
  });

  it('keeps a queued paper’s place and attempts when a later run queues it again', async () => {
    const db = await freshDb();
    await enqueuePending(db, [item('2510.00001')], 10);
    await notePendingAttempt(db, pendingKey(item('2510.00001')), 'timeout');
    await enqueuePending(db, [item('2510.00001', 'run-2')], 30);
    expect(await allPending(db)).toEqual([
      { ...item('2510.00001', 'run-2'), enqueuedAt: 10, attempts: 1, lastError: 'timeout' },
    ]);
    expect(await pendingForRun(db, 'run-1')).toEqual([]);
  });

  it('stores only the queue fields of what it is given', async () => {
    const db = await freshDb();
    const richer = { ...item('2510.00001'), title: 'not kept' };
    await enqueuePending(db, [richer], 10);
    expect(Object.keys((await allPending(db))[0] ?? {}).sort()).toEqual([
      'attempts',
      'criteriaHash',
      'enqueuedAt',
      'lastError',
      'model',
      'paperId',
      'runId',
    ]);
  });

  it('counts failed attempts and keeps the last error', async () => {
    const db = await freshDb();
    await enqueuePending(db, [item('2510.00001')], 10);
    const key = pendingKey(item('2510.00001'));
    await notePendingAttempt(db, key, 'Rate limited (429)');
    const second = await notePendingAttempt(db, key, null);
    expect(second).toMatchObject({ attempts: 2, lastError: null });
    expect(
      await notePendingAttempt(db, ['2510.99999', 'criteria-a', 'gpt-5-mini'], 'x'),
    ).toBeUndefined();
    expect(await allPending(db)).toHaveLength(1);
  });

  it('takes papers off the queue, ignoring keys not queued', async () => {
    const db = await freshDb();
    await enqueuePending(db, [item('2510.00001'), item('2510.00002'), item('2510.00003')], 10);
    await removePending(db, [
      pendingKey(item('2510.00001')),
      pendingKey(item('2510.00003')),
      ['2510.99999', 'x', 'y'],
    ]);
    await removePending(db, []);
    expect((await allPending(db)).map((record) => record.paperId)).toEqual(['2510.00002']);
  });
});

describe('storeStats and clearStore', () => {
  it('counts every store and estimates bytes as the UTF-8 length of each record’s JSON', async () => {
    const db = await freshDb();
    expect(await storeStats(db)).toEqual({
      papers: 0,
      judgements: 0,
      runs: 0,
      pending: 0,
      approxBytes: 0,
    });
    const papers = [
      storedPaper('2510.00001'),
      { ...storedPaper('2510.00002'), title: 'Phonons in Sb₂Te₃' },
    ];
    const judgements = [judgement('2510.00001'), judgement('2510.00001', { model: 'gpt-5' })];
    await putPapers(db, papers);
    await putJudgements(db, judgements);
    const run = await upsertRun(db, runStart(), 5);
    await enqueuePending(
      db,
      [{ paperId: '2510.00002', criteriaHash: 'c', model: 'm', runId: run.id }],
      6,
    );
    const pending = await allPending(db);
    const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
    const expectedBytes = [...papers, ...judgements, run, ...pending].reduce(
      (sum, record) => sum + utf8(record),
      0,
    );
    expect(await storeStats(db)).toEqual({
      papers: 2,
      judgements: 2,
      runs: 1,
      pending: 1,
      approxBytes: expectedBytes,
    });
  });

  it('measures a store larger than one read chunk', async () => {
    const db = await freshDb();
    const ids = Array.from({ length: 1_234 }, (_, i) => `2510.${String(i).padStart(5, '0')}`);
    await putJudgements(
      db,
      ids.map((id) => judgement(id)),
    );
    const stats = await storeStats(db);
    expect(stats.judgements).toBe(1_234);
    const one = new TextEncoder().encode(JSON.stringify(judgement('2510.00000'))).length;
    expect(stats.approxBytes).toBe(one * 1_234);
  });

  it('clears every store and leaves the database usable', async () => {
    const db = await freshDb();
    await putPapers(db, [storedPaper('2510.00001')]);
    await putJudgements(db, [judgement('2510.00001')]);
    const run = await upsertRun(db, runStart(), 5);
    await enqueuePending(db, [
      { paperId: '2510.00001', criteriaHash: 'c', model: 'm', runId: run.id },
    ]);
    await clearStore(db);
    expect(await storeStats(db)).toEqual({
      papers: 0,
      judgements: 0,
      runs: 0,
      pending: 0,
      approxBytes: 0,
    });
    await putJudgements(db, [judgement('2510.00001')]);
    expect((await storeStats(db)).judgements).toBe(1);
  });
});

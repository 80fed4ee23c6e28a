import { afterEach, describe, expect, it } from 'vitest';
import type { CallOptions } from '../../lib/llm/call-options';
import type { PaperScore, TokenUsage } from '../../lib/llm/types';
import type { QueuedPaper, SavedAnswer } from '../../lib/scoring/queue';
import { indexedDbQueueStore } from '../../lib/scoring/queue-store';
import type { Thresholds } from '../../lib/scoring/rank';
import type { Judgement } from '../../lib/scoring/types';
import { openSieveDb, type SieveDb, type StoredPaper } from '../../lib/store/db';
import { getJudgements, putJudgements } from '../../lib/store/judgements';
import { putPapers } from '../../lib/store/papers';
import { allPending, enqueuePending } from '../../lib/store/pending';
import { getRun, runIdFor, upsertRun } from '../../lib/store/runs';

const CRITERIA_HASH = 'criteria-1';
const MODEL = 'gpt-5-mini';
const OPTIONS: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };
const NOW = 1_776_000_000_000;
const PUBLISHED: Thresholds = { minRelevance: 8, minNovelty: 7 };

const opened: SieveDb[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const DAY = '2026-04-14';
const PAGE_A = 'https://arxiv.org/list/cs.LG/new';
const PAGE_B = 'https://arxiv.org/list/cs.AI/new';
const RUN_A = runIdFor(DAY, PAGE_A);
const RUN_B = runIdFor(DAY, PAGE_B);

/** A fresh database per test, with the given papers stored and both pages' runs started. */
async function freshDb(paperIds: readonly string[]): Promise<SieveDb> {
  const db = await openSieveDb(`queue-store-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  await putPapers(
    db,
    paperIds.map((id) => storedPaper(id)),
  );
  for (const pageUrl of [PAGE_A, PAGE_B]) await startRun(db, pageUrl);
  return db;
}

function storedPaper(id: string, overrides: Partial<StoredPaper> = {}): StoredPaper {
  return {
    id,
    version: 1,
    title: `Title of ${id}`,
    authors: ['A. Author'],
    abstract: `Abstract of ${id}.`,
    abstractSource: 'listing',
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    updatedAt: 0,
    ...overrides,
  };
}

async function startRun(db: SieveDb, pageUrl: string): Promise<void> {
  await upsertRun(
    db,
    {
      date: DAY,
      pageUrl,
      category: 'cs.LG',
      pageKind: 'new',
      listingDate: null,
      criteriaHash: CRITERIA_HASH,
      model: MODEL,
      onPage: 10,
    },
    0,
  );
}

function storeOver(db: SieveDb, thresholds: Thresholds = PUBLISHED) {
  const remembered: CallOptions[] = [];
  const store = indexedDbQueueStore({
    db: async () => db,
    thresholds: async () => thresholds,
    rememberOptions: async (options) => {
      remembered.push(options);
    },
    now: () => NOW,
  });
  return { store, remembered };
}

function queued(paperId: string, runId = RUN_A): QueuedPaper {
  return { paperId, criteriaHash: CRITERIA_HASH, model: MODEL, runId, attempts: 0 };
}

function score(id: string, relevance = 8, novelty = 7): PaperScore {
  return { id, comment: `Matches ${id}`, relevance, novelty };
}

function judgement(paperId: string, overrides: Partial<Judgement> = {}): Judgement {
  return {
    paperId,
    criteriaHash: CRITERIA_HASH,
    model: MODEL,
    kind: 'scored',
    relevance: 8,
    novelty: 7,
    comment: `Matches ${paperId}`,
    titleOnly: false,
    usage: { prompt: 100, cachedPrompt: 0, completion: 20, reasoning: 0 },
    costUsd: 0.001,
    judgedAt: NOW,
    ...overrides,
  };
}

const USAGE: TokenUsage = { prompt: 4_000, cachedPrompt: 1_000, completion: 800, reasoning: 400 };

function savedAnswer(batch: QueuedPaper[], scores: PaperScore[], costUsd = 0.04): SavedAnswer {
  return {
    batch,
    outcome: {
      ok: true,
      answer: {
        scores,
        missing: batch.map((item) => item.paperId).filter((id) => !scores.some((s) => s.id === id)),
        problems: [],
      },
      usage: USAGE,
      finishReason: 'stop',
      options: OPTIONS,
    },
    costUsd,
    judgedAt: NOW,
  };
}

describe('indexedDbQueueStore.saveAnswer', () => {
  it('writes the judgements, each with an even share of the call, and returns them', async () => {
    const db = await freshDb(['p1', 'p2']);
    const { store } = storeOver(db);
    const batch = [queued('p1'), queued('p2')];

    const returned = await store.saveAnswer(savedAnswer(batch, [score('p1', 9, 8), score('p2')]));

    const stored = await getJudgements(db, ['p1', 'p2'], CRITERIA_HASH, MODEL);
    expect([...stored.values()]).toEqual(returned);
    expect(stored.get('p1')).toEqual({
      paperId: 'p1',
      criteriaHash: CRITERIA_HASH,
      model: MODEL,
      kind: 'scored',
      relevance: 9,
      novelty: 8,
      comment: 'Matches p1',
      titleOnly: false,
      usage: { prompt: 2_000, cachedPrompt: 500, completion: 400, reasoning: 200 },
      costUsd: 0.02,
      judgedAt: NOW,
    } satisfies Judgement);
  });

  it('takes off the queue only the papers the answer scored', async () => {
    const db = await freshDb(['p1', 'p2', 'p3']);
    const { store } = storeOver(db);
    const batch = [queued('p1'), queued('p2'), queued('p3')];
    await store.add(batch);

    await store.saveAnswer(savedAnswer(batch, [score('p1'), score('p3')]));

    expect((await allPending(db)).map((item) => item.paperId)).toEqual(['p2']);
  });

  it.each([
    { first: 'A', calls: [1, 0] },
    { first: 'B', calls: [0, 1] },
  ])(
    'shares tokens and cost among runs by their papers; the call counts once, in run $first',
    async ({ first, calls }) => {
      const db = await freshDb(['p1', 'p2', 'p3', 'p4']);
      const { store } = storeOver(db);
      const inA = ['p1', 'p2', 'p3'].map((id) => queued(id, RUN_A));
      const inB = [queued('p4', RUN_B)];
      // The run of the batch's first paper is the one the call is counted in.
      const batch = first === 'A' ? [...inA, ...inB] : [...inB, ...inA];

      // p3 is left out of the answer: its run still pays its share of the call.
      await store.saveAnswer(savedAnswer(batch, [score('p1'), score('p2'), score('p4')], 0.08));

      const a = await getRun(db, RUN_A);
      const b = await getRun(db, RUN_B);
      expect(a?.tokens).toEqual({
        prompt: 3_000,
        cachedPrompt: 750,
        completion: 600,
        reasoning: 300,
      });
      expect(b?.tokens).toEqual({
        prompt: 1_000,
        cachedPrompt: 250,
        completion: 200,
        reasoning: 100,
      });
      expect(a?.costUsd).toBeCloseTo(0.06, 12);
      expect(b?.costUsd).toBeCloseTo(0.02, 12);
      expect([a?.calls, b?.calls]).toEqual(calls);
      expect([a?.counts.scanned, b?.counts.scanned]).toEqual([2, 1]);
      expect(a?.updatedAt).toBe(NOW);
    },
  );

  it.each([
    { thresholds: { minRelevance: 8, minNovelty: 7 }, relevant: 2 },
    { thresholds: { minRelevance: 9, minNovelty: 9 }, relevant: 1 },
    { thresholds: { minRelevance: 7, minNovelty: 6 }, relevant: 4 },
    { thresholds: { minRelevance: 10, minNovelty: 10 }, relevant: 0 },
  ])(
    'counts $relevant relevant papers at thresholds $thresholds',
    async ({ thresholds, relevant }) => {
      const db = await freshDb(['p1', 'p2', 'p3', 'p4']);
      const { store } = storeOver(db, thresholds);
      const batch = ['p1', 'p2', 'p3', 'p4'].map((id) => queued(id));

      await store.saveAnswer(
        savedAnswer(batch, [
          score('p1', 9, 9),
          score('p2', 8, 7),
          score('p3', 8, 6),
          score('p4', 7, 9),
        ]),
      );

      const run = await getRun(db, RUN_A);
      expect(run?.counts).toMatchObject({ scanned: 4, relevant });
    },
  );

  it('marks papers judged without an abstract title-only, in the judgement and the run', async () => {
    const db = await freshDb(['p1']);
    await putPapers(db, [storedPaper('p2', { abstract: null, abstractSource: null })]);
    const { store } = storeOver(db);

    const judgements = await store.saveAnswer(
      savedAnswer([queued('p1'), queued('p2')], [score('p1'), score('p2')]),
    );

    expect(judgements.map((judgement) => [judgement.paperId, judgement.titleOnly])).toEqual([
      ['p1', false],
      ['p2', true],
    ]);
    expect((await getRun(db, RUN_A))?.counts.titleOnly).toBe(1);
  });

  it('writes nothing for an empty batch', async () => {
    const db = await freshDb([]);
    const { store } = storeOver(db);

    expect(await store.saveAnswer(savedAnswer([], []))).toEqual([]);
    expect((await getRun(db, RUN_A))?.calls).toBe(0);
  });
});

describe('indexedDbQueueStore: the queue', () => {
  it('loads the queue oldest first, with the attempts and errors noted', async () => {
    const db = await freshDb([]);
    const { store } = storeOver(db);
    await enqueuePending(db, [queued('p2')], 2);
    await enqueuePending(db, [queued('p1')], 1);
    await store.noteAttempt([queued('p2')], 'The endpoint failed (502).');

    const loaded = await store.load();

    expect(loaded.map((item) => [item.paperId, item.attempts])).toEqual([
      ['p1', 0],
      ['p2', 1],
    ]);
    expect(loaded[1]).toMatchObject({ lastError: 'The endpoint failed (502).' });
  });

  it('drops, and forgets, queued papers that were judged before the worker stopped', async () => {
    const db = await freshDb(['p1', 'p2']);
    const { store } = storeOver(db);
    await store.add([queued('p1'), queued('p2')]);
    // The worker wrote p1's judgement and stopped before clearing it from the queue.
    await putJudgements(db, [judgement('p1')]);

    expect((await store.load()).map((item) => item.paperId)).toEqual(['p2']);
    expect((await allPending(db)).map((item) => item.paperId)).toEqual(['p2']);
  });

  it('keeps queued a paper judged only under other criteria or another model', async () => {
    const db = await freshDb(['p1']);
    const { store } = storeOver(db);
    await store.add([queued('p1')]);
    await putJudgements(db, [
      judgement('p1', { criteriaHash: 'old-criteria' }),
      judgement('p1', { model: 'gpt-4o-mini' }),
    ]);

    expect((await store.load()).map((item) => item.paperId)).toEqual(['p1']);
  });

  it('removes papers from the queue', async () => {
    const db = await freshDb([]);
    const { store } = storeOver(db);
    await store.add([queued('p1'), queued('p2')]);

    await store.remove([queued('p1')]);

    expect((await allPending(db)).map((item) => item.paperId)).toEqual(['p2']);
  });

  it('queues papers at the time its clock says', async () => {
    const db = await freshDb([]);
    const { store } = storeOver(db);
    await store.add([queued('p1')]);

    expect(await allPending(db)).toEqual([
      { ...queued('p1'), enqueuedAt: NOW, attempts: 0, lastError: null },
    ]);
  });

  it('gives the model each stored paper’s title, authors and abstract; unknown ids are absent', async () => {
    const db = await freshDb(['p1']);
    await putPapers(db, [storedPaper('p2', { abstract: null, abstractSource: null })]);
    const { store } = storeOver(db);

    expect(await store.papers(['p1', 'p2', 'p9'])).toEqual(
      new Map([
        [
          'p1',
          { id: 'p1', title: 'Title of p1', authors: ['A. Author'], abstract: 'Abstract of p1.' },
        ],
        ['p2', { id: 'p2', title: 'Title of p2', authors: ['A. Author'], abstract: null }],
      ]),
    );
  });

  it('passes call options on to be remembered', async () => {
    const { store, remembered } = storeOver(await freshDb([]));
    await store.rememberOptions({ structuredOutput: false, reasoningEffort: null });

    expect(remembered).toEqual([{ structuredOutput: false, reasoningEffort: null }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../lib/llm/call-options';
import type { ScoreBatchOutcome, ScoreBatchRequest } from '../../lib/llm/client';
import type { PaperForPrompt, TokenUsage } from '../../lib/llm/types';
import { judgementsFromScores } from '../../lib/scoring/batch-result';
import { whyNotReady } from '../../lib/scoring/job';
import {
  createScoringQueue,
  type QueueEvents,
  type QueuedPaper,
  type QueueStore,
  type SavedAnswer,
  type ScoringJob,
} from '../../lib/scoring/queue';
import type { Judgement } from '../../lib/scoring/types';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { FakeClock } from '../support/fake-clock';

const OPTIONS: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };
const USAGE: TokenUsage = { prompt: 1_000, cachedPrompt: 0, completion: 200, reasoning: 0 };
const CRITERIA_HASH = 'criteria-1';
const MODEL = 'gpt-5-mini';
/** Each call costs $0.125 (exact in binary, so sums are exact). */
const CALL_COST = 0.125;
const BUDGET = 1;
const CONCURRENCY = 4;
const BATCH_SIZE = 2;

const key = (item: Pick<QueuedPaper, 'paperId' | 'criteriaHash' | 'model'>) =>
  `${item.paperId}|${item.criteriaHash}|${item.model}`;

/** The model: calls of varied fake latency, so answers land while others are out. */
class FakeModel {
  readonly calls: { ids: string[]; at: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly clock: FakeClock) {}

  scoreBatch = async (request: ScoreBatchRequest): Promise<ScoreBatchOutcome> => {
    const ids = request.papers.map((paper) => paper.id);
    const index = this.calls.length;
    this.calls.push({ ids, at: this.clock.now() });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((done) => setTimeout(done, 0));
      await this.clock.sleep(100 + ((index * 37) % 90));
      return {
        ok: true,
        answer: {
          scores: ids.map((id) => ({ id, comment: `On ${id}`, relevance: 8, novelty: 7 })),
          missing: [],
          problems: [],
        },
        usage: USAGE,
        finishReason: 'stop',
        options: OPTIONS,
      };
    } finally {
      this.inFlight -= 1;
    }
  };
}

/**
 * The queue's store in memory, keeping today's spending as the runs do. `writeMs` and `readMs`
 * are how long (fake time) an answer's write and a spending read take, as IndexedDB's do.
 */
class BudgetStore implements QueueStore {
  readonly pending = new Map<string, QueuedPaper>();
  readonly judgements = new Map<string, Judgement>();
  spent = 0;
  /** Answers written. */
  answers = 0;
  /** When spending first reached the budget: calls made by then and calls still out. */
  reached: { calls: number; inFlight: number; spent: number } | null = null;

  constructor(
    private readonly clock: FakeClock,
    private readonly model: FakeModel,
    private readonly budget: () => number | null,
    private readonly writeMs = 0,
    readonly readMs = 0,
  ) {}

  async load() {
    return [...this.pending.values()];
  }
  async add(items: readonly QueuedPaper[]) {
    for (const item of items) if (!this.pending.has(key(item))) this.pending.set(key(item), item);
  }
  async remove(items: readonly QueuedPaper[]) {
    for (const item of items) this.pending.delete(key(item));
  }
  async noteAttempt() {}
  async papers(ids: readonly string[]) {
    return new Map<string, PaperForPrompt>(
      ids.map((id) => [id, { id, title: `Title ${id}`, authors: ['A. Author'], abstract: 'A.' }]),
    );
  }
  async saveAnswer(answer: SavedAnswer): Promise<Judgement[]> {
    if (this.writeMs > 0) await this.clock.sleep(this.writeMs);
    const judgements = judgementsFromScores(
      answer.outcome.answer.scores,
      answer.outcome.usage,
      answer.costUsd,
      {
        criteriaHash: CRITERIA_HASH,
        model: MODEL,
        judgedAt: answer.judgedAt,
        titleOnly: new Set(),
      },
    );
    for (const judgement of judgements) {
      this.judgements.set(key(judgement), judgement);
      this.pending.delete(key(judgement));
    }
    this.spent += answer.costUsd;
    this.answers += 1;
    const budget = this.budget();
    if (this.reached === null && budget !== null && this.spent >= budget) {
      this.reached = {
        calls: this.model.calls.length,
        // Calls started and not yet paid for, this one aside: out, or their answer being written.
        inFlight: this.model.calls.length - this.answers,
        spent: this.spent,
      };
    }
    return judgements;
  }
  async rememberOptions() {}
}

class EventLog implements QueueEvents {
  readonly waitingMessages: (string | null)[] = [];
  readonly failedIds: string[] = [];
  judgedCount = 0;
  scoring() {}
  judged(judgements: readonly Judgement[]) {
    this.judgedCount += judgements.length;
  }
  failed(items: readonly QueuedPaper[]) {
    this.failedIds.push(...items.map((item) => item.paperId));
  }
  waiting(message: string | null) {
    this.waitingMessages.push(message);
  }
  stopped() {}
}

function setup({ writeMs = 0, readMs = 0 } = {}) {
  const clock = new FakeClock(0);
  const model = new FakeModel(clock);
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    apiKey: 'sk-test',
    model: MODEL,
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    dailyBudgetUsd: BUDGET,
  };
  const store = new BudgetStore(clock, model, () => settings.dailyBudgetUsd, writeMs, readMs);
  const events = new EventLog();
  // The background's job, on whyNotReady's semantics: the budget is checked before each fill.
  const job = async (): Promise<ScoringJob> => {
    const blocked = await whyNotReady(settings, {
      // As an IndexedDB read: what was written when it began, returned when it ends.
      spentToday: async () => {
        const spent = store.spent;
        if (readMs > 0) await clock.sleep(readMs);
        return spent;
      },
    });
    if (blocked !== null) return { ready: false, reason: blocked };
    return {
      ready: true,
      criteria: 'Papers on sparse attention.',
      criteriaHash: CRITERIA_HASH,
      model: settings.model,
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      options: OPTIONS,
      scoreBatch: model.scoreBatch,
      cost: () => CALL_COST,
    };
  };
  const queue = createScoringQueue({ store, job, clock, random: () => 0.5, events });
  return {
    clock,
    model,
    store,
    events,
    queue,
    setBudget(budget: number | null) {
      settings = { ...settings, dailyBudgetUsd: budget };
    },
  };
}

const papers = (count: number): QueuedPaper[] =>
  Array.from({ length: count }, (_, i) => ({
    paperId: `2609.${String(10_000 + i)}`,
    criteriaHash: CRITERIA_HASH,
    model: MODEL,
    runId: 'run-1',
    attempts: 0,
  }));

/** What the queue must hold to after spending reached the budget. */
function expectBudgetHeld(world: ReturnType<typeof setup>, queuedCount: number) {
  const { model, store, events, queue } = world;
  const reached = store.reached;
  expect(reached, 'the budget was reached').not.toBeNull();
  // Concurrency was used in full before the budget stopped it.
  expect(model.maxInFlight).toBe(CONCURRENCY);
  // No call started once the budget was reached.
  expect(model.calls.length).toBe(reached!.calls);
  // Spending passed the budget by no more than the calls already out when it was reached.
  expect(store.spent - reached!.spent).toBeLessThanOrEqual(reached!.inFlight * CALL_COST);
  expect(store.spent).toBeLessThanOrEqual(BUDGET + (CONCURRENCY - 1) * CALL_COST);
  // Every call that started was answered and paid for; no paper failed.
  expect(store.spent).toBe(model.calls.length * CALL_COST);
  expect(events.failedIds).toEqual([]);

  // The papers left wait, queued (in memory and in the store), for a higher budget.
  const left = queuedCount - model.calls.length * BATCH_SIZE;
  expect(left).toBeGreaterThan(0);
  expect(queue.size).toBe(left);
  expect(store.pending.size).toBe(left);
  const said = events.waitingMessages.filter((message) => message !== null).at(-1);
  expect(said).toBe(
    `Today’s budget of $${BUDGET.toFixed(2)} is spent ($${store.spent.toFixed(2)}) — scoring is paused; raise the budget in Options to go on.`,
  );
  expect(said).toMatch(/budget/);
  expect(said).toMatch(/Options/);
}

describe('the daily budget under concurrency', () => {
  it('stops starting calls once the budget is reached; only calls already out are paid on top', async () => {
    const world = setup();
    const queued = papers(40);
    await world.queue.enqueue(queued);
    await world.clock.runUntilIdle();

    expectBudgetHeld(world, queued.length);
    const calls = world.model.calls.length;
    console.info(
      `budget: ${calls} calls, $${world.store.spent} spent of $${BUDGET}; ` +
        `reached after ${world.store.reached!.calls} calls with ${world.store.reached!.inFlight} out`,
    );

    // Time passing, a resume (a restarted worker) and another page's enqueue start nothing.
    await world.clock.advance(3_600_000);
    await world.queue.resume();
    await world.queue.enqueue(papers(42).slice(40));
    await world.clock.runUntilIdle();
    expect(world.model.calls.length).toBe(calls);
    expect(world.queue.size).toBe(42 - calls * BATCH_SIZE);
    expect(world.events.waitingMessages.at(-1)).toMatch(/budget.*Options/);
  });

  // KNOWN BUG (kept as `it.fails` so the suite passes until it is fixed; drop `.fails` then):
  // `fill()` reads today's spending (`whyNotReady` → spentToday) and then starts up to
  // `concurrency − running` batches on that reading. An answer written while the read is out
  // is not seen, so calls start after the budget was reached. Here (reads of 40 ms snapshotting
  // what was written when they began, as an IndexedDB transaction does) the 8th answer reaches
  // the $1 budget with 3 calls out, yet a 12th call starts afterwards: $1.50 spent. With 90 ms
  // reads, 4 calls start after the budget was reached with none out.
  it('holds when spending is read while answers are being written (IndexedDB-like reads)', async () => {
    const world = setup({ writeMs: 0, readMs: 40 });
    const queued = papers(40);
    await world.queue.enqueue(queued);
    await world.clock.runUntilIdle();

    expectBudgetHeld(world, queued.length);
  });

  it('goes on from where it paused when the budget is raised', async () => {
    const world = setup();
    await world.queue.enqueue(papers(40));
    await world.clock.runUntilIdle();
    const paused = world.model.calls.length;

    world.setBudget(null);
    await world.queue.resume();
    await world.clock.runUntilIdle();

    expect(world.model.calls.length).toBe(20);
    expect(world.model.calls.length).toBeGreaterThan(paused);
    expect(world.queue.size).toBe(0);
    expect(world.store.judgements.size).toBe(40);
    // Every paper in exactly one call.
    const asked = world.model.calls.flatMap((call) => call.ids);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

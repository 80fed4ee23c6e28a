import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOptions } from '../../lib/llm/call-options';
import type { ScoreBatchOutcome, ScoreBatchRequest } from '../../lib/llm/client';
import type { LlmFailure } from '../../lib/llm/failures';
import type { PaperForPrompt, TokenUsage } from '../../lib/llm/types';
import { judgementsFromScores } from '../../lib/scoring/batch-result';
import {
  GAVE_UP,
  MAX_CALL_ATTEMPTS,
  MAX_RATE_LIMIT_WAITS,
  MAX_RETRY_AFTER_MS,
} from '../../lib/scoring/backoff';
import { createScoringQueue } from '../../lib/scoring/queue';
import type {
  QueueEvents,
  QueuedPaper,
  QueueStore,
  SavedAnswer,
  ScoringJob,
} from '../../lib/scoring/queue';
import { indexedDbQueueStore } from '../../lib/scoring/queue-store';
import type { Judgement } from '../../lib/scoring/types';
import { openSieveDb, type SieveDb } from '../../lib/store/db';
import { getJudgements, putJudgements } from '../../lib/store/judgements';
import { putPapers } from '../../lib/store/papers';
import { allPending, enqueuePending } from '../../lib/store/pending';
import { FakeClock } from '../support/fake-clock';

// ---------------------------------------------------------------------------------------------
// Outcomes a model call can have

const OPTIONS: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };
const USAGE: TokenUsage = { prompt: 1_000, cachedPrompt: 0, completion: 200, reasoning: 0 };

const LEFT_OUT = 'The model’s answer left this paper out or scored it wrongly.';
const CUT_OFF = 'The model’s answer was cut off before this paper.';
const RATE_LIMITED =
  'The endpoint is rate-limiting requests (429); scoring continues when it allows.';
const BAD_GATEWAY = 'The endpoint failed (502: Bad gateway).';
const KEY_REJECTED = 'Your API key was rejected (401) — check it in Paper Sieve’s Options.';

interface AnswerShape {
  leaveOut?: readonly string[];
  finishReason?: string | null;
  options?: CallOptions;
}

/** An answered call scoring every asked paper but `leaveOut`. */
function answer(ids: readonly string[], shape: AnswerShape = {}): ScoreBatchOutcome {
  const scored = ids.filter((id) => !shape.leaveOut?.includes(id));
  return {
    ok: true,
    answer: {
      scores: scored.map((id) => ({ id, comment: `Matches ${id}`, relevance: 8, novelty: 7 })),
      missing: ids.filter((id) => !scored.includes(id)),
      problems: [],
    },
    usage: USAGE,
    finishReason: shape.finishReason === undefined ? 'stop' : shape.finishReason,
    options: shape.options ?? OPTIONS,
  };
}

function failed(failure: LlmFailure): ScoreBatchOutcome {
  return { ok: false, failure, options: OPTIONS };
}

const transient = () => failed({ kind: 'transient', message: BAD_GATEWAY });
const unauthorised = () => failed({ kind: 'fatal', code: 'auth', message: KEY_REJECTED });
const rateLimited = (retryAfterMs: number | null) => () =>
  failed({ kind: 'rate-limited', message: RATE_LIMITED, retryAfterMs });

// ---------------------------------------------------------------------------------------------
// A model, a store and a listener that remember what happened, on the fake clock

type Reply = (ids: string[]) => ScoreBatchOutcome | Promise<ScoreBatchOutcome>;

/** Plays the LLM client: answers from a script of replies, else with `fallback`. */
class FakeModel {
  readonly calls: { ids: string[]; at: number; options: CallOptions }[] = [];
  /** The ids each answered call scored. */
  readonly answered: string[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Fake time each call takes. */
  latencyMs = 0;
  fallback: Reply = (ids) => answer(ids);
  private readonly script: Reply[] = [];

  constructor(private readonly clock: FakeClock) {}

  reply(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  scoreBatch = async (request: ScoreBatchRequest): Promise<ScoreBatchOutcome> => {
    const ids = request.papers.map((paper) => paper.id);
    this.calls.push({ ids, at: this.clock.now(), options: request.options });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // A real call ends in a later task: a queue that calls in a loop cannot starve the test.
      await new Promise((done) => setTimeout(done, 0));
      if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
      const outcome = await (this.script.shift() ?? this.fallback)(ids);
      if (outcome.ok) this.answered.push(outcome.answer.scores.map((score) => score.id));
      return outcome;
    } finally {
      this.inFlight -= 1;
    }
  };

  /** The ids of each call, in call order. */
  get batches(): string[][] {
    return this.calls.map((call) => call.ids);
  }

  get times(): number[] {
    return this.calls.map((call) => call.at);
  }
}

/** A never-settling reply: the worker stopped while this call was out. */
const neverAnswers: Reply = () => new Promise<never>(() => {});

const jobKey = (item: Pick<QueuedPaper, 'paperId' | 'criteriaHash' | 'model'>) =>
  `${item.paperId}|${item.criteriaHash}|${item.model}`;

/** The QueueStore contract in memory, with methods that can be made to throw. */
class MemoryQueueStore implements QueueStore {
  readonly pending = new Map<string, QueuedPaper>();
  readonly judgements = new Map<string, Judgement>();
  readonly saved: SavedAnswer[] = [];
  readonly remembered: CallOptions[] = [];
  readonly attempts: { ids: string[]; error: string }[] = [];
  /** Ids whose title and abstract were never stored. */
  readonly unknownPapers = new Set<string>();
  private readonly breaks = new Map<keyof QueueStore, { left: number; message: string }>();

  /** Makes the next `times` calls of `method` throw `message`. */
  breakNext(method: keyof QueueStore, message: string, times = 1): void {
    this.breaks.set(method, { left: times, message });
  }

  async load(): Promise<QueuedPaper[]> {
    this.check('load');
    // As IndexedDB's: a paper judged before the worker stopped is not queued again.
    for (const key of this.pending.keys()) if (this.judgements.has(key)) this.pending.delete(key);
    return [...this.pending.values()].map((item) => ({ ...item }));
  }

  async add(items: readonly QueuedPaper[]): Promise<void> {
    this.check('add');
    for (const item of items) if (!this.pending.has(jobKey(item))) this.keep(item);
  }

  async remove(items: readonly QueuedPaper[]): Promise<void> {
    this.check('remove');
    for (const item of items) this.pending.delete(jobKey(item));
  }

  async noteAttempt(items: readonly QueuedPaper[], error: string): Promise<void> {
    this.check('noteAttempt');
    if (items.length > 0) this.attempts.push({ ids: paperIds(items), error });
    for (const item of items) {
      const queued = this.pending.get(jobKey(item));
      if (queued) this.keep({ ...queued, attempts: queued.attempts + 1 });
    }
  }

  async papers(ids: readonly string[]): Promise<Map<string, PaperForPrompt>> {
    this.check('papers');
    const known = ids.filter((id) => !this.unknownPapers.has(id));
    return new Map(
      known.map((id) => [id, { id, title: `Title ${id}`, authors: ['A. Author'], abstract: 'A.' }]),
    );
  }

  async saveAnswer(answer: SavedAnswer): Promise<Judgement[]> {
    this.check('saveAnswer');
    const first = answer.batch[0]!;
    const judgements = judgementsFromScores(
      answer.outcome.answer.scores,
      answer.outcome.usage,
      answer.costUsd,
      {
        criteriaHash: first.criteriaHash,
        model: first.model,
        judgedAt: answer.judgedAt,
        titleOnly: new Set(),
      },
    );
    this.saved.push(answer);
    for (const judgement of judgements) {
      this.judgements.set(jobKey(judgement), judgement);
      this.pending.delete(jobKey(judgement));
    }
    return judgements;
  }

  async rememberOptions(options: CallOptions): Promise<void> {
    this.check('rememberOptions');
    this.remembered.push(options);
  }

  hasJudgement(paperId: string): boolean {
    return [...this.judgements.values()].some((judgement) => judgement.paperId === paperId);
  }

  private keep(item: QueuedPaper): void {
    this.pending.set(jobKey(item), { ...item });
  }

  private check(method: keyof QueueStore): void {
    const broken = this.breaks.get(method);
    if (!broken || broken.left <= 0) return;
    broken.left -= 1;
    throw new Error(broken.message);
  }
}

type Heard =
  | { type: 'scoring'; ids: string[]; at: number }
  | { type: 'judged'; ids: string[]; at: number; savedFirst: boolean }
  | { type: 'failed'; ids: string[]; at: number; message: string }
  | { type: 'waiting'; message: string | null; at: number }
  | { type: 'stopped'; ids: string[]; at: number; reason: string };

/** Records the queue's events, and whether each judged paper was already in the store. */
class EventLog implements QueueEvents {
  readonly heard: Heard[] = [];

  constructor(
    private readonly clock: FakeClock,
    private readonly hasJudgement: (paperId: string) => boolean,
  ) {}

  scoring(items: readonly QueuedPaper[]): void {
    this.heard.push({ type: 'scoring', ids: paperIds(items), at: this.clock.now() });
  }

  judged(judgements: readonly Judgement[]): void {
    const ids = judgements.map((judgement) => judgement.paperId);
    const savedFirst = ids.every((id) => this.hasJudgement(id));
    this.heard.push({ type: 'judged', ids, at: this.clock.now(), savedFirst });
  }

  failed(items: readonly QueuedPaper[], message: string): void {
    this.heard.push({ type: 'failed', ids: paperIds(items), at: this.clock.now(), message });
  }

  waiting(message: string | null): void {
    this.heard.push({ type: 'waiting', message, at: this.clock.now() });
  }

  stopped(items: readonly QueuedPaper[], reason: string): void {
    this.heard.push({ type: 'stopped', ids: paperIds(items), at: this.clock.now(), reason });
  }

  of<T extends Heard['type']>(type: T): Extract<Heard, { type: T }>[] {
    return this.heard.filter((event): event is Extract<Heard, { type: T }> => event.type === type);
  }

  /** Every paper judged, in the order the events named them. */
  get judgedIds(): string[] {
    return this.of('judged').flatMap((event) => event.ids);
  }

  get failedIds(): string[] {
    return this.of('failed').flatMap((event) => event.ids);
  }
}

function paperIds(items: readonly { paperId: string }[]): string[] {
  return items.map((item) => item.paperId);
}

// ---------------------------------------------------------------------------------------------
// The queue under test

const CRITERIA_HASH = 'criteria-1';
const MODEL = 'gpt-5-mini';

function queued(paperId: string, overrides: Partial<QueuedPaper> = {}): QueuedPaper {
  return {
    paperId,
    criteriaHash: CRITERIA_HASH,
    model: MODEL,
    runId: 'run-1',
    attempts: 0,
    ...overrides,
  };
}

const papers = (...ids: string[]) => ids.map((id) => queued(id));

interface Setup {
  batchSize?: number;
  concurrency?: number;
  random?: () => number;
  /** A store shared with an earlier queue: the same worker's memory after a restart. */
  store?: MemoryQueueStore;
  /** Any other store (IndexedDB); `store` is then left unused. */
  queueStore?: QueueStore;
  clock?: FakeClock;
}

function setup({ batchSize = 2, concurrency = 1, random = () => 0.5, ...given }: Setup = {}) {
  const clock = given.clock ?? new FakeClock(0);
  const memory = given.store ?? new MemoryQueueStore();
  const store = given.queueStore ?? memory;
  const model = new FakeModel(clock);
  const events = new EventLog(clock, (id) => memory.hasJudgement(id));
  const ready: ScoringJob = {
    ready: true,
    criteria: 'Papers on sparse attention.',
    criteriaHash: CRITERIA_HASH,
    model: MODEL,
    batchSize,
    concurrency,
    options: OPTIONS,
    scoreBatch: model.scoreBatch,
    // $1 per million prompt tokens, so a call's cost is easy to check.
    cost: (usage) => usage.prompt / 1_000_000,
  };
  let job: ScoringJob = ready;
  const queue = createScoringQueue({ store, job: async () => job, clock, random, events });
  return {
    clock,
    store: memory,
    model,
    events,
    queue,
    /** The ready job setup starts with. */
    job: ready,
    /** Changes what the settings say from the next batch on. */
    setJob(next: ScoringJob) {
      job = next;
    },
  };
}

/** How many answered calls scored each paper. */
function answersPerPaper(...models: FakeModel[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ids of models.flatMap((model) => model.answered)) {
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------

describe('scoring queue: batches and concurrency', () => {
  it('sends batches of batchSize, in the order the papers were queued', async () => {
    const { clock, model, events, queue } = setup({ batchSize: 2 });
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await queue.enqueue(papers('p4', 'p5'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p1', 'p2'], ['p3', 'p4'], ['p5']]);
    expect(events.judgedIds).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(queue.size).toBe(0);
  });

  it('leaves a paper queued twice where it first was', async () => {
    const { clock, model, queue } = setup({ batchSize: 2, concurrency: 1 });
    model.latencyMs = 1_000;
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await queue.enqueue(papers('p3', 'p1', 'p4'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([
      ['p1', 'p2'],
      ['p3', 'p4'],
    ]);
  });

  it('scores the page opened last first, then goes back to the earlier one', async () => {
    const { clock, model, queue } = setup({ batchSize: 2, concurrency: 1 });
    model.latencyMs = 1_000;
    const run = (runId: string, ...ids: string[]) => ids.map((id) => queued(id, { runId }));
    await queue.enqueue(run('listing-a', 'a1', 'a2', 'a3', 'a4', 'a5'));
    // The reader opens another listing while the first one's first call is out.
    await clock.advance(500);
    await queue.enqueue(run('listing-b', 'b1', 'b2', 'b3'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['b3', 'a3'],
      ['a4', 'a5'],
    ]);
  });

  it('moves a paper queued again by a newer page up with that page', async () => {
    const { clock, model, queue } = setup({ batchSize: 2, concurrency: 1 });
    model.latencyMs = 1_000;
    const run = (runId: string, ...ids: string[]) => ids.map((id) => queued(id, { runId }));
    await queue.enqueue(run('visit-1', 'p1', 'p2', 'p3', 'p4', 'p5'));
    await clock.advance(500);
    await queue.enqueue(run('visit-2', 'p5'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p1', 'p2'], ['p5', 'p3'], ['p4']]);
  });

  it.each([1, 2, 3])('never has more than %i calls in flight', async (concurrency) => {
    const { clock, model, queue } = setup({ batchSize: 1, concurrency });
    model.latencyMs = 1_000;
    await queue.enqueue(papers('p1', 'p2', 'p3', 'p4'));
    // Papers queued while calls are out wait for a free slot too.
    await clock.advance(500);
    await queue.enqueue(papers('p5', 'p6'));
    await clock.runUntilIdle();

    expect(model.maxInFlight).toBe(concurrency);
    expect(model.batches.flat()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    // Each slot takes the next batch the moment its call ends.
    expect(model.times).toEqual([0, 1, 2, 3, 4, 5].map((i) => Math.floor(i / concurrency) * 1_000));
  });

  it('writes every answer to the store before announcing its judgements', async () => {
    const { clock, store, events, queue } = setup({ batchSize: 2, concurrency: 2 });
    await queue.enqueue(papers('p1', 'p2', 'p3', 'p4', 'p5'));
    await clock.runUntilIdle();

    expect(events.of('judged').map((event) => event.savedFirst)).toEqual([true, true, true]);
    expect(store.saved.map((saved) => paperIds(saved.batch))).toEqual([
      ['p1', 'p2'],
      ['p3', 'p4'],
      ['p5'],
    ]);
    // The call's cost is the job's price of its usage ($1 per million prompt tokens here).
    expect(store.saved.map((saved) => saved.costUsd)).toEqual([0.001, 0.001, 0.001]);
    expect(store.pending.size).toBe(0);
  });

  it('says which papers are being scored as their call starts', async () => {
    const { clock, events, queue } = setup({ batchSize: 2 });
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(events.heard.map((event) => [event.type, 'ids' in event ? event.ids : null])).toEqual([
      ['scoring', ['p1', 'p2']],
      ['judged', ['p1', 'p2']],
      ['scoring', ['p3']],
      ['judged', ['p3']],
    ]);
  });

  it('fails at once the papers whose title and abstract were never stored', async () => {
    const { clock, store, model, events, queue } = setup({ batchSize: 3 });
    store.unknownPapers.add('p2');
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p1', 'p3']]);
    expect(events.of('failed')).toEqual([
      expect.objectContaining({
        ids: ['p2'],
        message: 'This paper’s title and abstract were not stored.',
      }),
    ]);
  });
});

describe('scoring queue: papers left out of an answer', () => {
  it.each([
    { finishReason: 'stop', reason: LEFT_OUT },
    { finishReason: null, reason: LEFT_OUT },
    { finishReason: 'length', reason: CUT_OFF },
  ])(
    'asks again for a paper left out (finish: $finishReason), then fails it: $reason',
    async ({ finishReason, reason }) => {
      const { clock, store, model, events, queue } = setup({ batchSize: 2 });
      model.fallback = (ids) => answer(ids, { leaveOut: ['p2'], finishReason });
      await queue.enqueue(papers('p1', 'p2', 'p3'));
      await clock.runUntilIdle();

      // Asked again in the next batch, beside the next paper, without waiting: nothing failed.
      expect(model.batches).toEqual([['p1', 'p2'], ['p2', 'p3'], ['p2']]);
      expect(model.batches.filter((ids) => ids.includes('p2'))).toHaveLength(MAX_CALL_ATTEMPTS);
      expect(model.times).toEqual([0, 0, 0]);
      expect(events.judgedIds).toEqual(['p1', 'p3']);
      expect(events.of('failed')).toEqual([
        expect.objectContaining({ ids: ['p2'], message: `${reason} ${GAVE_UP}` }),
      ]);
      expect(store.attempts).toEqual([
        { ids: ['p2'], error: reason },
        { ids: ['p2'], error: reason },
      ]);
      expect(store.pending.size).toBe(0);
    },
  );

  it('scores a left-out paper when a later answer has it', async () => {
    const { clock, model, events, queue } = setup({ batchSize: 2 });
    model.reply((ids) => answer(ids, { leaveOut: ['p2'] }));
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([
      ['p1', 'p2'],
      ['p2', 'p3'],
    ]);
    expect(events.judgedIds).toEqual(['p1', 'p2', 'p3']);
    expect(events.of('failed')).toEqual([]);
  });
});

describe('scoring queue: rate limits', () => {
  it('waits out a 429’s retry-after on the clock, without counting an attempt', async () => {
    const { clock, store, model, events, queue } = setup({ batchSize: 2 });
    model.reply(rateLimited(5_000), rateLimited(7_000));
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    expect(model.times).toEqual([0, 5_000, 12_000]);
    expect(events.of('waiting').map((event) => [event.at, event.message])).toEqual([
      [0, `${RATE_LIMITED} Waiting 5 s.`],
      [5_000, null],
      [5_000, `${RATE_LIMITED} Waiting 7 s.`],
      [12_000, null],
    ]);
    expect(store.attempts).toEqual([]);
    expect(events.judgedIds).toEqual(['p1', 'p2']);
  });

  it('starts no other batch while it waits', async () => {
    const { clock, model, queue } = setup({ batchSize: 1, concurrency: 2 });
    model.reply(rateLimited(5_000));
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(model.calls.map((call) => [call.ids[0], call.at])).toEqual([
      ['p1', 0],
      ['p2', 0],
      ['p1', 5_000],
      ['p3', 5_000],
    ]);
  });

  it('waits a backoff step when the 429 says not how long', async () => {
    const { clock, model, events, queue } = setup({ random: () => 0.5 });
    model.reply(rateLimited(null));
    await queue.enqueue(papers('p1'));
    await clock.runUntilIdle();

    // First step of the backoff: half of 1 s plus half the jitter.
    expect(model.times).toEqual([0, 750]);
    expect(events.of('waiting')[0]?.message).toBe(`${RATE_LIMITED} Waiting 1 s.`);
  });

  it('shows an error saying when to retry, rather than wait out a retry-after beyond the ceiling', async () => {
    const { clock, store, model, events, queue } = setup({ random: () => 0.5 });
    model.reply(rateLimited(MAX_RETRY_AFTER_MS + 1));
    await queue.enqueue(papers('p1'));
    await clock.runUntilIdle();

    expect(events.of('waiting')).toEqual([]);
    expect(store.attempts).toEqual([]);
    expect(model.times).toEqual([0]);
    expect(events.of('failed')).toEqual([
      expect.objectContaining({
        ids: ['p1'],
        message:
          'The endpoint is rate-limiting requests (429). It asks to wait 3 min — retry then.',
      }),
    ]);
    expect(queue.size).toBe(0);
  });

  it('waits out at most MAX_RATE_LIMIT_WAITS 429s in a row, then shows an error with a retry', async () => {
    const { clock, store, model, events, queue } = setup({ random: () => 0.5 });
    model.fallback = rateLimited(1_000);
    await queue.enqueue(papers('p1'));
    await clock.runUntilIdle();

    const calls = MAX_RATE_LIMIT_WAITS + 1;
    expect(model.times).toEqual(Array.from({ length: calls }, (_, i) => i * 1_000));
    // Waiting is not an attempt, and the limit is not hammered: the user retries later.
    expect(store.attempts).toEqual([]);
    expect(events.of('failed')).toEqual([
      expect.objectContaining({
        ids: ['p1'],
        message:
          'The endpoint is rate-limiting requests (429). It kept refusing — retry in a few minutes.',
      }),
    ]);
    expect(queue.size).toBe(0);
  });
});

describe('scoring queue: failed calls', () => {
  it.each([
    { random: 0, times: [0, 500, 1_500] },
    { random: 0.5, times: [0, 750, 2_250] },
    { random: 1, times: [0, 1_000, 3_000] },
  ])(
    'backs off with jitter (random $random) and fails after MAX_CALL_ATTEMPTS calls',
    async ({ random, times }) => {
      const { clock, store, model, events, queue } = setup({ random: () => random });
      model.fallback = transient;
      await queue.enqueue(papers('p1', 'p2'));
      await clock.runUntilIdle();

      expect(model.times).toEqual(times);
      expect(model.calls).toHaveLength(MAX_CALL_ATTEMPTS);
      expect(events.of('failed')).toEqual([
        {
          type: 'failed',
          ids: ['p1', 'p2'],
          at: times.at(-1),
          message: `${BAD_GATEWAY} ${GAVE_UP}`,
        },
      ]);
      expect(store.pending.size).toBe(0);
    },
  );

  it('scores the batch when a retry succeeds', async () => {
    const { clock, store, model, events, queue } = setup();
    model.reply(transient);
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    expect(model.times).toEqual([0, 750]);
    expect(store.attempts).toEqual([{ ids: ['p1', 'p2'], error: BAD_GATEWAY }]);
    expect(events.judgedIds).toEqual(['p1', 'p2']);
    expect(events.of('failed')).toEqual([]);
  });

  it('fails the batch and every idle paper of the job at once on a fatal failure', async () => {
    const { clock, store, model, events, queue } = setup({ batchSize: 2 });
    model.fallback = unauthorised;
    await queue.enqueue(papers('p1', 'p2', 'p3', 'p4', 'p5'));
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p1', 'p2']]);
    expect(events.of('failed')).toEqual([
      { type: 'failed', ids: ['p1', 'p2', 'p3', 'p4', 'p5'], at: 0, message: KEY_REJECTED },
    ]);
    expect(store.attempts).toEqual([]);
    expect(store.pending.size).toBe(0);

    await queue.resume();
    await clock.runUntilIdle();
    expect(model.calls).toHaveLength(1);
  });
});

describe('scoring queue: settings', () => {
  it.each([
    { label: 'the same options', options: OPTIONS, remembered: [] },
    {
      label: 'options without structured output',
      options: { ...OPTIONS, structuredOutput: false },
      remembered: [{ ...OPTIONS, structuredOutput: false }],
    },
  ])('remembers the options a call worked with: $label', async ({ options, remembered }) => {
    const { clock, store, model, queue } = setup();
    model.fallback = (ids) => answer(ids, { options });
    await queue.enqueue(papers('p1'));
    await clock.runUntilIdle();

    expect(store.remembered).toEqual(remembered);
  });

  it('drops papers queued under other criteria or another model', async () => {
    const { clock, store, model, events, queue } = setup({ batchSize: 5 });
    await queue.enqueue([
      queued('p1', { criteriaHash: 'old-criteria' }),
      queued('p2'),
      queued('p3', { model: 'gpt-4o-mini' }),
    ]);
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p2']]);
    expect(store.pending.size).toBe(0);
    expect(queue.size).toBe(0);
    expect(events.of('failed')).toEqual([]);
  });

  it('waits, saying why, while the job is not ready, and scores once it is', async () => {
    const { clock, store, model, events, queue, job, setJob } = setup();
    setJob({ ready: false, reason: 'No API key yet.' });
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    expect(model.calls).toEqual([]);
    expect(events.of('waiting').map((event) => event.message)).toEqual(['No API key yet.']);
    expect(store.pending.size).toBe(2);
    expect(queue.size).toBe(2);

    setJob(job);
    await queue.resume();
    await clock.runUntilIdle();
    expect(model.batches).toEqual([['p1', 'p2']]);
  });
});

describe('scoring queue: restarts', () => {
  it('scores what a stopped worker left queued, no paper in two answered calls', async () => {
    const before = setup({ batchSize: 2 });
    before.model.reply((ids) => answer(ids), neverAnswers);
    await before.queue.enqueue(papers('p1', 'p2', 'p3', 'p4', 'p5'));
    // The worker stops while its second call is out.
    await before.clock.runUntil(() => before.model.calls.length === 2);

    const after = setup({ batchSize: 2, store: before.store });
    await after.queue.resume();
    await after.clock.runUntilIdle();

    expect(after.model.batches).toEqual([['p3', 'p4'], ['p5']]);
    expect(answersPerPaper(before.model, after.model)).toEqual(
      new Map(['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => [id, 1])),
    );
    expect(after.store.pending.size).toBe(0);
  });

  it('keeps the attempts a stopped worker counted', async () => {
    const before = setup();
    before.model.reply(transient, neverAnswers);
    await before.queue.enqueue(papers('p1'));
    await before.clock.runUntil(() => before.model.calls.length === 2);

    const after = setup({ store: before.store });
    after.model.fallback = transient;
    await after.queue.resume();
    await after.clock.runUntilIdle();

    // One attempt spent before the stop: MAX_CALL_ATTEMPTS - 1 are left.
    expect(after.model.calls).toHaveLength(MAX_CALL_ATTEMPTS - 1);
    expect(after.events.failedIds).toEqual(['p1']);
  });

  it('loads the queue once, whichever of resume and enqueue comes first', async () => {
    const before = setup({ batchSize: 5 });
    before.model.fallback = neverAnswers;
    await before.queue.enqueue(papers('p1', 'p2'));
    await before.clock.runUntil(() => before.model.calls.length === 1);

    const after = setup({ batchSize: 5, store: before.store });
    await Promise.all([after.queue.enqueue(papers('p2', 'p3')), after.queue.resume()]);
    await after.clock.runUntilIdle();

    expect(after.model.batches).toEqual([['p1', 'p2', 'p3']]);
  });
});

describe('scoring queue over IndexedDB', () => {
  const opened: SieveDb[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  async function freshDb(): Promise<SieveDb> {
    const db = await openSieveDb(`scoring-queue-${Math.random().toString(36).slice(2)}`);
    opened.push(db);
    return db;
  }

  it('does not ask again for a paper answered just before the worker stopped', async () => {
    const db = await freshDb();
    const clock = new FakeClock(0);
    await putPapers(
      db,
      ['p1', 'p2', 'p3'].map((id) => ({
        id,
        version: 1,
        title: `Title ${id}`,
        authors: ['A. Author'],
        abstract: `Abstract of ${id}.`,
        abstractSource: 'listing' as const,
        categories: ['cs.LG'],
        primaryCategory: 'cs.LG',
        updatedAt: 0,
      })),
    );
    await enqueuePending(db, papers('p1', 'p2', 'p3'), 0);
    // The stopped worker wrote p1's judgement but not yet its removal from the queue.
    await putJudgements(db, [
      {
        paperId: 'p1',
        criteriaHash: CRITERIA_HASH,
        model: MODEL,
        kind: 'scored',
        relevance: 9,
        novelty: 9,
        comment: 'Paid for already',
        titleOnly: false,
        usage: USAGE,
        costUsd: 0.001,
        judgedAt: 0,
      },
    ]);
    const store = indexedDbQueueStore({
      db: async () => db,
      thresholds: async () => ({ minRelevance: 8, minNovelty: 7 }),
      rememberOptions: async () => {},
      now: clock.now,
    });

    const { model, queue } = setup({ batchSize: 5, queueStore: store, clock });
    await queue.resume();
    await clock.runUntil(() => queue.size === 0);

    expect(model.batches).toEqual([['p2', 'p3']]);
    expect(await allPending(db)).toEqual([]);
    const stored = await getJudgements(db, ['p1', 'p2', 'p3'], CRITERIA_HASH, MODEL);
    expect(stored.get('p1')?.comment).toBe('Paid for already');
    expect(stored.get('p2')?.comment).toBe('Matches p2');
  });
});

describe('scoring queue: a store that throws', () => {
  // The queue reports writes it could not make; here they are expected.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it('retries a batch whose answer could not be written, counting an attempt', async () => {
    const { clock, store, model, events, queue } = setup();
    store.breakNext('saveAnswer', 'QuotaExceededError');
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    expect(model.times).toEqual([0, 750]);
    expect(store.attempts).toEqual([
      { ids: ['p1', 'p2'], error: 'Scoring failed: QuotaExceededError' },
    ]);
    expect(events.judgedIds).toEqual(['p1', 'p2']);
  });

  it('fails papers whose details cannot be read, after MAX_CALL_ATTEMPTS tries', async () => {
    const { clock, store, model, events, queue } = setup();
    store.breakNext('papers', 'The database connection is closing.', Infinity);
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    expect(model.calls).toEqual([]);
    expect(events.of('failed')).toEqual([
      expect.objectContaining({
        ids: ['p1', 'p2'],
        message: `Scoring failed: The database connection is closing. ${GAVE_UP}`,
      }),
    ]);
    expect(queue.size).toBe(0);
  });

  it('keeps an answer whose call options could not be remembered', async () => {
    const { clock, store, model, events, queue } = setup();
    store.breakNext('rememberOptions', 'storage.local is unavailable');
    model.fallback = (ids) => answer(ids, { options: { ...OPTIONS, reasoningEffort: 'low' } });
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntilIdle();

    // Paid for once: the answer is written, announced and not asked for again.
    expect(model.calls).toHaveLength(1);
    expect(store.saved).toHaveLength(1);
    expect(events.judgedIds).toEqual(['p1', 'p2']);
    expect(events.of('failed')).toEqual([]);
  });

  it('fails papers after MAX_CALL_ATTEMPTS calls when their attempts cannot be written', async () => {
    const { clock, store, model, events, queue } = setup();
    store.breakNext('noteAttempt', 'The transaction was aborted.', Infinity);
    model.fallback = transient;
    await queue.enqueue(papers('p1'));
    await clock.runUntil(() => events.failedIds.length > 0 || model.calls.length > 10);

    expect(model.calls).toHaveLength(MAX_CALL_ATTEMPTS);
    expect(events.failedIds).toEqual(['p1']);
  });

  it('asks no more than MAX_CALL_ATTEMPTS times for a left-out paper when attempts cannot be written', async () => {
    const { clock, store, model, events, queue } = setup();
    store.breakNext('noteAttempt', 'The transaction was aborted.', Infinity);
    model.fallback = (ids) => answer(ids, { leaveOut: ['p2'] });
    await queue.enqueue(papers('p1', 'p2'));
    await clock.runUntil(() => events.failedIds.length > 0 || model.calls.length > 10);

    expect(answersPerPaper(model)).toEqual(new Map([['p1', 1]]));
    expect(model.calls).toHaveLength(MAX_CALL_ATTEMPTS);
    expect(events.failedIds).toEqual(['p2']);
  });

  it('loads the queue again after a failed load', async () => {
    const before = setup();
    before.model.fallback = neverAnswers;
    await before.queue.enqueue(papers('p1'));
    await before.clock.runUntil(() => before.model.calls.length === 1);

    const after = setup({ store: before.store });
    before.store.breakNext('load', 'The database is blocked.');
    await expect(after.queue.resume()).rejects.toThrow('The database is blocked.');
    await after.queue.enqueue(papers('p2'));
    await after.clock.runUntilIdle();

    expect(after.model.batches).toEqual([['p1', 'p2']]);
  });

  it('scores the current job’s papers when stale ones cannot be removed from the store', async () => {
    const { clock, store, model, queue } = setup({ batchSize: 5 });
    store.breakNext('remove', 'The transaction was aborted.');
    await queue.enqueue([queued('p1', { criteriaHash: 'old-criteria' }), queued('p2')]);
    await clock.runUntilIdle();

    expect(model.batches).toEqual([['p2']]);
    expect(console.error).toHaveBeenCalledWith(
      'Paper Sieve could not write its scoring queue',
      expect.objectContaining({ message: 'The transaction was aborted.' }),
    );
  });

  it('shows a fatal failure and makes no further call when the store cannot remove the papers', async () => {
    const { clock, store, model, events, queue } = setup({ batchSize: 2 });
    store.breakNext('remove', 'The transaction was aborted.');
    model.fallback = unauthorised;
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(model.calls).toHaveLength(1);
    expect(events.of('failed')).toEqual([
      expect.objectContaining({ ids: ['p1', 'p2', 'p3'], message: KEY_REJECTED }),
    ]);
  });
});

describe('scoring queue: a listener that throws', () => {
  it('does not ask again for papers whose judgements a listener choked on', async () => {
    const { clock, model, events, queue } = setup({ batchSize: 2 });
    const judged = events.judged.bind(events);
    let choked = false;
    events.judged = (judgements) => {
      judged(judgements);
      if (!choked) {
        choked = true;
        throw new Error('listener bug');
      }
    };
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.runUntilIdle();

    expect(answersPerPaper(model)).toEqual(new Map(['p1', 'p2', 'p3'].map((id) => [id, 1])));
    expect(model.batches).toEqual([['p1', 'p2'], ['p3']]);
  });
});

describe('scoring queue: stop', () => {
  it('takes a run’s waiting papers off the queue and lets the call in flight finish', async () => {
    const { clock, model, events, queue } = setup({ batchSize: 1, concurrency: 1 });
    model.latencyMs = 1_000;
    await queue.enqueue(papers('p1', 'p2', 'p3'));
    await clock.advance(10);
    const stopped = await queue.cancel('run-1', 'Stopped.');
    await clock.runUntilIdle();

    expect(stopped).toBe(2);
    expect(events.of('stopped')).toEqual([
      expect.objectContaining({ ids: ['p2', 'p3'], reason: 'Stopped.' }),
    ]);
    expect(events.judgedIds).toEqual(['p1']);
    expect(model.calls).toHaveLength(1);
    expect(queue.size).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { criteriaHash } from '../../lib/llm/prompt';
import type { JudgementView, PageRef, PortEvent } from '../../lib/messaging/protocol';
import type { QueuedPaper } from '../../lib/scoring/queue';
import { createScoringService } from '../../lib/scoring/service';
import { createSubscribers, type Subscriber } from '../../lib/scoring/subscribers';
import type { Judgement } from '../../lib/scoring/types';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { openSieveDb, type SieveDb, type StoredPaper } from '../../lib/store/db';
import { putJudgements } from '../../lib/store/judgements';
import { putPapers } from '../../lib/store/papers';
import { addToRun, getRun, localDay, runIdFor, runsByDate, upsertRun } from '../../lib/store/runs';
import { settle } from '../support/fake-clock';

// Mid-morning local time, so a day before and after are other local days whatever the zone.
const NOW = new Date(2026, 3, 14, 10, 0).getTime();
const DAY_MS = 24 * 60 * 60 * 1_000;
const TODAY = localDay(NOW);

const NO_KEY = 'No API key yet — add one in Paper Sieve’s Options to score these papers.';
const AUTO_OFF = 'Automatic scoring is off — press “Score this page” to score it.';

const opened: SieveDb[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function page(category = 'cs.LG'): PageRef {
  return {
    url: `https://arxiv.org/list/${category}/new`,
    category,
    pageKind: 'new',
    listingDate: '2026-04-14',
  };
}

function storedPaper(id: string, authors = ['A. Author']): StoredPaper {
  return {
    id,
    version: 1,
    title: `Title of ${id}`,
    authors,
    abstract: `Abstract of ${id}.`,
    abstractSource: 'listing',
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    updatedAt: 0,
  };
}

/** A page connected to the background, keeping every event it is sent. */
class FakePage implements Subscriber {
  events: PortEvent[] = [];

  send(event: PortEvent): void {
    this.events.push(event);
  }

  of<T extends PortEvent['type']>(type: T): Extract<PortEvent, { type: T }>[] {
    return this.events.filter(
      (event): event is Extract<PortEvent, { type: T }> => event.type === type,
    );
  }

  /** Forgets what it was sent so far. */
  clear(): void {
    this.events = [];
  }
}

async function setup(overrides: Partial<Settings> = {}, now = NOW) {
  const db = await openSieveDb(`scoring-service-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  const settings: Settings = { ...DEFAULT_SETTINGS, apiKey: 'sk-x', ...overrides };
  const hash = await criteriaHash(settings.criteria);
  const enqueued: QueuedPaper[][] = [];
  const subscribers = createSubscribers();
  const service = createScoringService({
    db: async () => db,
    settings: async () => settings,
    queue: {
      enqueue: async (items) => {
        enqueued.push([...items]);
      },
    },
    subscribers,
    now: () => now,
  });

  /** A judgement as the model made it under these settings. */
  function judgement(paperId: string, overrides: Partial<Judgement> = {}): Judgement {
    return {
      paperId,
      criteriaHash: hash,
      model: settings.model,
      kind: 'scored',
      relevance: 9,
      novelty: 8,
      comment: `Matches ${paperId}`,
      titleOnly: false,
      usage: { prompt: 100, cachedPrompt: 0, completion: 20, reasoning: 0 },
      costUsd: 0.001,
      judgedAt: NOW - 1_000,
      ...overrides,
    };
  }

  /** Shows `paperIds` on `ref` in a new page, as its content script would ask. */
  async function open(
    ref: PageRef,
    paperIds: string[],
    force = false,
    only: string[] | null = null,
  ): Promise<FakePage> {
    const shown = new FakePage();
    await service.scorePage({ page: ref, paperIds, only, force }, shown);
    return shown;
  }

  return { db, settings, hash, enqueued, subscribers, service, judgement, open };
}

function view(judgement: Judgement, kept: boolean): JudgementView {
  return {
    paperId: judgement.paperId,
    kind: judgement.kind,
    relevance: judgement.relevance,
    novelty: judgement.novelty,
    comment: judgement.comment,
    model: judgement.model,
    titleOnly: judgement.titleOnly,
    kept,
  };
}

/** Adds `costUsd` spent on `date` to the run of a page of that day. */
async function spend(db: SieveDb, date: string, pageUrl: string, costUsd: number): Promise<void> {
  await upsertRun(
    db,
    {
      date,
      pageUrl,
      category: 'cs.AI',
      pageKind: 'new',
      listingDate: null,
      criteriaHash: 'any',
      model: 'gpt-5-mini',
      onPage: 1,
    },
    NOW,
  );
  await addToRun(db, runIdFor(date, pageUrl), { costUsd }, NOW);
}

describe('scoring service: what a page gets at once', () => {
  it('sends remembered judgements at once and queues only the rest', async () => {
    const { db, settings, hash, enqueued, judgement, open } = await setup();
    const kept = judgement('p1');
    const dropped = judgement('p2', { relevance: 4, novelty: 9 });
    await putJudgements(db, [
      kept,
      dropped,
      // Judgements under other criteria or by another model are not this page's answer.
      judgement('p3', { criteriaHash: 'old-criteria' }),
      judgement('p4', { model: 'gpt-4o-mini' }),
    ]);

    const shown = await open(page(), ['p1', 'p2', 'p3', 'p4']);

    expect(scoringEvents(shown)).toEqual([
      { type: 'judged', judgements: [view(kept, true), view(dropped, false)] },
      { type: 'run', progress: { costUsd: 0, calls: 0, priced: true } },
      { type: 'state', paperIds: ['p3', 'p4'], state: 'queued', reason: null },
    ]);
    const runId = runIdFor(TODAY, page().url);
    expect(enqueued).toEqual([
      [
        { paperId: 'p3', criteriaHash: hash, model: settings.model, runId, attempts: 0 },
        { paperId: 'p4', criteriaHash: hash, model: settings.model, runId, attempts: 0 },
      ],
    ]);
  });

  it('queues nothing when every paper was judged before', async () => {
    const { db, enqueued, judgement, open } = await setup();
    await putJudgements(db, [judgement('p1'), judgement('p2')]);

    const shown = await open(page(), ['p1', 'p2']);

    expect(scoringEvents(shown).map((event) => event.type)).toEqual(['judged', 'run']);
    expect(enqueued).toEqual([]);
  });

  it('sends papers of followed authors as author matches, without queueing them', async () => {
    const { db, enqueued, judgement, open } = await setup({
      followedAuthors: '# people I follow\nYann LeCun\nJ. Smith',
    });
    await putPapers(db, [
      storedPaper('p1', ['Ada Lovelace', 'Yann A. LeCun']),
      storedPaper('p2', ['Jane Smith']),
      storedPaper('p3', ['Ada Lovelace']),
    ]);
    // A followed author's paper is pinned even when the model judged it before.
    await putJudgements(db, [judgement('p2', { relevance: 2, novelty: 2 })]);

    const shown = await open(page(), ['p1', 'p2', 'p3']);

    expect(shown.of('judged')).toEqual([
      {
        type: 'judged',
        judgements: [
          authorMatch('p1', 'Author match: Yann LeCun'),
          authorMatch('p2', 'Author match: J. Smith'),
        ],
      },
    ]);
    expect(enqueued.flat().map((item) => item.paperId)).toEqual(['p3']);
  });

  it('queues only the papers asked for, of those not judged yet', async () => {
    const { db, enqueued, judgement, open } = await setup();
    await putJudgements(db, [judgement('p1')]);

    const shown = await open(page(), ['p1', 'p2', 'p3'], true, ['p1', 'p3']);

    expect(shown.of('state')).toEqual([
      { type: 'state', paperIds: ['p3'], state: 'queued', reason: null },
    ]);
    expect(enqueued.flat().map((item) => item.paperId)).toEqual(['p3']);
  });

  it('sends only what is known when asked not to queue, and the rest on the next request', async () => {
    const { db, service, enqueued, judgement, open } = await setup();
    const known = judgement('p1');
    await putJudgements(db, [known]);

    const first = new FakePage();
    const request = { page: page(), paperIds: ['p1', 'p2', 'p3'], force: false };
    await service.scorePage({ ...request, only: null, queue: false }, first);
    expect(scoringEvents(first)).toEqual([
      { type: 'judged', judgements: [view(known, true)] },
      { type: 'run', progress: { costUsd: 0, calls: 0, priced: true } },
    ]);
    expect(enqueued).toEqual([]);

    // The listing is stored: the page asks for its unjudged papers, and hears only of them.
    const rest = await open(page(), ['p1', 'p2', 'p3'], false, ['p2', 'p3']);
    expect(rest.of('judged')).toEqual([]);
    expect(enqueued.flat().map((item) => item.paperId)).toEqual(['p2', 'p3']);
  });

  it('asks once for a paper the page lists twice', async () => {
    const { db, enqueued, open } = await setup();

    await open(page(), ['p1', 'p2', 'p1']);

    expect(enqueued.flat().map((item) => item.paperId)).toEqual(['p1', 'p2']);
    expect((await getRun(db, runIdFor(TODAY, page().url)))?.counts.onPage).toBe(2);
  });
});

/** What a page hears about its papers and run (other news, such as thresholds, left out). */
function scoringEvents(shown: FakePage): PortEvent[] {
  return shown.events.filter((event) => ['judged', 'run', 'state'].includes(event.type));
}

function authorMatch(paperId: string, comment: string): JudgementView {
  return {
    paperId,
    kind: 'author-match',
    relevance: null,
    novelty: null,
    comment,
    model: '',
    titleOnly: false,
    kept: true,
  };
}

describe('scoring service: when it does not score', () => {
  const budgetSpent = (spent: string) =>
    `Today’s budget of $0.50 is spent ($${spent}) — scoring is paused; raise the budget in Options to go on.`;

  it.each([
    { label: 'no API key', settings: { apiKey: '' }, force: false, reason: NO_KEY },
    { label: 'no API key, forced', settings: { apiKey: '' }, force: true, reason: NO_KEY },
    {
      label: 'automatic scoring off',
      settings: { autoScore: false },
      force: false,
      reason: AUTO_OFF,
    },
    {
      label: 'the daily budget spent',
      settings: { dailyBudgetUsd: 0.5 },
      spentToday: [0.3, 0.25],
      force: false,
      reason: budgetSpent('0.55'),
    },
    {
      label: 'the daily budget spent to the cent, forced',
      settings: { dailyBudgetUsd: 0.5 },
      spentToday: [0.5],
      force: true,
      reason: budgetSpent('0.50'),
    },
  ])(
    'shows the papers idle, saying why: $label',
    async ({ settings, spentToday = [], force, reason }) => {
      const { db, enqueued, judgement, open } = await setup(settings);
      for (const [i, cost] of spentToday.entries()) {
        await spend(db, TODAY, `https://arxiv.org/list/cs.AI/${i}`, cost);
      }
      await putJudgements(db, [judgement('p1')]);

      const shown = await open(page(), ['p1', 'p2', 'p3'], force);

      // What was judged before is still shown.
      expect(shown.of('judged').flatMap((event) => event.judgements.map((j) => j.paperId))).toEqual(
        ['p1'],
      );
      expect(shown.of('state')).toEqual([
        { type: 'state', paperIds: ['p2', 'p3'], state: 'idle', reason },
      ]);
      expect(enqueued).toEqual([]);
    },
  );

  it.each([
    { label: 'automatic scoring on', settings: {}, force: false },
    { label: 'automatic scoring off, on request', settings: { autoScore: false }, force: true },
    {
      label: 'below the daily budget; yesterday’s spending does not count',
      settings: { dailyBudgetUsd: 0.5 },
      spentToday: [0.2, 0.29],
      spentYesterday: [5],
      force: false,
    },
    { label: 'no budget', settings: { dailyBudgetUsd: null }, spentToday: [50], force: false },
  ])(
    'queues the papers: $label',
    async ({ settings, spentToday = [], spentYesterday = [], force }) => {
      const { db, enqueued, open } = await setup(settings);
      for (const [i, cost] of spentToday.entries()) {
        await spend(db, TODAY, `https://arxiv.org/list/cs.AI/${i}`, cost);
      }
      for (const [i, cost] of spentYesterday.entries()) {
        await spend(db, localDay(NOW - DAY_MS), `https://arxiv.org/list/cs.AI/${i}`, cost);
      }

      const shown = await open(page(), ['p1', 'p2'], force);

      expect(shown.of('state')).toEqual([
        { type: 'state', paperIds: ['p1', 'p2'], state: 'queued', reason: null },
      ]);
      expect(enqueued.flat().map((item) => item.paperId)).toEqual(['p1', 'p2']);
    },
  );
});

describe('scoring service: runs', () => {
  it('keeps one run per page and local day', async () => {
    const today = await setup();
    await today.open(page('cs.LG'), ['p1', 'p2', 'p3']);
    await today.open(page('cs.LG'), ['p1', 'p2']);
    await today.open(page('cs.AI'), ['p4']);

    // Both started at the same moment: compared by id, not in the order they are listed.
    const runs = await runsByDate(today.db, TODAY);
    expect(new Map(runs.map((run) => [run.id, run.counts.onPage]))).toEqual(
      new Map([
        [runIdFor(TODAY, page('cs.LG').url), 2],
        [runIdFor(TODAY, page('cs.AI').url), 1],
      ]),
    );
    expect(today.enqueued.map((items) => items.map((item) => item.runId))).toEqual([
      Array(3).fill(runIdFor(TODAY, page('cs.LG').url)),
      Array(2).fill(runIdFor(TODAY, page('cs.LG').url)),
      [runIdFor(TODAY, page('cs.AI').url)],
    ]);
  });

  it('starts a new run of the same page the next day', async () => {
    const { db } = await setup();
    const service = (now: number) =>
      createScoringService({
        db: async () => db,
        settings: async () => ({ ...DEFAULT_SETTINGS, apiKey: 'sk-x' }),
        queue: { enqueue: async () => {} },
        subscribers: createSubscribers(),
        now: () => now,
      });
    const request = { page: page(), paperIds: ['p1'], only: null, force: false };
    await service(NOW).scorePage(request, new FakePage());
    await service(NOW + DAY_MS).scorePage(request, new FakePage());

    expect(await getRun(db, runIdFor(TODAY, page().url))).toBeDefined();
    expect(await getRun(db, runIdFor(localDay(NOW + DAY_MS), page().url))).toBeDefined();
  });

  it('tells a page what its run has cost so far, and whether the model has a price', async () => {
    const { db, open } = await setup({
      model: 'my-local-model',
      baseUrl: 'https://models.example.org/v1',
    });
    await spend(db, TODAY, page().url, 0.25);

    const shown = await open(page(), ['p1']);

    expect(shown.of('run')).toEqual([
      { type: 'run', progress: { costUsd: 0.25, calls: 0, priced: false } },
    ]);
  });
});

describe('scoring service: queue events reach the pages showing the papers', () => {
  /** Three tabs: two sharing p2, one showing nothing the events name. */
  async function threeTabs() {
    const context = await setup();
    const lg = await context.open(page('cs.LG'), ['p1', 'p2']);
    const ai = await context.open(page('cs.AI'), ['p2', 'p3']);
    const other = await context.open(page('math.CO'), ['p9']);
    for (const tab of [lg, ai, other]) tab.clear();
    const item = (paperId: string) => context.enqueued.flat().find((i) => i.paperId === paperId)!;
    return { ...context, lg, ai, other, item };
  }

  it('sends each page the scoring papers it shows', async () => {
    const { service, lg, ai, other, item } = await threeTabs();

    service.queueEvents.scoring([item('p2'), item('p3')]);

    expect(lg.events).toEqual([
      { type: 'state', paperIds: ['p2'], state: 'scoring', reason: null },
    ]);
    expect(ai.events).toEqual([
      { type: 'state', paperIds: ['p2', 'p3'], state: 'scoring', reason: null },
    ]);
    expect(other.events).toEqual([]);
  });

  it('sends each page the failures of the papers it shows, with the message', async () => {
    const { service, lg, ai, other, item } = await threeTabs();

    service.queueEvents.failed([item('p1'), item('p3')], 'The endpoint failed (502).');

    expect(lg.events).toEqual([
      { type: 'state', paperIds: ['p1'], state: 'error', reason: 'The endpoint failed (502).' },
    ]);
    expect(ai.events).toEqual([
      { type: 'state', paperIds: ['p3'], state: 'error', reason: 'The endpoint failed (502).' },
    ]);
    expect(other.events).toEqual([]);
  });

  it('sends each page the judgements of the papers it shows, then every run’s totals', async () => {
    const { db, service, judgement, lg, ai, other } = await threeTabs();
    const p1 = judgement('p1');
    const p3 = judgement('p3', { relevance: 3 });
    await addToRun(db, runIdFor(TODAY, page('cs.LG').url), { costUsd: 0.002, calls: 1 });

    service.queueEvents.judged([p1, p3]);
    await settle();

    expect(lg.events).toEqual([
      { type: 'judged', judgements: [view(p1, true)] },
      { type: 'run', progress: { costUsd: 0.002, calls: 1, priced: true } },
    ]);
    expect(ai.events).toEqual([
      { type: 'judged', judgements: [view(p3, false)] },
      { type: 'run', progress: { costUsd: 0, calls: 0, priced: true } },
    ]);
    expect(other.of('judged')).toEqual([]);
  });

  it('tells every page when scoring waits, and when it goes on', async () => {
    const { service, lg, ai, other } = await threeTabs();

    service.queueEvents.waiting('Rate-limited. Waiting 5 s.');
    service.queueEvents.waiting(null);

    for (const tab of [lg, ai, other]) {
      expect(tab.events).toEqual([
        { type: 'waiting', message: 'Rate-limited. Waiting 5 s.' },
        { type: 'waiting', message: null },
      ]);
    }
  });

  it('sends nothing to a page that went away, and still reaches the others', async () => {
    const { service, subscribers, open, lg, item } = await threeTabs();
    subscribers.unsubscribe(lg);
    // A tab closed mid-send throws; one connected after it must still hear.
    const closing = new FakePage();
    closing.send = () => {
      throw new Error('Attempting to use a disconnected port object');
    };
    subscribers.subscribe(closing, 'closing-run', ['p2']);
    const later = await open(page('cs.CL'), ['p2']);
    later.clear();

    service.queueEvents.scoring([item('p2')]);

    expect(lg.events).toEqual([]);
    expect(later.events).toEqual([
      { type: 'state', paperIds: ['p2'], state: 'scoring', reason: null },
    ]);
  });
});

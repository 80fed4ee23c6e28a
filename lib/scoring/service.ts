import type { JudgementView, PageRef, RunProgress } from '../messaging/protocol';
import { priceFor } from '../llm/prices';
import { criteriaHash } from '../llm/prompt';
import type { SettingKey, Settings } from '../settings';

const RESCORING_KEYS = new Set<SettingKey>([
  'apiKey',
  'baseUrl',
  'model',
  'reasoningEffort',
  'criteria',
  'followedAuthors',
  'autoScore',
  'dailyBudgetUsd',
]);
import type { SieveDb, StoredPaper } from '../store/db';
import { getJudgements } from '../store/judgements';
import { getPapers } from '../store/papers';
import { getRun, localDay, spentOn, upsertRun } from '../store/runs';
import { followedAuthorMatches } from './authors';
import { whyNotReady } from './job';
import type { QueueEvents, QueuedPaper } from './queue';
import { isKept } from './rank';
import type { Subscriber, Subscribers } from './subscribers';
import type { Judgement } from './types';

export interface ScoringServiceDeps {
  db: () => Promise<SieveDb>;
  settings: () => Promise<Settings>;
  queue: { enqueue(items: readonly QueuedPaper[]): Promise<void> };
  subscribers: Subscribers;
  now: () => number;
}

export interface ScorePageRequest {
  page: PageRef;
  paperIds: string[];
  /** The papers to score now; null: all not judged yet. */
  only: string[] | null;
  force: boolean;
  /** false: only send what is known (judgements, author matches), queue nothing. */
  queue?: boolean;
}

/**
 * What a page visit asks of the background: remembered judgements and author matches at once,
 * the rest queued for the model (or a reason why not), every result streamed back as it lands.
 */
export function createScoringService(deps: ScoringServiceDeps) {
  const { subscribers } = deps;

  async function scorePage(request: ScorePageRequest, subscriber: Subscriber): Promise<void> {
    const [db, settings] = await Promise.all([deps.db(), deps.settings()]);
    const hash = await criteriaHash(settings.criteria);
    const ids = [...new Set(request.paperIds)];
    const queue = request.queue !== false;
    const wanted = request.only === null ? null : new Set(request.only);
    // Asked for some papers (a retry, a reconnect, the rest once the listing is stored): the
    // page has the others' judgements already.
    const lookup = wanted === null || !queue ? ids : ids.filter((id) => wanted.has(id));
    // The run, the papers (for author matches) and the judgements are read together.
    const runWritten = upsertRun(
      db,
      {
        date: localDay(deps.now()),
        pageUrl: request.page.url,
        category: request.page.category,
        pageKind: request.page.pageKind,
        listingDate: request.page.listingDate,
        paperIds: ids,
        criteriaHash: hash,
        model: settings.model,
        onPage: ids.length,
      },
      deps.now(),
    );
    // Without followed authors there is nothing to match: 2000 reads saved on a big page.
    const papersRead =
      settings.followedAuthors.trim() === ''
        ? new Map<string, StoredPaper>()
        : getPapers(db, lookup);
    const cachedRead = getJudgements(db, lookup, hash, settings.model);
    // What is known goes out as soon as it is read, before the run's write is committed: on a
    // revisit it is all the page is waiting for.
    runWritten.catch(() => undefined); // awaited below: its failure is not unhandled meanwhile
    const [papers, allCached] = await Promise.all([papersRead, cachedRead]);
    subscriber.send({
      type: 'thresholds',
      minRelevance: settings.minRelevance,
      minNovelty: settings.minNovelty,
    });
    const authorMatches = matchAuthors(lookup, papers, settings);
    const rest = lookup.filter((id) => !authorMatches.has(id));
    const cached = new Map([...allCached].filter(([id]) => !authorMatches.has(id)));
    const known = [...authorMatches.values(), ...cached.values()];
    if (known.length > 0) {
      subscriber.send({ type: 'judged', judgements: known.map((j) => view(j, settings)) });
    }
    const run = await runWritten;
    subscribers.subscribe(subscriber, run.id, ids);
    subscriber.send({ type: 'run', progress: progressOf(run, settings) });

    if (!queue) return;
    // `lookup` holds only the papers asked for: what it has no judgement for is what to score.
    const todo = rest.filter((id) => !cached.has(id));
    if (todo.length === 0) return;
    const blocked = await whyNotScoring(settings, request.force, db);
    if (blocked !== null) {
      subscriber.send({ type: 'state', paperIds: todo, state: 'idle', reason: blocked });
      return;
    }
    subscriber.send({ type: 'state', paperIds: todo, state: 'queued', reason: null });
    await deps.queue.enqueue(
      todo.map((paperId) => ({
        paperId,
        criteriaHash: hash,
        model: settings.model,
        runId: run.id,
        attempts: 0,
      })),
    );
  }

  async function whyNotScoring(settings: Settings, force: boolean, db: SieveDb) {
    if (!settings.autoScore && !force) {
      return 'Automatic scoring is off — press “Score this page” to score it.';
    }
    return whyNotReady(settings, { spentToday: () => spentOn(db, localDay(deps.now())) });
  }

  /** The queue's events, turned into messages for the pages showing those papers. */
  const queueEvents: QueueEvents = {
    scoring(items) {
      subscribers.toPapers(ids(items), (paperIds) => ({
        type: 'state',
        paperIds,
        state: 'scoring',
        reason: null,
      }));
    },
    judged(judgements) {
      void deps
        .settings()
        .then(async (settings) => {
          const views = new Map(judgements.map((j) => [j.paperId, view(j, settings)]));
          subscribers.toPapers([...views.keys()], (paperIds) => ({
            type: 'judged',
            judgements: paperIds.map((id) => views.get(id)!),
          }));
          await announceRuns(settings);
        })
        .catch((error: unknown) => {
          // The judgements are stored; a page that missed them gets them on its next visit.
          console.error('Paper Sieve could not announce new judgements', error);
        });
    },
    failed(items, message) {
      subscribers.toPapers(ids(items), (paperIds) => ({
        type: 'state',
        paperIds,
        state: 'error',
        reason: message,
      }));
    },
    waiting(message) {
      subscribers.toAll({ type: 'waiting', message });
    },
    stopped(items, reason) {
      subscribers.toPapers(ids(items), (paperIds) => ({
        type: 'state',
        paperIds,
        state: 'idle',
        reason,
      }));
    },
  };

  /** Sends every connected page its run's totals (cheap: one read per open run). */
  async function announceRuns(settings: Settings): Promise<void> {
    const db = await deps.db();
    const runIds = new Set<string>();
    for (const runId of subscribers.runIds()) runIds.add(runId);
    for (const runId of runIds) {
      const run = await getRun(db, runId);
      if (run) subscribers.toRun(runId, { type: 'run', progress: progressOf(run, settings) });
    }
  }

  /**
   * Settings changed: new thresholds recolour every open page; anything that decides judgements
   * or whether scoring may run (criteria, model, key, endpoint, authors, budget) has every page
   * ask again, which also wakes a queue that was waiting for a key.
   */
  async function settingsChanged(changed: readonly SettingKey[]): Promise<void> {
    const settings = await deps.settings();
    if (changed.includes('minRelevance') || changed.includes('minNovelty')) {
      subscribers.toAll({
        type: 'thresholds',
        minRelevance: settings.minRelevance,
        minNovelty: settings.minNovelty,
      });
    }
    if (changed.some((key) => RESCORING_KEYS.has(key))) subscribers.toAll({ type: 'rescore' });
  }

  return { scorePage, queueEvents, settingsChanged };
}

export type ScoringService = ReturnType<typeof createScoringService>;

function ids(items: readonly QueuedPaper[]): string[] {
  return items.map((item) => item.paperId);
}

function matchAuthors(
  ids: readonly string[],
  papers: Map<string, StoredPaper>,
  settings: Settings,
): Map<string, Judgement> {
  const listed = ids.flatMap((id) => papers.get(id) ?? []);
  const matches = new Map<string, Judgement>();
  for (const [id, name] of followedAuthorMatches(listed, settings.followedAuthors)) {
    const paper = papers.get(id);
    // Not stored: followed authors change, and a match costs nothing to find again.
    matches.set(id, {
      paperId: id,
      criteriaHash: '',
      model: '',
      kind: 'author-match',
      relevance: null,
      novelty: null,
      comment: `Author match: ${name}`,
      titleOnly: paper?.abstract === null,
      usage: { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 },
      costUsd: 0,
      judgedAt: 0,
    });
  }
  return matches;
}

function view(judgement: Judgement, settings: Settings): JudgementView {
  return {
    paperId: judgement.paperId,
    kind: judgement.kind,
    relevance: judgement.relevance,
    novelty: judgement.novelty,
    comment: judgement.comment,
    model: judgement.model,
    titleOnly: judgement.titleOnly,
    kept: isKept(judgement, settings),
  };
}

function progressOf(run: { costUsd: number; calls: number }, settings: Settings): RunProgress {
  const price = priceFor(settings.model, settings.baseUrl, settings.priceOverrides);
  return { costUsd: run.costUsd, calls: run.calls, priced: price !== null };
}

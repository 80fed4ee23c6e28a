import type { Clock } from '../arxiv/abstract-fetcher';
import { rememberCallOptions } from '../llm/call-options-memory';
import { PortRequestSchema } from '../messaging/schema';
import type { PortEvent } from '../messaging/protocol';
import type { SettingKey, Settings } from '../settings';
import type { SieveDb } from '../store/db';
import { localDay, runIdFor, spentOn } from '../store/runs';
import { createJobSource } from './job';
import { createScoringQueue, type QueueEvents } from './queue';
import { indexedDbQueueStore } from './queue-store';
import { createScoringService } from './service';
import { createSubscribers, type Subscriber } from './subscribers';

export interface ScoringBackgroundDeps {
  db: () => Promise<SieveDb>;
  settings: () => Promise<Settings>;
  clock: Clock;
  random: () => number;
}

/** The part of a runtime Port the background uses. */
export interface PagePort {
  postMessage(event: PortEvent): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** Puts the scoring queue, its IndexedDB memory and the page-facing service together. */
export function createScoringBackground(deps: ScoringBackgroundDeps) {
  const subscribers = createSubscribers();
  // The queue reports to the service, which needs the queue: bound once both exist.
  let events: QueueEvents | null = null;
  const forward: QueueEvents = {
    scoring: (items) => events?.scoring(items),
    judged: (judgements) => events?.judged(judgements),
    failed: (items, message) => events?.failed(items, message),
    waiting: (message) => events?.waiting(message),
    stopped: (items, reason) => events?.stopped(items, reason),
  };

  const queue = createScoringQueue({
    store: indexedDbQueueStore({
      db: deps.db,
      thresholds: deps.settings,
      rememberOptions: async (options) => {
        const { baseUrl, model } = await deps.settings();
        await rememberCallOptions(baseUrl, model, options);
      },
      now: deps.clock.now,
    }),
    job: createJobSource({
      settings: deps.settings,
      spentToday: async () => spentOn(await deps.db(), localDay(deps.clock.now())),
    }),
    clock: deps.clock,
    random: deps.random,
    events: forward,
  });
  const service = createScoringService({
    db: deps.db,
    settings: deps.settings,
    queue,
    subscribers,
    now: deps.clock.now,
  });
  events = service.queueEvents;

  /** A page connected: validate what it asks (it runs on a page we do not control) and serve it. */
  function connectPage(port: PagePort): void {
    const subscriber: Subscriber = { send: (event) => port.postMessage(event) };
    port.onDisconnect.addListener(() => subscribers.unsubscribe(subscriber));
    port.onMessage.addListener((message) => {
      const parsed = PortRequestSchema.safeParse(message);
      if (!parsed.success) {
        console.warn('Paper Sieve dropped a malformed page request', parsed.error.message);
        return;
      }
      service.scorePage(parsed.data, subscriber).catch((error: unknown) => {
        const reason = `Scoring could not start: ${error instanceof Error ? error.message : error}`;
        subscriber.send({ type: 'state', paperIds: parsed.data.paperIds, state: 'error', reason });
      });
    });
  }

  return {
    connectPage,
    resume: () => queue.resume(),
    /** Stops scoring the page at `url` today: its waiting papers leave the queue. */
    stop: (url: string) =>
      queue.cancel(
        runIdFor(localDay(deps.clock.now()), url),
        'Scoring was stopped — press “Score this page” to go on.',
      ),
    settingsChanged: (changed: readonly SettingKey[]) =>
      service.settingsChanged(changed).then(() => queue.resume()),
  };
}

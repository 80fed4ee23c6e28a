import {
  ARXIV_API_QUERY_URL,
  ARXIV_REQUEST_SPACING_MS,
  MAX_IDS_PER_REQUEST,
  idListQueryUrl,
} from './api-query';
import { splitVersionedArxivId } from './atom';
import type { ApiEntry, AtomFeedResult } from './atom';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Where abstracts already fetched are kept (IndexedDB in the extension). */
export interface AbstractStore {
  /** Stored abstracts among `ids`, by id; ids without one are absent. */
  getStoredAbstracts(ids: readonly string[]): Promise<Map<string, string>>;
  saveApiEntries(entries: readonly ApiEntry[]): Promise<void>;
}

/** The part of `fetch` the fetcher uses. */
export type FetchFunction = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface AbstractFetcherOptions {
  fetch: FetchFunction;
  clock: Clock;
  /**
   * Parses an API answer. Async because Chrome's service worker has no XML parser of its own
   * and hands the text to an offscreen document (see lib/platform/atom-parser.ts).
   */
  parseFeed: (text: string) => Promise<AtomFeedResult>;
  store: AbstractStore;
  /**
   * When the previous worker last started a request, so a restart keeps the spacing; read once,
   * before the first request.
   */
  lastRequestAt?: number | null | (() => Promise<number | null>);
  /**
   * Called as each request starts and again when its answer is in, e.g. to persist
   * `lastRequestAt` across worker restarts.
   */
  onRequestStart?: (startedAt: number) => void;
  /** Store failures do not stop abstracts from being returned; they are reported here. */
  onStoreError?: (message: string) => void;
  baseUrl?: string;
  /** A request that hangs would hold up every later one, since only one may be in flight. */
  requestTimeoutMs?: number;
}

/** Why a request brought no abstracts; a later visit may succeed. */
export type RequestFailure =
  | { kind: 'http'; status: number }
  | { kind: 'network'; detail: string }
  | { kind: 'parse'; detail: string }
  | { kind: 'api-error'; detail: string }
  | { kind: 'unexpected'; detail: string };

export type AbstractFailure = { kind: 'invalid-id' } | { kind: 'not-returned' } | RequestFailure;

export type AbstractOutcome =
  | { status: 'found'; abstract: string; source: 'stored' | 'api' }
  /** arXiv has no such paper (or the id is not one): asking again will not help. */
  | { status: 'not-found'; failure: AbstractFailure; message: string }
  /** The request failed; a later visit may succeed. */
  | { status: 'failed'; failure: AbstractFailure; message: string };

export interface AbstractFetcher {
  /** Abstracts for `ids`, keyed by the ids as given; stored ones are not fetched again. */
  getAbstracts(ids: readonly string[]): Promise<Map<string, AbstractOutcome>>;
  /** When the most recent request started or, once answered, ended (ms); null if none is known. */
  readonly lastRequestAt: number | null;
}

/** A 5xx answer or a network error is tried once more; anything else is final. */
export const MAX_ATTEMPTS_PER_ID = 2;

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const NEXT_VISIT = 'abstracts will be fetched on the next visit';

interface Waiter {
  promise: Promise<AbstractOutcome>;
  resolve: (outcome: AbstractOutcome) => void;
  attempts: number;
}

type RequestResult =
  { ok: true; text: string } | { ok: false; outcome: AbstractOutcome; retryable: boolean };

/**
 * Fetches missing abstracts from the arXiv API within its terms: requests start at least three
 * seconds apart, one at a time, with at most 100 ids each; ids asked for by several callers
 * while waiting share one queue and one request.
 */
export function createAbstractFetcher(options: AbstractFetcherOptions): AbstractFetcher {
  const { clock, store, parseFeed } = options;
  const baseUrl = options.baseUrl ?? ARXIV_API_QUERY_URL;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const reportStoreError = options.onStoreError ?? ((message: string) => console.warn(message));

  let lastRequestAt: number | null = null;
  let lastRequestLoaded: Promise<void> | null = null;
  if (typeof options.lastRequestAt === 'number') noteSavedRequestTime(options.lastRequestAt);
  /** Ids queued or in flight, so later callers share their outcome. */
  const waiting = new Map<string, Waiter>();
  /** Ids not yet in a request, in the order they were asked for. */
  let queue = new Set<string>();
  let pumping = false;

  async function getAbstracts(ids: readonly string[]): Promise<Map<string, AbstractOutcome>> {
    const canonicalByKey = new Map(ids.map((key) => [key, canonicalId(key)]));
    const wanted = [...new Set(canonicalByKey.values())].filter((id) => id !== null);

    // Promises are taken before any await: a waiter is removed as soon as it is resolved.
    const shared = new Map<string, Promise<AbstractOutcome>>();
    for (const id of wanted) {
      const waiter = waiting.get(id);
      if (waiter) shared.set(id, waiter.promise);
    }
    const stored = await readStoredAbstracts(wanted.filter((id) => !shared.has(id)));
    for (const id of wanted) {
      if (shared.has(id) || stored.has(id)) continue;
      shared.set(id, (waiting.get(id) ?? enqueue(id)).promise);
    }
    startPump();

    const outcomes = new Map<string, AbstractOutcome>();
    for (const [key, id] of canonicalByKey) {
      const abstract = id === null ? undefined : stored.get(id);
      const pending = id === null ? undefined : shared.get(id);
      if (abstract !== undefined)
        outcomes.set(key, { status: 'found', abstract, source: 'stored' });
      else if (pending) outcomes.set(key, await pending);
      else outcomes.set(key, invalidId(key));
    }
    return outcomes;
  }

  async function readStoredAbstracts(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    try {
      return await store.getStoredAbstracts(ids);
    } catch (error) {
      // Fetching again costs one polite request; refusing would leave the papers title-only.
      reportStoreError(`Stored abstracts could not be read: ${errorText(error)}`);
      return new Map();
    }
  }

  function enqueue(id: string): Waiter {
    let resolve: (outcome: AbstractOutcome) => void = () => undefined;
    const promise = new Promise<AbstractOutcome>((done) => (resolve = done));
    const waiter = { promise, resolve, attempts: 0 };
    waiting.set(id, waiter);
    queue.add(id);
    return waiter;
  }

  function settle(id: string, outcome: AbstractOutcome): void {
    waiting.get(id)?.resolve(outcome);
    waiting.delete(id);
  }

  function startPump(): void {
    if (pumping || queue.size === 0) return;
    pumping = true;
    void pump();
  }

  /** The only place requests start, so there is never more than one in flight. */
  async function pump(): Promise<void> {
    try {
      while (queue.size > 0) {
        await waitForRequestSlot();
        const batch = [...queue].slice(0, MAX_IDS_PER_REQUEST);
        for (const id of batch) queue.delete(id);
        await runBatch(batch);
      }
    } catch (error) {
      const outcome = failed({ kind: 'unexpected', detail: errorText(error) });
      for (const id of queue) settle(id, outcome);
      queue.clear();
    } finally {
      // Cleared in the same turn the loop ends, so a caller arriving next always restarts it.
      pumping = false;
    }
  }

  /** Reads the saved time once; an unreadable one counts as "just now", the safe side. */
  function loadLastRequestAt(): Promise<void> {
    lastRequestLoaded ??= (async () => {
      const saved = options.lastRequestAt;
      if (typeof saved !== 'function') return;
      let value: number | null;
      try {
        value = await saved();
      } catch (error) {
        reportStoreError(`The last arXiv request time could not be read: ${errorText(error)}`);
        value = clock.now();
      }
      if (value !== null) noteSavedRequestTime(value);
    })();
    return lastRequestLoaded;
  }

  function noteSavedRequestTime(value: number): void {
    // A time in the future (the clock was set back since it was saved) would stall requests.
    lastRequestAt = Math.max(lastRequestAt ?? 0, Math.min(value, clock.now()));
  }

  async function waitForRequestSlot(): Promise<void> {
    await loadLastRequestAt();
    // Re-checked after each sleep: a timer may fire a little early.
    for (;;) {
      if (lastRequestAt === null) return;
      const wait = lastRequestAt + ARXIV_REQUEST_SPACING_MS - clock.now();
      if (wait <= 0) return;
      await clock.sleep(wait);
    }
  }

  async function runBatch(batch: string[]): Promise<void> {
    try {
      for (const id of batch) {
        const waiter = waiting.get(id);
        if (waiter) waiter.attempts += 1;
      }
      const result = await request(idListQueryUrl(batch, baseUrl));
      if (!result.ok) return retryOrFail(batch, result);

      const feed = await parseFeed(result.text);
      if (!feed.ok) {
        const kind = feed.error.kind === 'api-error' ? 'api-error' : 'parse';
        const outcome = failed({ kind, detail: feed.error.message });
        for (const id of batch) settle(id, outcome);
        return;
      }
      const entriesById = new Map(feed.entries.map((entry) => [entry.id, entry]));
      const returned = batch.flatMap((id) => entriesById.get(id) ?? []);
      await saveEntries(returned);
      for (const id of batch) {
        const entry = entriesById.get(id);
        settle(
          id,
          entry ? { status: 'found', abstract: entry.summary, source: 'api' } : notReturned(id),
        );
      }
    } catch (error) {
      const outcome = failed({ kind: 'unexpected', detail: errorText(error) });
      for (const id of batch) settle(id, outcome);
    }
  }

  /** Puts retryable ids back at the head of the queue, still subject to the spacing. */
  function retryOrFail(batch: string[], result: Extract<RequestResult, { ok: false }>): void {
    const retry: string[] = [];
    for (const id of batch) {
      const attempts = waiting.get(id)?.attempts ?? MAX_ATTEMPTS_PER_ID;
      if (result.retryable && attempts < MAX_ATTEMPTS_PER_ID) retry.push(id);
      else settle(id, result.outcome);
    }
    if (retry.length > 0) queue = new Set([...retry, ...queue]);
  }

  async function request(url: string): Promise<RequestResult> {
    noteRequestTime();
    try {
      return await fetchText(url);
    } finally {
      // Counted again when the answer is in: the three seconds arXiv asks for then hold between
      // one answer and the next request, not only between our starts (connection set-up makes a
      // request arrive later than it starts).
      noteRequestTime();
    }
  }

  function noteRequestTime(): void {
    const at = clock.now();
    lastRequestAt = at;
    try {
      options.onRequestStart?.(at);
    } catch (error) {
      reportStoreError(`The request time could not be recorded: ${errorText(error)}`);
    }
  }

  async function fetchText(url: string): Promise<RequestResult> {
    let response: Response;
    try {
      response = await options.fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      return networkFailure(error);
    }
    if (!response.ok) {
      const outcome = failed({ kind: 'http', status: response.status });
      return { ok: false, outcome, retryable: response.status >= 500 };
    }
    try {
      return { ok: true, text: await response.text() };
    } catch (error) {
      return networkFailure(error);
    }
  }

  function networkFailure(error: unknown): RequestResult {
    const detail = isTimeout(error) ? `no answer within ${timeoutMs / 1000} s` : errorText(error);
    return { ok: false, outcome: failed({ kind: 'network', detail }), retryable: true };
  }

  async function saveEntries(entries: readonly ApiEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await store.saveApiEntries(entries);
    } catch (error) {
      reportStoreError(`Fetched abstracts could not be stored: ${errorText(error)}`);
    }
  }

  return {
    getAbstracts,
    get lastRequestAt() {
      return lastRequestAt;
    },
  };
}

/** The canonical id to ask arXiv for; a version suffix is dropped, since any version will do. */
function canonicalId(key: string): string | null {
  return splitVersionedArxivId(key)?.id ?? null;
}

function failed(failure: RequestFailure): AbstractOutcome {
  return { status: 'failed', failure, message: failureMessage(failure) };
}

function notReturned(id: string): AbstractOutcome {
  const failure: AbstractFailure = { kind: 'not-returned' };
  return { status: 'not-found', failure, message: `arXiv API returned no entry for ${id}` };
}

function invalidId(key: string): AbstractOutcome {
  const failure: AbstractFailure = { kind: 'invalid-id' };
  return { status: 'not-found', failure, message: `"${key}" is not an arXiv identifier` };
}

function failureMessage(failure: RequestFailure): string {
  switch (failure.kind) {
    case 'http':
      return `arXiv API answered ${failure.status} — ${NEXT_VISIT}`;
    case 'network':
      return `arXiv API could not be reached (${failure.detail}) — ${NEXT_VISIT}`;
    case 'parse':
    case 'api-error':
      return `${failure.detail} — ${NEXT_VISIT}`;
    case 'unexpected':
      return `Abstracts could not be fetched (${failure.detail}) — ${NEXT_VISIT}`;
  }
}

// A DOMException is not an Error in every runtime, so the name is checked directly.
function isTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

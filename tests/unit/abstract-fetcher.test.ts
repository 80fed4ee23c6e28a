import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAbstractFetcher } from '../../lib/arxiv/abstract-fetcher';
import type {
  AbstractFetcherOptions,
  AbstractOutcome,
  AbstractStore,
  Clock,
  FetchFunction,
} from '../../lib/arxiv/abstract-fetcher';
import { parseAtomText, type ApiEntry } from '../../lib/arxiv/atom';

const API_FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/arxiv/api',
);

function fixture(name: string): string {
  return readFileSync(resolve(API_FIXTURES, name), 'utf8');
}

/**
 * happy-dom 21 rejects an XML declaration with a single-quoted version (`<?xml version='1.0'`),
 * which XML allows and arXiv's 2026 API writes; browsers accept it. Requoting the declaration
 * changes nothing the document says.
 */
function parseXml(text: string): Document {
  const requoted = text.replace(/^<\?xml[^?]*\?>/, (declaration) => declaration.replace(/'/g, '"'));
  return new DOMParser().parseFromString(requoted, 'application/xml');
}

const TWO_IDS_ONE_DROPPED = fixture('api-query-id_list-0808.05394+1707.08567-2026-04-12.xml');
const FEED_HEAD = TWO_IDS_ONE_DROPPED.slice(0, TWO_IDS_ONE_DROPPED.indexOf('<entry>'));
// The real entry lists 34 authors; two keep the 250-id answers quick to parse.
const ENTRY_TEMPLATE = keepFirstAuthors(
  TWO_IDS_ONE_DROPPED.slice(
    TWO_IDS_ONE_DROPPED.indexOf('<entry>'),
    TWO_IDS_ONE_DROPPED.indexOf('</entry>') + '</entry>'.length,
  ),
  2,
);

function keepFirstAuthors(entry: string, count: number): string {
  let seen = 0;
  return entry.replace(/\s*<author>[\s\S]*?<\/author>/g, (author) =>
    ++seen <= count ? author : '',
  );
}

/**
 * An arXiv answer for `ids`, derived from the real 2026 id_list response: its entry repeated with
 * the id and summary replaced.
 */
function feedFor(ids: readonly string[]): string {
  const entries = ids.map((id) =>
    ENTRY_TEMPLATE.replaceAll('1707.08567', id).replace(
      /<summary>[\s\S]*?<\/summary>/,
      `<summary>Abstract of ${id}.</summary>`,
    ),
  );
  const head = FEED_HEAD.replace(
    /<opensearch:totalResults>\d+</,
    `<opensearch:totalResults>${ids.length}<`,
  );
  return `${head}${entries.join('\n  ')}\n</feed>\n`;
}

/** A clock whose time moves only when the test fires a pending sleep or advances it. */
class FakeClock implements Clock {
  private time: number;
  private timers: { at: number; wake: () => void }[] = [];

  constructor(start: number) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => this.timers.push({ at: this.time + Math.max(0, ms), wake }));

  /** Moves time to the earliest pending sleep and ends it; false when nothing sleeps. */
  fireNext(): boolean {
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers.shift();
    if (!next) return false;
    this.time = Math.max(this.time, next.at);
    next.wake();
    return true;
  }

  /** Moves time forward, ending the sleeps that fall due on the way. */
  advance(ms: number): void {
    const target = this.time + ms;
    while (this.timers.some((timer) => timer.at <= target)) this.fireNext();
    this.time = target;
  }
}

/** Lets every promise chain that can move on do so. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((done) => setTimeout(done, 0));
}

/** Runs the fake clock until `promise` settles, failing instead of hanging when nothing can. */
async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; step < 1000 && !settled; step++) {
    await flush();
    if (!settled && !clock.fireNext()) {
      await flush();
      if (!settled) throw new Error('stuck: the promise waits, and nothing sleeps on the clock');
    }
  }
  return promise;
}

type Reply = { status: number; body: string } | { throws: unknown };

interface RecordedRequest {
  url: string;
  ids: string[];
  maxResults: number;
  startedAt: number;
  signal: AbortSignal;
}

/** Plays arXiv's API: answers from a script of replies, else with a feed for the ids asked. */
class FakeArxiv {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Fake time each answer takes. */
  latencyMs = 0;
  /** When set, answers wait for `release()`. */
  holdAnswers = false;
  private readonly replies: (Reply | ((ids: string[]) => Reply))[] = [];
  private held: (() => void)[] = [];

  constructor(private readonly clock: FakeClock) {}

  reply(...replies: (Reply | ((ids: string[]) => Reply))[]): void {
    this.replies.push(...replies);
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  readonly fetch: FetchFunction = async (url, init) => {
    const params = new URL(url).searchParams;
    const ids = (params.get('id_list') ?? '').split(',');
    const maxResults = Number(params.get('max_results'));
    this.requests.push({ url, ids, maxResults, startedAt: this.clock.now(), signal: init.signal });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.holdAnswers) await new Promise<void>((answer) => this.held.push(answer));
      if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
      const next = this.replies.shift() ?? { status: 200, body: feedFor(ids) };
      const reply = typeof next === 'function' ? next(ids) : next;
      if ('throws' in reply) throw reply.throws;
      return new Response(reply.body, { status: reply.status });
    } finally {
      this.inFlight -= 1;
    }
  };

  get startGaps(): number[] {
    return this.requests
      .slice(1)
      .map((request, i) => request.startedAt - this.requests[i]!.startedAt);
  }
}

class MemoryStore implements AbstractStore {
  readonly abstracts = new Map<string, string>();
  readonly saved: ApiEntry[] = [];
  failReads = false;
  failWrites = false;

  async getStoredAbstracts(ids: readonly string[]): Promise<Map<string, string>> {
    if (this.failReads) throw new Error('the database is closed');
    return new Map(
      ids.flatMap((id) => {
        const abstract = this.abstracts.get(id);
        return abstract === undefined ? [] : [[id, abstract] as const];
      }),
    );
  }

  async saveApiEntries(entries: readonly ApiEntry[]): Promise<void> {
    if (this.failWrites) throw new Error('quota exceeded');
    this.saved.push(...entries);
    for (const entry of entries) this.abstracts.set(entry.id, entry.summary);
  }
}

const T0 = Date.UTC(2026, 8, 22, 12, 0, 0);
const NEXT_VISIT = 'abstracts will be fetched on the next visit';

function setup(options: Partial<AbstractFetcherOptions> = {}) {
  const clock = new FakeClock(T0);
  const arxiv = new FakeArxiv(clock);
  const store = new MemoryStore();
  const storeErrors: string[] = [];
  const fetcher = createAbstractFetcher({
    fetch: arxiv.fetch,
    clock,
    parseFeed: async (text) => parseAtomText(text, parseXml),
    store,
    onStoreError: (message) => storeErrors.push(message),
    ...options,
  });
  const run = <T>(promise: Promise<T>) => drive(clock, promise);
  return { clock, arxiv, store, storeErrors, fetcher, run };
}

function ids(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => `2609.${String(offset + i).padStart(5, '0')}`);
}

function found(id: string, source: 'api' | 'stored' = 'api'): AbstractOutcome {
  return { status: 'found', abstract: `Abstract of ${id}.`, source };
}

describe('abstract fetcher: what it asks for', () => {
  it('fetches missing abstracts in one request and returns them by id', async () => {
    const { arxiv, store, fetcher, run } = setup();
    const outcomes = await run(fetcher.getAbstracts(['2609.00001', 'hep-th/9901001']));
    expect(outcomes).toEqual(
      new Map([
        ['2609.00001', found('2609.00001')],
        ['hep-th/9901001', found('hep-th/9901001')],
      ]),
    );
    expect(arxiv.requests.map((request) => request.url)).toEqual([
      'https://export.arxiv.org/api/query?id_list=2609.00001,hep-th/9901001&max_results=2',
    ]);
    expect(store.abstracts.get('hep-th/9901001')).toBe('Abstract of hep-th/9901001.');
  });

  it('does not fetch ids already stored', async () => {
    const { arxiv, store, fetcher, run } = setup();
    store.abstracts.set('2609.00001', 'Abstract of 2609.00001.');
    const outcomes = await run(fetcher.getAbstracts(['2609.00001', '2609.00002']));
    expect(outcomes.get('2609.00001')).toEqual(found('2609.00001', 'stored'));
    expect(outcomes.get('2609.00002')).toEqual(found('2609.00002'));
    expect(arxiv.requests.map((request) => request.ids)).toEqual([['2609.00002']]);
  });

  it('makes no request when every abstract is stored, including ones it fetched before', async () => {
    const { arxiv, fetcher, run } = setup();
    await run(fetcher.getAbstracts(['2609.00001']));
    const again = await run(fetcher.getAbstracts(['2609.00001']));
    expect(again.get('2609.00001')).toEqual(found('2609.00001', 'stored'));
    expect(arxiv.requests).toHaveLength(1);
  });

  it('asks for 250 ids in 3 requests of at most 100, each with a matching max_results', async () => {
    const { arxiv, fetcher, run } = setup();
    const wanted = ids(250);
    const outcomes = await run(fetcher.getAbstracts(wanted));
    expect(arxiv.requests.map((request) => request.ids.length)).toEqual([100, 100, 50]);
    expect(arxiv.requests.map((request) => request.maxResults)).toEqual([100, 100, 50]);
    expect(arxiv.requests.flatMap((request) => request.ids)).toEqual(wanted);
    expect([...outcomes.values()].every((outcome) => outcome.status === 'found')).toBe(true);
    expect(arxiv.startGaps.every((gap) => gap >= 3000)).toBe(true);
    expect(arxiv.maxInFlight).toBe(1);
  });

  it('asks for the canonical id when given a versioned one, and answers under the id given', async () => {
    const { arxiv, fetcher, run } = setup();
    const outcomes = await run(fetcher.getAbstracts(['2609.00001v3']));
    expect(arxiv.requests.map((request) => request.ids)).toEqual([['2609.00001']]);
    expect(outcomes).toEqual(new Map([['2609.00001v3', found('2609.00001')]]));
  });

  it('never sends something that is not an arXiv id', async () => {
    const { arxiv, fetcher, run } = setup();
    const outcomes = await run(fetcher.getAbstracts(['not an id', '2609.00001']));
    expect(outcomes.get('not an id')).toEqual({
      status: 'not-found',
      failure: { kind: 'invalid-id' },
      message: '"not an id" is not an arXiv identifier',
    });
    expect(arxiv.requests.map((request) => request.ids)).toEqual([['2609.00001']]);
  });
});

describe('abstract fetcher: arXiv terms', () => {
  it('waits 3 s after the previous answer before the next request', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.latencyMs = 2000;
    await run(fetcher.getAbstracts(ids(201)));
    expect(arxiv.requests.map((request) => request.startedAt - T0)).toEqual([0, 5000, 10000]);
  });

  it('waits the 3 s even after an answer that took longer than that', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.latencyMs = 5000;
    await run(fetcher.getAbstracts(ids(101)));
    expect(arxiv.startGaps).toEqual([8000]);
  });

  it('never has two requests in flight, however long one takes', async () => {
    const { clock, arxiv, fetcher, run } = setup();
    arxiv.holdAnswers = true;
    const first = fetcher.getAbstracts(ids(100));
    await flush();
    const second = fetcher.getAbstracts(ids(50, 100));
    await flush();
    clock.advance(60_000);
    await flush();
    expect(arxiv.requests).toHaveLength(1);

    arxiv.holdAnswers = false;
    arxiv.release();
    await run(Promise.all([first, second]));
    expect(arxiv.requests.map((request) => request.ids.length)).toEqual([100, 50]);
    expect(arxiv.maxInFlight).toBe(1);
  });

  it('merges ids asked by several callers while waiting into one request, without repeats', async () => {
    // A request started a second ago, so the next must wait two more.
    const { arxiv, fetcher, run } = setup({ lastRequestAt: T0 - 1000 });
    const pageA = fetcher.getAbstracts(['2609.00001', '2609.00002', '2609.00003']);
    const pageB = fetcher.getAbstracts(['2609.00002', '2609.00004']);
    const pageC = fetcher.getAbstracts(['2609.00001']);
    await flush();
    expect(arxiv.requests).toHaveLength(0);

    const [a, b, c] = await run(Promise.all([pageA, pageB, pageC]));
    expect(arxiv.requests.map((request) => request.ids)).toEqual([
      ['2609.00001', '2609.00002', '2609.00003', '2609.00004'],
    ]);
    expect(arxiv.requests[0]?.startedAt).toBe(T0 + 2000);
    expect([...a.keys()]).toEqual(['2609.00001', '2609.00002', '2609.00003']);
    expect(b).toEqual(
      new Map([
        ['2609.00002', found('2609.00002')],
        ['2609.00004', found('2609.00004')],
      ]),
    );
    expect(c).toEqual(new Map([['2609.00001', found('2609.00001')]]));
  });

  it('shares ids already in flight with later callers instead of asking again', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.holdAnswers = true;
    const pageA = fetcher.getAbstracts(['2609.00001', '2609.00002']);
    await flush();
    const pageB = fetcher.getAbstracts(['2609.00002', '2609.00003']);
    await flush();
    arxiv.holdAnswers = false;
    arxiv.release();
    const [, b] = await run(Promise.all([pageA, pageB]));
    expect(arxiv.requests.map((request) => request.ids)).toEqual([
      ['2609.00001', '2609.00002'],
      ['2609.00003'],
    ]);
    expect(b.get('2609.00002')).toEqual(found('2609.00002'));
  });

  it('keeps the spacing after a restart, from the lastRequestAt it was given', async () => {
    const started: number[] = [];
    const { arxiv, fetcher, run } = setup({
      lastRequestAt: T0 - 500,
      onRequestStart: (at) => started.push(at),
    });
    expect(fetcher.lastRequestAt).toBe(T0 - 500);
    await run(fetcher.getAbstracts(['2609.00001']));
    expect(arxiv.requests[0]?.startedAt).toBe(T0 + 2500);
    expect(fetcher.lastRequestAt).toBe(T0 + 2500);
    // Recorded as the request starts and again as its answer arrives (no latency here).
    expect(started).toEqual([T0 + 2500, T0 + 2500]);
  });

  it('waits no more than the spacing when the saved time lies in the future', async () => {
    const { arxiv, fetcher, run } = setup({ lastRequestAt: T0 + 3_600_000 });
    expect(fetcher.lastRequestAt).toBe(T0);
    await run(fetcher.getAbstracts(['2609.00001']));
    expect(arxiv.requests[0]?.startedAt).toBe(T0 + 3000);
  });

  it('starts at once when no earlier request is known', async () => {
    const { arxiv, fetcher, run } = setup();
    expect(fetcher.lastRequestAt).toBeNull();
    await run(fetcher.getAbstracts(['2609.00001']));
    expect(arxiv.requests[0]?.startedAt).toBe(T0);
  });

  it('passes a signal so a request that hangs is given up', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply(
      { throws: new DOMException('signal timed out', 'TimeoutError') },
      { throws: new DOMException('signal timed out', 'TimeoutError') },
    );
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(arxiv.requests[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(outcomes.get('2609.00001')).toEqual({
      status: 'failed',
      failure: { kind: 'network', detail: 'no answer within 60 s' },
      message: `arXiv API could not be reached (no answer within 60 s) — ${NEXT_VISIT}`,
    });
  });
});

describe('abstract fetcher: failures', () => {
  it('reports an id the API did not return as not found, the others as found', async () => {
    const { arxiv, fetcher, run } = setup();
    // The real answer to id_list=0808.05394,1707.08567: the malformed id was dropped.
    arxiv.reply({ status: 200, body: TWO_IDS_ONE_DROPPED });
    const outcomes = await run(fetcher.getAbstracts(['0808.05394', '1707.08567']));
    expect(outcomes.get('0808.05394')).toEqual({
      status: 'not-found',
      failure: { kind: 'not-returned' },
      message: 'arXiv API returned no entry for 0808.05394',
    });
    expect(outcomes.get('1707.08567')).toMatchObject({ status: 'found', source: 'api' });
    const abstract = outcomes.get('1707.08567');
    expect(abstract?.status === 'found' && abstract.abstract).toMatch(
      /^The 10th Asia-Europe workshop in "Concepts in Information Theory and Communications"/,
    );
  });

  it('retries once after a 5xx answer, still 3 s after the failed start', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply({ status: 503, body: 'Service Unavailable' });
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(outcomes.get('2609.00001')).toEqual(found('2609.00001'));
    expect(arxiv.requests).toHaveLength(2);
    expect(arxiv.startGaps).toEqual([3000]);
  });

  it('gives up after the retry, reporting the status in words', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply({ status: 503, body: '' }, { status: 503, body: '' });
    const outcomes = await run(fetcher.getAbstracts(['2609.00001', '2609.00002']));
    const failure: AbstractOutcome = {
      status: 'failed',
      failure: { kind: 'http', status: 503 },
      message: `arXiv API answered 503 — ${NEXT_VISIT}`,
    };
    expect(outcomes).toEqual(
      new Map([
        ['2609.00001', failure],
        ['2609.00002', failure],
      ]),
    );
    expect(arxiv.requests).toHaveLength(2);
  });

  it('does not retry a 4xx answer', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply({ status: 400, body: 'Bad Request' });
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(outcomes.get('2609.00001')).toMatchObject({
      status: 'failed',
      failure: { kind: 'http', status: 400 },
      message: `arXiv API answered 400 — ${NEXT_VISIT}`,
    });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('retries a network error once, then reports it', async () => {
    const { arxiv, fetcher, run } = setup();
    const offline = { throws: new TypeError('Failed to fetch') };
    arxiv.reply(offline, offline);
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(outcomes.get('2609.00001')).toEqual({
      status: 'failed',
      failure: { kind: 'network', detail: 'Failed to fetch' },
      message: `arXiv API could not be reached (Failed to fetch) — ${NEXT_VISIT}`,
    });
    expect(arxiv.requests).toHaveLength(2);
    expect(arxiv.startGaps).toEqual([3000]);
  });

  it('reports an answer that is not XML as a parse failure, without retrying', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply((ids) => ({ status: 200, body: feedFor(ids).slice(0, 900) }));
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    const outcome = outcomes.get('2609.00001');
    expect(outcome).toMatchObject({ status: 'failed', failure: { kind: 'parse' } });
    expect(outcome?.status === 'failed' && outcome.message).toMatch(
      /^arXiv API answer is not well-formed XML \(.+\) — abstracts will be fetched on the next visit$/,
    );
    expect(arxiv.requests).toHaveLength(1);
  });

  it('reports an arXiv error feed for every id of that request', async () => {
    const { arxiv, fetcher, run } = setup();
    // Derived from the empty 2026 answer, with the error entry arXiv sends for a bad id_list.
    const errorFeed = fixture('api-query-id_list-0000.0000-empty-2026-04-12.xml').replace(
      '</feed>',
      `<entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2609.00001</id>
    <title>Error</title>
    <summary>incorrect id format for 2609.00001</summary>
    <updated>2026-04-12T00:00:00-04:00</updated>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>`,
    );
    arxiv.reply({ status: 200, body: errorFeed });
    const outcomes = await run(fetcher.getAbstracts(['2609.00001', '2609.00002']));
    const failure: AbstractOutcome = {
      status: 'failed',
      failure: {
        kind: 'api-error',
        detail: 'arXiv API reported an error: incorrect id format for 2609.00001',
      },
      message: `arXiv API reported an error: incorrect id format for 2609.00001 — ${NEXT_VISIT}`,
    };
    expect([...outcomes.values()]).toEqual([failure, failure]);
  });

  it('lets a failed request poison neither the queue behind it nor later callers', async () => {
    const { arxiv, fetcher, run } = setup();
    arxiv.reply({ status: 500, body: '' }, { status: 500, body: '' });
    const first = await run(fetcher.getAbstracts(ids(101)));
    // The first 100 ids failed twice; the 101st, in the next request, came through.
    expect(first.get('2609.00000')).toMatchObject({ status: 'failed' });
    expect(first.get('2609.00100')).toEqual(found('2609.00100'));

    const later = await run(fetcher.getAbstracts(['2609.00000']));
    expect(later.get('2609.00000')).toEqual(found('2609.00000'));
    expect(arxiv.requests.map((request) => request.ids.length)).toEqual([100, 100, 1, 1]);
    expect(arxiv.startGaps.every((gap) => gap >= 3000)).toBe(true);
  });

  it('fetches anyway when stored abstracts cannot be read, and says so', async () => {
    const { store, storeErrors, arxiv, fetcher, run } = setup();
    store.failReads = true;
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(outcomes.get('2609.00001')).toEqual(found('2609.00001'));
    expect(arxiv.requests).toHaveLength(1);
    expect(storeErrors).toEqual(['Stored abstracts could not be read: the database is closed']);
  });

  it('returns fetched abstracts even when they cannot be stored, and says so', async () => {
    const { store, storeErrors, fetcher, run } = setup();
    store.failWrites = true;
    const outcomes = await run(fetcher.getAbstracts(['2609.00001']));
    expect(outcomes.get('2609.00001')).toEqual(found('2609.00001'));
    expect(storeErrors).toEqual(['Fetched abstracts could not be stored: quota exceeded']);
  });
});

describe('a saved request time read from storage', () => {
  it('is read once, before the first request, and keeps the spacing', async () => {
    let reads = 0;
    const { arxiv, fetcher, run } = setup({
      lastRequestAt: async () => {
        reads += 1;
        return T0 - 1000;
      },
    });
    await run(fetcher.getAbstracts(['1707.08567']));
    await run(fetcher.getAbstracts(['0808.05394']));
    expect(reads).toBe(1);
    expect(arxiv.requests[0]?.startedAt).toBe(T0 + 2000);
  });

  it('counts an unreadable time as "just now", the safe side', async () => {
    const { arxiv, fetcher, run, storeErrors } = setup({
      lastRequestAt: async () => {
        throw new Error('storage gone');
      },
    });
    await run(fetcher.getAbstracts(['1707.08567']));
    expect(arxiv.requests[0]?.startedAt).toBe(T0 + 3000);
    expect(storeErrors[0]).toContain('storage gone');
  });
});

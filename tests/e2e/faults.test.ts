/**
 * Every fault an endpoint can throw at a scoring run, in real Chromium with the built extension:
 * HTTP errors (401, 403, 404 unknown model, 429, 500, 503), dropped connections, a refused
 * connection, bodies that are not JSON, answers that are cut off (by their length, or by reasoning
 * that used up the allowance) or wrong in shape, and an output limit the endpoint refuses.
 *
 * Each fault gets a fresh tab in the same browser, a model name of its own (so the cache never
 * answers) and a fresh fake server. The page is the 2025-10-16 digest's derived listing (42
 * papers) with batches of 7, so a run is 6 calls when nothing goes wrong. For each fault:
 * - every paper ends `scored` or `error`, never left pending;
 * - a paper in error says why in words (badge aria-label and tooltip) and offers a Retry;
 * - no paper is paid for twice: a paper is in at most one call whose answer scored it, and is
 *   never asked again after that;
 * - retries are bounded: calls are counted.
 *
 * A response slower than the timeout is tested once, at the shortest timeout the settings take
 * (10 s): the call is abandoned and asked again. A connection dropped before any answer
 * (`dropConnection('before-headers')`) is the same to the queue (transient, retried within
 * MAX_CALL_ATTEMPTS) and is tested every time.
 * What the user sees for each fault is listed in docs/faults.md.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswer } from '../../lib/llm/answer';
import { MAX_CALL_ATTEMPTS } from '../../lib/scoring/backoff';
import type { Settings } from '../../lib/settings';
import type { ArxivServer } from '../support/arxiv-server';
import type { ExtensionBrowser } from '../support/browser';
import { arxivIdsIn, loadDigest, UNLISTED_SCORE } from '../support/digest-replay';
import { setSettings } from '../support/extension-settings';
import {
  promptText,
  reply,
  type FakeOpenAI,
  type FakeReply,
  type RecordedRequest,
} from '../support/fake-openai';
import { derivedFixturePath } from '../support/fixtures';
import { firstTokens } from '../support/tokens';
import { startWorld, stopWorld } from '../support/e2e-world';

const DAY = '2025-10-16';
const PAGE = '/list/cs.LG/new';
const digest = loadDigest(DAY);
/** The derived page lists the digest's papers in arXiv id order. */
const ids = digest.papers.map((p) => p.id).sort();
const onPage = new Set(ids);
const BATCH = 7;
const CLEAN_CALLS = Math.ceil(ids.length / BATCH); // 6

interface Entry {
  ARXIVID: string;
  COMMENT: string;
  RELEVANCE: unknown;
  NOVELTY: unknown;
}

/** The digest's answer for a paper (papers the model was never asked about get the usual 2/2). */
function entry(id: string): Entry {
  const paper = digest.papers.find((p) => p.id === id);
  if (paper?.relevance != null && paper.novelty != null) {
    return {
      ARXIVID: id,
      COMMENT: paper.comment,
      RELEVANCE: paper.relevance,
      NOVELTY: paper.novelty,
    };
  }
  return {
    ARXIVID: id,
    COMMENT: UNLISTED_SCORE.comment,
    RELEVANCE: UNLISTED_SCORE.relevance,
    NOVELTY: UNLISTED_SCORE.novelty,
  };
}
const papersJson = (entries: Entry[]) => JSON.stringify({ papers: entries });

/** What one call asked and which of the asked papers its answer gave a valid score. */
interface Call {
  asked: string[];
  answered: string[];
  /** When the request arrived (for the report only, never asserted). */
  at: number;
}

/** A fault: given the papers a call asks about (and how many calls came before), the reply. */
type Fault = (asked: string[], n: number) => { reply: FakeReply; answered: string[] };

/** A clean answer for every asked paper. */
const healthy: Fault = (asked) => ({
  reply: reply.json(papersJson(asked.map(entry))),
  answered: asked,
});

let arxiv: ArxivServer;
let llm: FakeOpenAI;
let browser: ExtensionBrowser;
let calls: Call[] = [];

beforeAll(async () => {
  ({ arxiv, llm, browser } = await startWorld());
});

afterAll(() => stopWorld({ arxiv, llm, browser }));

beforeEach(() => {
  arxiv.reset();
  llm.reset();
  arxiv.route(PAGE, { file: derivedFixturePath(`list-cs.LG-new-derived-from-digest-${DAY}.html`) });
  serve(healthy);
});

const askedIn = (req: RecordedRequest) =>
  req.chat ? arxivIdsIn(promptText(req.chat)).filter((id) => onPage.has(id)) : [];

/** Answers every call through `fault`, keeping the ledger of what was asked and answered. */
function serve(fault: Fault): void {
  calls = [];
  llm.setHandler((req) => {
    const asked = askedIn(req);
    const { reply: r, answered } = fault(asked, calls.length);
    calls.push({ asked, answered: answered.filter((id) => asked.includes(id)), at: req.time });
    return r;
  });
}

/** The fault for calls asking about `target`; every other call is answered cleanly. */
function onCallsAsking(target: string, fault: Fault, times = Infinity): Fault {
  let hits = 0;
  return (asked, n) => {
    if (!asked.includes(target) || hits >= times) return healthy(asked, n);
    hits += 1;
    return fault(asked, n);
  };
}

const failed =
  (r: FakeReply): Fault =>
  () => ({ reply: r, answered: [] });

async function open(model: string, overrides: Partial<Settings> = {}): Promise<Page> {
  await setSettings(await browser.serviceWorker(), {
    apiKey: 'sk-test-key',
    baseUrl: llm.url,
    // A model of each test's own: nothing comes from the cache.
    model,
    batchSize: BATCH,
    concurrency: 2,
    followedAuthors: '',
    autoScore: true,
    timeoutSeconds: 120,
    ...overrides,
  });
  const page = await browser.context.newPage();
  await page.goto(`https://arxiv.org${PAGE}`);
  return page;
}

/** Waits until every entry has a state and none is pending. */
async function waitForSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const dts = [...document.querySelectorAll('#dlpage dt')];
      return (
        dts.length === n &&
        dts.every((dt) => {
          const state = dt.getAttribute('data-sieve-state');
          return state !== null && state !== 'pending';
        })
      );
    },
    ids.length,
    { timeout: 45_000 },
  );
}

interface View {
  id: string;
  state: string | null;
  relevance: string | null;
  novelty: string | null;
  label: string | null;
  tip: string | null;
  action: string | null;
  actionText: string | null;
  actionHidden: boolean | null;
}

async function views(page: Page): Promise<View[]> {
  return page.locator('#dlpage dt').evaluateAll((dts) =>
    dts.map((dt) => {
      const entry = dt.querySelector('.paper-sieve-entry');
      const badge = entry?.querySelector('.paper-sieve-badge');
      const button = entry?.querySelector<HTMLButtonElement>('button.paper-sieve-action');
      return {
        id:
          dt.querySelector('a[title="Abstract"]')?.textContent?.trim().replace('arXiv:', '') ?? '',
        state: dt.getAttribute('data-sieve-state'),
        relevance: dt.getAttribute('data-sieve-relevance'),
        novelty: dt.getAttribute('data-sieve-novelty'),
        label: badge?.getAttribute('aria-label') ?? null,
        tip: entry?.querySelector('.paper-sieve-tip')?.textContent ?? null,
        action: button?.getAttribute('data-sieve-action') ?? null,
        actionText: button?.textContent ?? null,
        actionHidden: button ? button.hidden : null,
      };
    }),
  );
}

const sorted = (list: Iterable<string>) => [...list].sort();

/**
 * The checks every fault shares. `errored` are the papers expected in error, each with a reason
 * matching `reason`; all others are expected scored with the digest's scores, each in exactly one
 * answered call. Returns the reason shown, for the report.
 */
async function expectOutcome(
  page: Page,
  { errored, reason }: { errored: Iterable<string>; reason?: RegExp },
): Promise<string | null> {
  await waitForSettled(page);
  const shown = await views(page);
  const expectedErrors = new Set(errored);
  expect(sorted(shown.filter((v) => v.state === 'error').map((v) => v.id))).toEqual(
    sorted(expectedErrors),
  );
  let said: string | null = null;
  for (const view of shown) {
    if (expectedErrors.has(view.id)) {
      // The reason in words, in the text alternative and the tooltip, with a Retry beside it.
      expect(view.label, view.id).toMatch(/^Scoring failed: /);
      const because = view.label?.replace(/^Scoring failed: /, '') ?? '';
      if (reason) expect(because, view.id).toMatch(reason);
      expect(because).not.toMatch(/^[{[<]/);
      expect(view.tip).toBe(because);
      expect(view).toMatchObject({ action: 'retry', actionText: 'Retry', actionHidden: false });
      expect(view.relevance).toBeNull();
      said ??= because;
    } else {
      const { RELEVANCE, NOVELTY } = entry(view.id);
      expect(view, view.id).toMatchObject({
        state: 'scored',
        relevance: String(RELEVANCE),
        novelty: String(NOVELTY),
      });
    }
  }
  expectPaidOnce(new Set(shown.filter((v) => v.state === 'scored').map((v) => v.id)));
  if (expectedErrors.size > 0) {
    const bar = page.locator('paper-sieve-bar .sieve-status__note[data-state="error"]');
    await expect
      .poll(() => bar.textContent())
      .toContain(`${expectedErrors.size} could not be scored`);
    expect(await bar.getByRole('button', { name: 'Retry' }).count()).toBe(1);
  }
  return said;
}

/** Each scored paper is in exactly one call whose answer scored it, and is never asked after. */
function expectPaidOnce(scored: Set<string>): void {
  for (const id of ids) {
    const paid = calls.filter((c) => c.answered.includes(id)).length;
    expect(paid, `calls that scored ${id}`).toBe(scored.has(id) ? 1 : 0);
    const first = calls.findIndex((c) => c.answered.includes(id));
    if (first >= 0) {
      const askedAfter = calls.slice(first + 1).filter((c) => c.asked.includes(id)).length;
      expect(askedAfter, `${id} asked again after it was scored`).toBe(0);
    }
  }
}

const asking = (id: string) => calls.filter((c) => c.asked.includes(id));
/** The papers of the first call that asked about `id`. */
const batchOf = (id: string) => new Set(asking(id)[0]?.asked ?? []);

const seen: Record<string, string | null> = {};

afterAll(() => {
  // What each fault put in front of the user, for docs/faults.md.
  for (const [fault, said] of Object.entries(seen))
    console.info(`${fault}: ${said ?? '(no error)'}`);
});

const TARGET = ids[10] ?? '';
const OTHER = ids[40] ?? '';

describe('an endpoint that refuses the key or the model: stops at once, says what to fix', () => {
  it('401: every paper in error, naming the key and Options; no call repeated; Retry scores them', async () => {
    serve(failed(reply.error(401)));
    const page = await open('fault-401');
    try {
      seen['401'] = await expectOutcome(page, {
        errored: ids,
        reason: /^Your API key was rejected \(401\) — check it in Paper Sieve’s Options\.$/,
      });
      // At most the calls that were in flight together when the first 401 came back.
      expect(calls.length).toBeGreaterThanOrEqual(1);
      expect(calls.length).toBeLessThanOrEqual(2);

      // The key is fixed: the bar's Retry scores every paper, once each.
      serve(healthy);
      await page
        .locator('paper-sieve-bar .sieve-status__note[data-state="error"]')
        .getByRole('button', { name: 'Retry' })
        .click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#dlpage dt[data-sieve-state="scored"]').length === n,
        ids.length,
        { timeout: 30_000 },
      );
      await expectOutcome(page, { errored: [] });
      expect(calls.length).toBe(CLEAN_CALLS);
    } finally {
      await page.close();
    }
  });

  it('403: every paper in error, naming the refusal and what to check in Options', async () => {
    serve(failed(reply.error(403)));
    const page = await open('fault-403');
    try {
      seen['403'] = await expectOutcome(page, {
        errored: ids,
        reason:
          /^The endpoint refused this key \(403: Country, region, or territory not supported\) — check the key’s project, organisation or region in Paper Sieve’s Options\.$/,
      });
      expect(calls.length).toBeLessThanOrEqual(2);
    } finally {
      await page.close();
    }
  });

  it('404 unknown model: every paper in error, naming the model and Options', async () => {
    serve(failed(reply.error(404, 'model_not_found')));
    const page = await open('fault-no-such-model');
    try {
      seen['404 unknown model'] = await expectOutcome(page, {
        errored: ids,
        reason: new RegExp(
          `^The model “fault-no-such-model” is not available at ${llm.url.replace(/[.]/g, '\\.')} \\(404\\) — choose another model in Paper Sieve’s Options\\.$`,
        ),
      });
      expect(calls.length).toBeLessThanOrEqual(2);
    } finally {
      await page.close();
    }
  });
});

describe('rate limits', () => {
  it('429 with retry-after 1: waits, says so on the bar, then scores everything once', async () => {
    llm.enqueue(reply.error(429, 'rate_limit_requests', { retryAfter: 1 }));
    llm.enqueue(reply.error(429, 'rate_limit_requests', { retryAfter: 1 }));
    // Queued replies are sent before the handler is asked: the ledger counts them apart.
    const page = await open('fault-429');
    try {
      const note = await page.waitForFunction(
        () => {
          const notes = document
            .querySelector('paper-sieve-bar')
            ?.shadowRoot?.querySelectorAll('.sieve-status__note');
          const text = [...(notes ?? [])].map((note) => note.textContent ?? '').join(' ');
          return /rate-limiting/.test(text) ? text : false;
        },
        undefined,
        { timeout: 15_000, polling: 50 },
      );
      const text = String(await note.jsonValue());
      expect(text).toMatch(
        /The endpoint is rate-limiting requests \(429\); scoring continues when it allows\. Waiting 1 s\./,
      );
      seen['429 retry-after 1 (bar)'] = text.trim();
      await expectOutcome(page, { errored: [] });
      // The two refused calls were asked again after the wait, nothing else.
      expect(llm.completions.length).toBe(CLEAN_CALLS + 2);
      expect(calls.length).toBe(CLEAN_CALLS);
    } finally {
      await page.close();
    }
  });

  it('429 asking to wait 10 min: that batch in error at once, saying when to retry', async () => {
    serve(
      onCallsAsking(TARGET, failed(reply.error(429, 'rate_limit_requests', { retryAfter: 600 }))),
    );
    const page = await open('fault-429-long');
    try {
      await waitForSettled(page);
      seen['429 retry-after 600'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason:
          /^The endpoint is rate-limiting requests \(429\)\. It asks to wait 10 min — retry then\.$/,
      });
      expect(asking(TARGET)).toHaveLength(1);
      expect(calls.length).toBe(CLEAN_CALLS);
    } finally {
      await page.close();
    }
  });
});

describe('transient failures: retried within bounds, then an error with a Retry', () => {
  it('500 on one batch every time: tried MAX_CALL_ATTEMPTS times, then that batch in error; Retry scores it', async () => {
    serve(onCallsAsking(TARGET, failed(reply.error(500))));
    const page = await open('fault-500');
    try {
      await waitForSettled(page);
      const batch = batchOf(TARGET);
      expect(batch.size).toBe(BATCH);
      seen['500'] = await expectOutcome(page, {
        errored: batch,
        reason:
          /^The endpoint failed \(500: The server had an error while processing your request\. Sorry about that!\)\. Tried 3 times — press Retry/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
      expect(calls.length).toBe(CLEAN_CALLS - 1 + MAX_CALL_ATTEMPTS);

      // The endpoint recovers: a badge's Retry asks for that paper alone, once.
      serve(healthy);
      await page
        .locator(
          `#dlpage dt:has(a[id="${TARGET}"]) button.paper-sieve-action[data-sieve-action="retry"]`,
        )
        .click();
      await expect
        .poll(() =>
          page.locator(`#dlpage dt:has(a[id="${TARGET}"])`).getAttribute('data-sieve-state'),
        )
        .toBe('scored');
      expect(calls).toMatchObject([{ asked: [TARGET], answered: [TARGET] }]);
    } finally {
      await page.close();
    }
  });

  it('503 once: asked again after a backoff, every paper scored once', async () => {
    serve(onCallsAsking(TARGET, failed(reply.error(503)), 1));
    const page = await open('fault-503');
    try {
      seen['503 once'] = await expectOutcome(page, { errored: [] });
      expect(asking(TARGET)).toHaveLength(2);
      expect(calls.length).toBe(CLEAN_CALLS + 1);
    } finally {
      await page.close();
    }
  });

  it('503 every time on one batch: that batch in error after MAX_CALL_ATTEMPTS calls', async () => {
    serve(onCallsAsking(TARGET, failed(reply.error(503))));
    const page = await open('fault-503-always');
    try {
      await waitForSettled(page);
      seen['503'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason:
          /^The endpoint failed \(503: The server is overloaded or not ready yet\.\)\. Tried 3 times — press Retry/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
    } finally {
      await page.close();
    }
  });

  it('a response slower than the timeout: abandoned, asked again, every paper scored once', async () => {
    serve(onCallsAsking(TARGET, failed(reply.hang(25_000)), 1));
    const page = await open('fault-timeout', { timeoutSeconds: 10 });
    try {
      seen['slower than the timeout (once)'] = await expectOutcome(page, { errored: [] });
      expect(asking(TARGET)).toHaveLength(2);
      expect(calls.length).toBe(CLEAN_CALLS + 1);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('no answer (connection dropped before any byte)', async () => {
    serve(onCallsAsking(TARGET, failed(reply.dropConnection('before-headers'))));
    const page = await open('fault-no-answer');
    try {
      await waitForSettled(page);
      seen['no answer / dropped before headers'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason: /could not be reached\. Check the API base URL in Paper Sieve’s Options/,
      });
      // Chromium's network stack itself sends a request again (at most twice) when a reused
      // keep-alive connection is reset before any byte of the answer, under the SDK and the
      // queue: the server sees up to three requests per queue attempt (seen: 3, 1 and 2).
      const requests = asking(TARGET).length;
      const gaps = asking(TARGET).map((c, i, all) => c.at - (all[i - 1]?.at ?? c.at));
      console.info(`dropped before headers: ${requests} requests, ms apart: ${gaps.join(', ')}`);
      expect(requests).toBeGreaterThanOrEqual(MAX_CALL_ATTEMPTS);
      expect(requests).toBeLessThanOrEqual(3 * MAX_CALL_ATTEMPTS);
    } finally {
      await page.close();
    }
  });

  it('connection dropped mid-body every time on one batch: in error after MAX_CALL_ATTEMPTS calls', async () => {
    serve(onCallsAsking(TARGET, failed(reply.dropConnection('mid-body'))));
    const page = await open('fault-drop-mid-body');
    try {
      await waitForSettled(page);
      seen['dropped mid-body'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason: /\w+ \w+/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
    } finally {
      await page.close();
    }
  });

  it('connection refused (a closed port): every paper in error, naming the base URL', async () => {
    const closed = await closedPort();
    const baseUrl = `http://127.0.0.1:${closed}/v1`;
    const page = await open('fault-refused', { baseUrl });
    try {
      seen['connection refused'] = await expectOutcome(page, {
        errored: ids,
        reason: new RegExp(
          `^The endpoint ${baseUrl.replace(/[.]/g, '\\.')} could not be reached\\. Check the API base URL in Paper Sieve’s Options; a local server \\(Ollama, LM Studio\\) must be running`,
        ),
      });
      // Nothing reached the fake server; the calls themselves cannot be counted at a closed port.
      expect(llm.completions).toHaveLength(0);
    } finally {
      await page.close();
    }
  });

  it('a 200 whose body is an HTML page: that batch in error, pointing at the base URL', async () => {
    serve(onCallsAsking(TARGET, failed(reply.notJson())));
    const page = await open('fault-html');
    try {
      await waitForSettled(page);
      seen['not JSON (HTML page)'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason:
          /answered something that is not a chat completion — if this persists, check the API base URL in Paper Sieve’s Options\. Tried 3 times — press Retry/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
    } finally {
      await page.close();
    }
  });

  it('a 200 labelled JSON whose body is not JSON: that batch in error after MAX_CALL_ATTEMPTS calls', async () => {
    const broken = reply.notJson({ contentType: 'application/json', body: '{"choices": [' });
    serve(onCallsAsking(TARGET, failed(broken)));
    const page = await open('fault-broken-json');
    try {
      await waitForSettled(page);
      seen['not JSON (labelled JSON)'] = await expectOutcome(page, {
        errored: batchOf(TARGET),
        reason: /not JSON|not a chat completion/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
    } finally {
      await page.close();
    }
  });
});

describe('answers wrong in shape: what is valid is kept, only the rest is asked again', () => {
  it('cut off (finish_reason length): the complete entries kept, the rest asked once more', async () => {
    let cut: string[] = [];
    serve(
      onCallsAsking(
        TARGET,
        (asked) => {
          const kept = asked.slice(0, 3);
          cut = asked.slice(3);
          const whole = papersJson(asked.map(entry));
          // Up to the middle of the fourth entry's comment.
          const end = whole.indexOf('"COMMENT"', whole.indexOf(`"${asked[3]}"`)) + 20;
          return {
            reply: reply.json(whole.slice(0, end), { finishReason: 'length' }),
            answered: kept,
          };
        },
        1,
      ),
    );
    const page = await open('fault-cut-off');
    try {
      seen['cut off'] = await expectOutcome(page, { errored: [] });
      expect(cut.length).toBeGreaterThan(0);
      // The papers the answer never reached were asked once more, the others never again.
      for (const id of cut) expect(asking(id), id).toHaveLength(2);
      expect(calls.length).toBeLessThanOrEqual(CLEAN_CALLS + 1);
    } finally {
      await page.close();
    }
  });

  it('reasoning that uses up its allowance: an empty answer, asked again with more room, remembered', async () => {
    // A reasoning model (minimal effort: 256 + 16 a paper) that reasons 1000 tokens every time.
    // Seven papers get 7 × 58 + 40 for the answer and 368 for reasoning, 814 in all: reasoning
    // fills them and the answer is empty. Doubled (1182) it leaves part of the answer; doubled
    // again (1918) all of it, and every later call starts there.
    const REASONING = 1_000;
    const limits: number[] = [];
    calls = [];
    llm.setHandler((req) => {
      const asked = askedIn(req);
      const limit = Number((req.body as Record<string, unknown>)['max_completion_tokens']);
      const content = papersJson(asked.map(entry));
      // What survives the cut, as the fake will cut it: for the ledger.
      const sent = firstTokens(content, limit - Math.min(REASONING, limit));
      const answered = parseAnswer(sent, asked).scores.map((score) => score.id);
      limits.push(limit);
      calls.push({ asked, answered, at: req.time });
      return reply.json(content, { usage: { reasoningTokens: REASONING } });
    });
    const page = await open('gpt-5-mini-fault-reasoning', { concurrency: 1 });
    try {
      seen['reasoning used up the allowance'] = await expectOutcome(page, { errored: [] });
      expect(limits.slice(0, 3)).toEqual([446 + 368, 446 + 2 * 368, 446 + 4 * 368]);
      expect(calls[0]?.answered).toEqual([]);
      expect(calls[1]?.answered.length).toBeGreaterThan(0);
      expect(calls[1]?.answered.length).toBeLessThan(BATCH);
      // Learned once: every later call has the room for its papers, none is cut off again.
      const learned = (n: number) => 58 * n + 40 + 4 * (256 + 16 * n);
      expect(limits.slice(3)).toEqual(calls.slice(3).map((call) => learned(call.asked.length)));
      expect(calls.slice(2).every((call) => call.answered.length === call.asked.length)).toBe(true);
      expect(calls.length).toBe(CLEAN_CALLS + 2);
    } finally {
      await page.close();
    }
  });

  it('max_completion_tokens refused (older Azure API versions): max_tokens instead, learned once', async () => {
    llm.setRejectedParams(['max_completion_tokens']);
    const page = await open('fault-max-tokens');
    try {
      seen['max_completion_tokens refused'] = await expectOutcome(page, { errored: [] });
      expect(calls.length).toBe(CLEAN_CALLS);
      const refused = llm.completions.filter(
        (r) => (r.body as Record<string, unknown>)['max_completion_tokens'] !== undefined,
      );
      // At most the calls in flight together before the first refusal was learned.
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeLessThanOrEqual(2);
      expect(llm.completions.length).toBe(CLEAN_CALLS + refused.length);
      const answered = llm.completions.filter((r) => !refused.includes(r));
      for (const r of answered) {
        expect((r.body as Record<string, unknown>)['max_tokens']).toBe(7 * 58 + 40);
      }
    } finally {
      await page.close();
    }
  });

  it('a paper always left out: asked MAX_CALL_ATTEMPTS times, then in error; the rest scored once', async () => {
    serve((asked) => {
      const answered = asked.filter((id) => id !== TARGET);
      return { reply: reply.json(papersJson(answered.map(entry))), answered };
    });
    const page = await open('fault-missing-id');
    try {
      seen['missing id'] = await expectOutcome(page, {
        errored: [TARGET],
        reason:
          /^The model’s answer left this paper out or scored it wrongly\. Tried 3 times — press Retry/,
      });
      expect(asking(TARGET)).toHaveLength(MAX_CALL_ATTEMPTS);
      expect(calls.length).toBeLessThanOrEqual(CLEAN_CALLS + MAX_CALL_ATTEMPTS - 1);
    } finally {
      await page.close();
    }
  });

  it('ids that were not asked: ignored, even a paper of the same page; the one left out asked again', async () => {
    serve(
      onCallsAsking(
        TARGET,
        (asked) => {
          const answered = asked.filter((id) => id !== TARGET);
          const entries: Entry[] = [
            ...answered.map(entry),
            // Instead of the target: an id nobody asked about, and a paper of another batch.
            { ARXIVID: '2501.00001', COMMENT: 'Not asked.', RELEVANCE: 10, NOVELTY: 10 },
            { ARXIVID: OTHER, COMMENT: 'Not asked in this call.', RELEVANCE: 1, NOVELTY: 1 },
          ];
          return { reply: reply.json(papersJson(entries)), answered };
        },
        1,
      ),
    );
    const page = await open('fault-unknown-ids');
    try {
      seen['ids not asked'] = await expectOutcome(page, { errored: [] });
      expect(batchOf(OTHER).has(TARGET)).toBe(false);
      expect(entry(OTHER).RELEVANCE).not.toBe(1);
      expect(asking(TARGET)).toHaveLength(2);
      expect(calls.length).toBeLessThanOrEqual(CLEAN_CALLS + 1);
    } finally {
      await page.close();
    }
  });

  it('duplicated ids: the first entry kept, nothing asked again', async () => {
    serve(
      onCallsAsking(TARGET, (asked) => {
        const entries = asked.map(entry);
        const dup = { ...entry(TARGET), COMMENT: 'Second opinion.', RELEVANCE: 1, NOVELTY: 1 };
        return { reply: reply.json(papersJson([...entries, dup, entry(TARGET)])), answered: asked };
      }),
    );
    const page = await open('fault-duplicates');
    try {
      seen['duplicated ids'] = await expectOutcome(page, { errored: [] });
      expect(entry(TARGET).RELEVANCE).not.toBe(1);
      expect(calls.length).toBe(CLEAN_CALLS);
    } finally {
      await page.close();
    }
  });

  it('scores out of range or not numbers: never shown, those papers asked once more', async () => {
    let spoiled: string[] = [];
    serve(
      onCallsAsking(
        TARGET,
        (asked) => {
          spoiled = asked.slice(0, 4);
          const bad: Partial<Entry>[] = [
            { RELEVANCE: 11 },
            { NOVELTY: 'high' },
            { RELEVANCE: 0 },
            { NOVELTY: 7.5 },
          ];
          const entries = asked.map((id, i) => ({ ...entry(id), ...bad[i] }));
          return {
            reply: reply.json(papersJson(entries)),
            answered: asked.filter((id) => !spoiled.includes(id)),
          };
        },
        1,
      ),
    );
    const page = await open('fault-bad-scores');
    try {
      seen['scores out of range / not numbers'] = await expectOutcome(page, { errored: [] });
      for (const id of spoiled) expect(asking(id), id).toHaveLength(2);
      expect(calls.length).toBeLessThanOrEqual(CLEAN_CALLS + 1);
    } finally {
      await page.close();
    }
  });

  it('an answer wrapped in prose and a code fence: read as it is, one call a batch', async () => {
    serve((asked) => ({
      reply: reply.json(
        // Compact inside the fence, as structured output writes it: a pretty-printed answer is
        // longer than the answer allowance and would be cut off (covered by the cut-off tests).
        `Sure! Here are the scores you asked for:\n\n\`\`\`json\n${JSON.stringify({ papers: asked.map(entry) })}\n\`\`\`\n\nLet me know if you need anything else.`,
      ),
      answered: asked,
    }));
    const page = await open('fault-prose');
    try {
      seen['prose and fences'] = await expectOutcome(page, { errored: [] });
      expect(calls.length).toBe(CLEAN_CALLS);
    } finally {
      await page.close();
    }
  });
});

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

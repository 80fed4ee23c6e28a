/**
 * The LLM client against the fake OpenAI server: the official SDK speaks the real wire format to
 * a loopback endpoint, so what is asserted here is what a real endpoint would receive and what
 * the user would read when it fails.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerJsonSchema } from '../../lib/llm/answer';
import { initialCallOptions } from '../../lib/llm/call-options';
import type { CallOptions } from '../../lib/llm/call-options';
import { createLlmClient } from '../../lib/llm/client';
import type { ScoreBatchOutcome } from '../../lib/llm/client';
import { DEFAULT_CRITERIA } from '../../lib/llm/default-criteria';
import type { LlmFailure } from '../../lib/llm/failures';
import { buildMessages } from '../../lib/llm/prompt';
import type { PaperForPrompt, PaperScore } from '../../lib/llm/types';
import { digestReplayHandler, loadDigest } from '../support/digest-replay';
import type { DigestAnswer } from '../support/digest-replay';
import { reply, startFakeOpenAI } from '../support/fake-openai';
import type { FakeOpenAI, FakeReply } from '../support/fake-openai';

const KEY = 'sk-proj-paperSieveTest0123456789abcdefghijklmnopqrstuvwxyz';
const MODEL = 'gpt-5-mini';

// Five papers the published pipeline's model scored on 2025-10-16, with its labels as the answers.
const digest = loadDigest('2025-10-16');
const scored = digest.papers.filter((paper) => paper.relevance !== null).slice(0, 5);
const PAPERS: PaperForPrompt[] = scored.map(({ id, title, authors, abstract }) => ({
  id,
  title,
  authors,
  abstract,
}));
const IDS = PAPERS.map((paper) => paper.id);
const ANSWERS: DigestAnswer[] = scored.map((paper) => ({
  ARXIVID: paper.id,
  COMMENT: paper.comment,
  RELEVANCE: paper.relevance ?? 0,
  NOVELTY: paper.novelty ?? 0,
}));
const SCORES: PaperScore[] = ANSWERS.map((answer) => ({
  id: answer.ARXIVID,
  comment: answer.COMMENT,
  relevance: answer.RELEVANCE,
  novelty: answer.NOVELTY,
}));
const JSONL = ANSWERS.map((answer) => JSON.stringify(answer)).join('\n');

const STRUCTURED: CallOptions = initialCallOptions(MODEL, 'auto');

let llm: FakeOpenAI;

beforeAll(async () => {
  llm = await startFakeOpenAI({ expectedKey: KEY });
});
afterEach(() => llm.reset());
afterAll(() => llm.close());

// Everything but the hangs answers at once; a stuck test fails in 5 s rather than the default 2 min.
function client(
  endpoint: { model?: string; apiKey?: string; baseUrl?: string } = {},
  timeoutMs = 5_000,
) {
  return createLlmClient({ baseUrl: llm.url, apiKey: KEY, model: MODEL, ...endpoint }, timeoutMs);
}

function score(options: CallOptions = STRUCTURED, endpoint: Parameters<typeof client>[0] = {}) {
  return client(endpoint).scoreBatch({ criteria: DEFAULT_CRITERIA, papers: PAPERS, options });
}

/** An error exactly as an endpoint writes it: any status, any envelope, `param` as given. */
function rawError(status: number, body: unknown): FakeReply {
  return reply.notJson({ status, contentType: 'application/json', body: JSON.stringify(body) });
}

/** OpenAI's error envelope with the fields the fake's `reply.error` does not let a test null. */
function openAiError(
  status: number,
  message: string,
  { param = null, code = null }: { param?: string | null; code?: string | null } = {},
): FakeReply {
  return rawError(status, { error: { message, type: 'invalid_request_error', param, code } });
}

function failureOf(outcome: ScoreBatchOutcome): LlmFailure {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.answer)}`);
  return outcome.failure;
}

/** A port with nothing listening: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a batch in structured-output mode', () => {
  it('sends the schema, the lowest effort and the prompt, and reads scores and usage', async () => {
    llm.enqueue(
      reply.json(
        { papers: ANSWERS },
        {
          usage: {
            promptTokens: 4_210,
            cachedTokens: 3_968,
            completionTokens: 1_337,
            reasoningTokens: 896,
          },
        },
      ),
    );

    const outcome = await score();

    expect(STRUCTURED).toEqual({ structuredOutput: true, reasoningEffort: 'minimal' });
    expect(llm.completions).toHaveLength(1);
    // The whole body: nothing else (no temperature, which gpt-5 models refuse) is sent.
    expect(llm.completions[0]?.body).toEqual({
      model: MODEL,
      messages: buildMessages(DEFAULT_CRITERIA, PAPERS, { format: 'json-schema' }),
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'paper_scores', strict: true, schema: answerJsonSchema() },
      },
      reasoning_effort: 'minimal',
      // 58 a paper for the answer and 40 a call; minimal reasoning: 256 + 16 a paper.
      max_completion_tokens: 58 * 5 + 40 + (256 + 16 * 5),
    });
    expect(outcome).toEqual({
      ok: true,
      answer: { scores: SCORES, missing: [], problems: [] },
      usage: { prompt: 4_210, cachedPrompt: 3_968, completion: 1_337, reasoning: 896 },
      finishReason: 'stop',
      options: STRUCTURED,
    });
  });

  it('scores the digest’s papers with the digest’s labels through the replay handler', async () => {
    llm.setHandler(digestReplayHandler(digest));
    const outcome = await score();
    expect(outcome.ok && outcome.answer).toEqual({ scores: SCORES, missing: [], problems: [] });
  });

  it('counts zero tokens when a local server sends no usage', async () => {
    llm.enqueue(
      rawError(200, {
        id: 'chatcmpl-local',
        object: 'chat.completion',
        created: 1_760_000_000,
        model: 'llama3.1:8b',
        choices: [
          { index: 0, message: { role: 'assistant', content: JSONL }, finish_reason: 'stop' },
        ],
      }),
    );
    const outcome = await score({ structuredOutput: false, reasoningEffort: null });
    expect(outcome).toMatchObject({
      ok: true,
      answer: { scores: SCORES },
      usage: { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 },
    });
  });

  it.each([
    ['JSON lines', { structuredOutput: false, reasoningEffort: 'minimal' } as CallOptions, JSONL],
    ['the papers object', STRUCTURED, JSON.stringify({ papers: ANSWERS })],
  ])(
    'keeps the complete entries of an answer cut off at the token limit (%s)',
    async (_format, options, whole) => {
      // Cut inside the third entry, as a model stopped by max tokens leaves it.
      const third = whole.indexOf(ANSWERS[2]?.ARXIVID ?? '?');
      llm.enqueue(reply.json(whole.slice(0, third + 20), { finishReason: 'length' }));

      const outcome = await score(options);

      expect(outcome).toMatchObject({ ok: true, finishReason: 'length', options });
      if (!outcome.ok) return;
      expect(outcome.answer.scores).toEqual(SCORES.slice(0, 2));
      expect(outcome.answer.missing).toEqual(IDS.slice(2));
      expect(outcome.answer.problems).toEqual([
        expect.objectContaining({ kind: 'bad-json', id: IDS[2] }),
      ]);
      // No reasoning ran out: the answer itself was too long for its allowance, which doubles.
      expect(outcome.options.answerScale).toBe(2);
    },
  );
});

describe('parameters the endpoint refuses', () => {
  const TEXT_MODE: CallOptions = { structuredOutput: false, reasoningEffort: 'minimal' };

  it.each<[string, FakeReply]>([
    [
      'OpenAI, naming param response_format',
      reply.error(400, 'unsupported_parameter', {
        param: 'response_format',
        message:
          "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs",
      }),
    ],
    [
      'a proxy that blanks param',
      openAiError(
        400,
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        { param: '' },
      ),
    ],
    [
      'a local server that names it only in the message',
      openAiError(400, "response_format type must be one of 'text' or 'json_object'", {
        param: null,
      }),
    ],
    [
      'a local server whose error is a bare string (LM Studio)',
      rawError(400, { error: "'response_format.type' must be 'json_schema' or 'text'" }),
    ],
    [
      'a server naming the nested field',
      openAiError(
        400,
        'The parameter `response_format.type` specified in the request are not valid: invalid value: `json_schema`, supported values are: `json_object` and `text`.',
        { param: 'response_format.type', code: 'InvalidParameter' },
      ),
    ],
  ])('asks again in text mode when response_format is refused: %s', async (_server, refusal) => {
    llm.enqueue(refusal);
    llm.setHandler(digestReplayHandler(digest));

    const outcome = await score();

    expect(llm.completions).toHaveLength(2);
    expect(llm.completions[1]?.body).toEqual({
      model: MODEL,
      messages: buildMessages(DEFAULT_CRITERIA, PAPERS, { format: 'text' }),
      reasoning_effort: 'minimal',
      // JSON lines, spaced or pretty-printed as models write them unconstrained: 88 a paper.
      max_completion_tokens: 88 * 5 + 40 + (256 + 16 * 5),
    });
    // The adjusted options come back, so the caller remembers them for this endpoint+model.
    expect(outcome).toMatchObject({
      ok: true,
      answer: { scores: SCORES, missing: [] },
      options: TEXT_MODE,
    });
  });

  it.each<[string, CallOptions, FakeReply, CallOptions['reasoningEffort']]>([
    [
      "o3 asked for 'minimal' (OpenAI's wording)",
      { structuredOutput: true, reasoningEffort: 'minimal' },
      openAiError(
        400,
        "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.",
        { param: 'reasoning_effort', code: 'unsupported_value' },
      ),
      'low',
    ],
    [
      "gpt-5.1 asked for 'minimal'",
      { structuredOutput: true, reasoningEffort: 'minimal' },
      openAiError(
        400,
        "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.",
        { param: 'reasoning_effort', code: 'unsupported_value' },
      ),
      'low',
    ],
    [
      "gpt-5.1's wording through a proxy that drops param",
      { structuredOutput: true, reasoningEffort: 'minimal' },
      openAiError(
        400,
        "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.",
      ),
      'low',
    ],
    [
      "'none' refused without param",
      { structuredOutput: true, reasoningEffort: 'none' },
      openAiError(
        400,
        "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
      ),
      'minimal',
    ],
    [
      'a model without reasoning (OpenAI, param set)',
      { structuredOutput: true, reasoningEffort: 'minimal' },
      reply.error(400, 'unsupported_parameter', { param: 'reasoning_effort' }),
      null,
    ],
    [
      'gpt-4o-mini (OpenAI, no param)',
      { structuredOutput: true, reasoningEffort: 'low' },
      openAiError(400, 'Unrecognized request argument supplied: reasoning_effort'),
      null,
    ],
  ])('adjusts reasoning_effort: %s', async (_case, options, refusal, effort) => {
    llm.enqueue(refusal);
    llm.setHandler(digestReplayHandler(digest));

    const outcome = await score(options);

    expect(llm.completions.map((call) => call.chat?.['reasoning_effort'])).toEqual([
      options.reasoningEffort,
      effort ?? undefined,
    ]);
    expect(outcome).toMatchObject({
      ok: true,
      answer: { scores: SCORES },
      options: { structuredOutput: true, reasoningEffort: effort },
    });
  });

  it('drops both, one refusal at a time, and returns what finally worked', async () => {
    llm.enqueue(
      openAiError(
        400,
        "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.",
        { param: 'reasoning_effort', code: 'unsupported_value' },
      ),
    );
    llm.enqueue(reply.error(400, 'unsupported_parameter', { param: 'reasoning_effort' }));
    llm.enqueue(reply.error(400, 'unsupported_parameter', { param: 'response_format' }));
    llm.setHandler(digestReplayHandler(digest));

    const outcome = await score();

    expect(
      llm.completions.map((call) => [
        call.chat?.['reasoning_effort'],
        call.chat?.['response_format'] !== undefined,
      ]),
    ).toEqual([
      ['minimal', true],
      ['low', true],
      [undefined, true],
      [undefined, false],
    ]);
    expect(outcome).toMatchObject({
      ok: true,
      answer: { scores: SCORES },
      options: { structuredOutput: false, reasoningEffort: null },
    });
  });

  it.each<[string, FakeReply, RegExp]>([
    [
      'a prompt longer than the context',
      openAiError(
        400,
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
        { param: 'messages', code: 'context_length_exceeded' },
      ),
      /^The endpoint refused the request \(400: This model's maximum context length is 128000 tokens\./,
    ],
    [
      'a parameter Paper Sieve never sends',
      reply.error(400, 'unsupported_parameter', { param: 'temperature' }),
      /^The endpoint refused the request \(400: Unsupported parameter: 'temperature'/,
    ],
  ])('gives up at once on a 400 it cannot fix: %s', async (_case, refusal, message) => {
    llm.enqueue(refusal);
    const outcome = await score();
    expect(llm.completions).toHaveLength(1);
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'fatal', code: 'bad-request', message: expect.stringMatching(message) },
      options: STRUCTURED,
    });
  });
});

describe('the output limit', () => {
  const limitOf = (call: number) => {
    const body = llm.completions[call]?.body as Record<string, unknown> | undefined;
    return {
      max_completion_tokens: body?.['max_completion_tokens'],
      max_tokens: body?.['max_tokens'],
    };
  };

  it('falls back to max_tokens, then to none, for endpoints that refuse it', async () => {
    const strict = await startFakeOpenAI({ rejectParams: ['max_completion_tokens', 'max_tokens'] });
    strict.setHandler(digestReplayHandler(digest));
    try {
      const outcome = await createLlmClient({
        baseUrl: strict.url,
        apiKey: KEY,
        model: MODEL,
      }).scoreBatch({ criteria: DEFAULT_CRITERIA, papers: PAPERS, options: STRUCTURED });
      const sent = strict.completions.map((call) => {
        const body = call.body as Record<string, unknown>;
        return [body['max_completion_tokens'], body['max_tokens']];
      });
      expect(sent).toEqual([
        [666, undefined],
        [undefined, 666],
        [undefined, undefined],
      ]);
      // Remembered by the caller, so the refusals cost two extra calls once, not every time.
      expect(outcome).toMatchObject({
        ok: true,
        answer: { scores: SCORES },
        options: { ...STRUCTURED, outputLimitParam: null },
      });
    } finally {
      await strict.close();
    }
  });

  it('takes max_tokens where only max_completion_tokens is refused, once', async () => {
    llm.enqueue(openAiError(400, 'Unrecognized request argument supplied: max_completion_tokens'));
    llm.setHandler(digestReplayHandler(digest));
    const first = await score();
    expect(first).toMatchObject({ ok: true, options: { outputLimitParam: 'max_tokens' } });
    if (!first.ok) return;
    await score(first.options);
    expect([limitOf(0), limitOf(1), limitOf(2)]).toEqual([
      { max_completion_tokens: 666, max_tokens: undefined },
      { max_completion_tokens: undefined, max_tokens: 666 },
      { max_completion_tokens: undefined, max_tokens: 666 },
    ]);
  });

  it('reasoning that ran past its allowance: what arrived is kept, the allowance doubles', async () => {
    // 500 reasoning tokens: more than minimal's 336 for five papers, within twice that.
    const replay = digestReplayHandler(digest);
    llm.setHandler(async (req) => ({
      ...(await replay(req)),
      usage: { reasoningTokens: 500 },
    }));

    const cut = await score();
    expect(cut).toMatchObject({
      ok: true,
      finishReason: 'length',
      options: { ...STRUCTURED, reasoningScale: 2 },
      usage: { completion: 666, reasoning: 500 },
    });
    if (!cut.ok) return;
    expect(cut.answer.scores.length).toBeGreaterThan(0);
    expect(cut.answer.missing.length).toBeGreaterThan(0);

    const whole = await score(cut.options);
    expect(limitOf(1).max_completion_tokens).toBe(58 * 5 + 40 + 2 * (256 + 16 * 5));
    expect(whole).toMatchObject({
      ok: true,
      finishReason: 'stop',
      answer: { scores: SCORES, missing: [] },
      options: cut.options,
    });
  });

  it('reasoning that used up everything: an empty answer, every paper asked again', async () => {
    llm.enqueue(reply.json({ papers: ANSWERS }, { usage: { reasoningTokens: 5_000 } }));
    const outcome = await score();
    expect(outcome).toMatchObject({
      ok: true,
      finishReason: 'length',
      answer: { scores: [], missing: IDS },
      usage: { completion: 666, reasoning: 666 },
      options: { ...STRUCTURED, reasoningScale: 2 },
    });
  });
});

describe('failures, each named with its cause and fix', () => {
  it('says the key was rejected, without the key', async () => {
    const wrongKey = 'sk-proj-WRONGkey9876543210zyxwvutsrqponmlkjihgfedcbaXYZW';
    const outcome = await score(STRUCTURED, { apiKey: wrongKey });
    const failure = failureOf(outcome);
    expect(failure).toEqual({
      kind: 'fatal',
      code: 'auth',
      message: 'Your API key was rejected (401) — check it in Paper Sieve’s Options.',
    });
    // OpenAI echoes the key's start and end in its message; none of it reaches the user's screen.
    expect(failure.message).not.toContain(wrongKey.slice(0, 8));
    expect(failure.message).not.toContain(wrongKey.slice(-4));
    expect(llm.completions).toHaveLength(1);
  });

  it.each<[string, FakeReply, string, Partial<LlmFailure>, RegExp[]]>([
    [
      '403 outside a supported region',
      reply.error(403, 'permission_denied'),
      MODEL,
      { kind: 'fatal', code: 'forbidden' },
      [/\(403: Country, region, or territory not supported\)/, /check the key’s project/],
    ],
    [
      '404 model_not_found',
      reply.error(404, 'model_not_found'),
      'gpt-6-turbo-imaginary',
      { kind: 'fatal', code: 'unknown-model' },
      [/“gpt-6-turbo-imaginary” is not available at http:\/\/127\.0\.0\.1/, /choose another model/],
    ],
    [
      '404 from Ollama for a model not pulled',
      rawError(404, {
        error: {
          message: 'model "llama3.1:8b" not found, try pulling it first',
          type: 'api_error',
          param: null,
          code: null,
        },
      }),
      'llama3.1:8b',
      { kind: 'fatal', code: 'unknown-model' },
      [/“llama3\.1:8b” is not available/, /choose another model/],
    ],
    [
      '429 insufficient_quota',
      reply.error(429, 'insufficient_quota'),
      MODEL,
      { kind: 'fatal', code: 'no-credit' },
      [/run out of credit/, /add credit with your provider/],
    ],
    [
      '429 rate limit with retry-after',
      reply.error(429, 'rate_limit_requests', { retryAfter: 7 }),
      MODEL,
      { kind: 'rate-limited', retryAfterMs: 7_000 },
      [/rate-limiting requests \(429\)/, /continues when it allows/],
    ],
    [
      '429 token limit with retry-after-ms',
      reply.error(429, 'rate_limit_tokens', {
        retryAfter: 2,
        headers: { 'retry-after-ms': '1250' },
      }),
      MODEL,
      { kind: 'rate-limited', retryAfterMs: 1_250 },
      [/rate-limiting/],
    ],
    [
      '500 server error',
      reply.error(500, 'server_error'),
      MODEL,
      { kind: 'transient' },
      [/failed \(500: The server had an error while processing your request/],
    ],
    [
      '503 overloaded',
      reply.error(503, 'overloaded'),
      MODEL,
      { kind: 'transient' },
      [/failed \(503: The server is overloaded or not ready yet\.\)/],
    ],
    [
      '503 from a FastAPI server (vLLM): {"detail": …}',
      rawError(503, { detail: 'The model is still loading, try again shortly' }),
      MODEL,
      { kind: 'transient' },
      [/failed \(503: The model is still loading, try again shortly\)/],
    ],
    [
      '500 with FastAPI validation errors: {"detail": [{"loc", "msg"}]}',
      rawError(500, { detail: [{ loc: ['body', 'messages'], msg: 'Field required' }] }),
      MODEL,
      { kind: 'transient' },
      [/failed \(500: body\.messages: Field required\)/],
    ],
    [
      '502 HTML page from a proxy',
      reply.notJson({ status: 502 }),
      MODEL,
      { kind: 'transient' },
      [/^The endpoint failed \(502: an HTML page, not an API answer\)\.$/],
    ],
    [
      '200 text/html instead of a completion',
      reply.notJson(),
      MODEL,
      { kind: 'transient' },
      [/http:\/\/127\.0\.0\.1:\d+\/v1 answered something that is not a chat completion/],
    ],
    [
      '200 text/plain instead of a completion',
      reply.notJson({ contentType: 'text/plain', body: 'OK' }),
      MODEL,
      { kind: 'transient' },
      [/not a chat completion/, /check the API base URL/],
    ],
    [
      '200 application/json with a broken body',
      reply.notJson({ contentType: 'application/json', body: '{"id": "chatcmpl-' }),
      MODEL,
      { kind: 'transient' },
      [/not JSON \(http:\/\/127\.0\.0\.1:\d+\/v1\)/],
    ],
    [
      'a connection dropped mid-body',
      reply.dropConnection('mid-body'),
      MODEL,
      { kind: 'transient' },
      [/connection to http:\/\/127\.0\.0\.1:\d+\/v1 broke off before the answer was complete/],
    ],
    [
      'a connection dropped before any answer',
      reply.dropConnection('before-headers'),
      MODEL,
      { kind: 'transient' },
      [/could not be reached/, /Check the API base URL/],
    ],
  ])('%s', async (_case, fault, model, expected, messages) => {
    llm.enqueue(fault);
    const failure = failureOf(await score(STRUCTURED, { model }));
    expect(failure).toMatchObject(expected);
    for (const message of messages) expect(failure.message).toMatch(message);
    // The queue owns retries: the SDK never repeats a call, paid or not.
    expect(llm.completions).toHaveLength(1);
  });

  it('says a base URL without /v1 is wrong, not the model', async () => {
    // The fake answers 404 "Invalid URL (POST /chat/completions)", as OpenAI does.
    const baseUrl = llm.url.replace(/\/v1$/, '');
    const failure = failureOf(await score(STRUCTURED, { baseUrl }));
    expect(failure).toMatchObject({ kind: 'fatal', code: 'unreachable' });
    expect(failure.message).toContain(baseUrl);
    expect(failure.message).toMatch(/Invalid URL \(POST \/chat\/completions\)/);
    expect(failure.message).toMatch(/check the API base URL/i);
  });

  it('gives up on a slow answer once, after the client timeout', async () => {
    llm.enqueue(reply.hang(30_000));
    const outcome = await client({}, 300).scoreBatch({
      criteria: DEFAULT_CRITERIA,
      papers: PAPERS,
      options: STRUCTURED,
    });
    expect(failureOf(outcome)).toEqual({
      kind: 'transient',
      message: `The model did not answer in time (${llm.url}).`,
    });
    expect(llm.completions).toHaveLength(1);
  });

  it('names the base URL when nothing listens there', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const failure = failureOf(await score(STRUCTURED, { baseUrl }));
    expect(failure.kind).toBe('transient');
    expect(failure.message).toContain(`The endpoint ${baseUrl} could not be reached`);
    expect(failure.message).toMatch(/Check the API base URL in Paper Sieve’s Options/);
  });

  it('reports a stopped call as aborted, not as a failure to retry', async () => {
    llm.enqueue(reply.hang(30_000));
    const controller = new AbortController();
    const pending = client().scoreBatch({
      criteria: DEFAULT_CRITERIA,
      papers: PAPERS,
      options: STRUCTURED,
      signal: controller.signal,
    });
    while (llm.completions.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(failureOf(await pending)).toEqual({ kind: 'aborted', message: 'Scoring was stopped.' });
  });
});

describe('the API key and the endpoint', () => {
  it('sends the key only as the bearer token, only to the configured base URL', async () => {
    llm.setHandler(digestReplayHandler(digest));
    const llmClient = client();
    await llmClient.scoreBatch({ criteria: DEFAULT_CRITERIA, papers: PAPERS, options: STRUCTURED });
    await llmClient.listModels();

    expect(llm.requests.map((req) => `${req.method} ${req.path}`)).toEqual([
      'POST /v1/chat/completions',
      'GET /v1/models',
    ]);
    for (const req of llm.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(req.headers.host).toBe(`127.0.0.1:${llm.port}`);
      const elsewhere = Object.entries(req.headers).filter(([name]) => name !== 'authorization');
      expect(JSON.stringify(elsewhere)).not.toContain(KEY);
      expect(req.path).not.toContain(KEY);
      expect(req.rawBody).not.toContain(KEY);
    }
  });

  it('lists the model ids the endpoint offers', async () => {
    expect(await client().listModels()).toEqual([
      'gpt-4.1-mini',
      'gpt-4o-mini',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
    ]);
  });
});

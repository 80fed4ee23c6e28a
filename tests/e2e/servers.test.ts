/**
 * The test servers' own tests: the official OpenAI SDK must take the fake for the real thing,
 * and both Node and Chromium must reach the loopback arXiv under its real host names.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { chromium } from 'playwright-core';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens, reply, startFakeOpenAI } from '../support/fake-openai.ts';
import type { FakeOpenAI } from '../support/fake-openai.ts';
import { arxivReply, startArxivServer } from '../support/arxiv-server.ts';
import type { ArxivServer, PaperRecord } from '../support/arxiv-server.ts';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
const LISTING = resolve(FIXTURES, 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html');
const API_FIXTURE = resolve(
  FIXTURES,
  'arxiv/api/api-query-id_list-0808.05394+1707.08567-2026-04-12.xml',
);

const KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';

function sdk(llm: FakeOpenAI, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) {
  return new OpenAI({ apiKey: KEY, baseURL: llm.url, maxRetries: 0, timeout: 5_000, ...options });
}

const ask = (client: OpenAI, content = 'Rate this paper.') =>
  client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content }] });

describe('fake OpenAI server', () => {
  let llm: FakeOpenAI;
  beforeAll(async () => {
    llm = await startFakeOpenAI({ content: '{"score":7}', expectedKey: KEY });
  });
  afterEach(() => llm.reset());
  afterAll(() => llm.close());

  it('answers a chat completion the SDK parses, usage included', async () => {
    const system = 'You rank arXiv papers.';
    const user = 'Title: Phonons in graphene';
    const completion = await sdk(llm).chat.completions.create({
      model: 'gpt-5-mini',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.model).toBe('gpt-5-mini');
    expect(completion._request_id).toMatch(/^req_[0-9a-f]{32}$/);
    const choice = completion.choices[0];
    expect(choice?.message).toMatchObject({
      role: 'assistant',
      content: '{"score":7}',
      refusal: null,
    });
    expect(choice?.finish_reason).toBe('stop');
    // OpenAI counts the messages as the model reads them: each framed by four tokens
    // (<|im_start|>, role, <|im_sep|>, <|im_end|>), and three more priming the reply.
    const promptTokens = countTokens(system) + countTokens(user) + 2 * 4 + 3;
    expect(completion.usage).toMatchObject({
      prompt_tokens: promptTokens,
      completion_tokens: countTokens('{"score":7}'),
      total_tokens: promptTokens + countTokens('{"score":7}'),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });

    const [recorded] = llm.completions;
    expect(recorded?.chat?.model).toBe('gpt-5-mini');
    expect(recorded?.chat?.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(recorded?.headers.authorization).toBe(`Bearer ${KEY}`);
    // The key travels in the authorization header and nowhere else.
    const elsewhere = Object.entries(recorded?.headers ?? {}).filter(
      ([name, value]) => name !== 'authorization' && String(value).includes(KEY),
    );
    expect(elsewhere).toEqual([]);
    expect(recorded?.rawBody).not.toContain(KEY);
    expect(recorded?.path).not.toContain(KEY);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of sdk(llm).models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-5-mini');
    const model = await sdk(llm).models.retrieve('gpt-5');
    expect(model).toMatchObject({ id: 'gpt-5', object: 'model', owned_by: 'system' });
  });

  it('serves queued replies first, then the handler', async () => {
    llm.setHandler((req) => reply.json({ echo: req.chat?.messages.length }));
    llm.enqueue(reply.json('first', { finishReason: 'length', usage: { reasoningTokens: 64 } }));
    const client = sdk(llm);
    const first = await ask(client);
    expect(first.choices[0]?.finish_reason).toBe('length');
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBe(64);
    expect(first.usage?.completion_tokens).toBe(countTokens('first') + 64);
    expect((await ask(client)).choices[0]?.message.content).toBe('{"echo":1}');
    llm.enqueue(reply.refusal("I'm sorry, I can't help with that."));
    const refused = await ask(client);
    expect(refused.choices[0]?.message).toMatchObject({
      content: null,
      refusal: expect.any(String),
    });
    expect(llm.completions).toHaveLength(3);
  });

  it.each([
    [401, 'invalid_api_key', AuthenticationError, /^401 Incorrect API key provided: sk-\*+6789\./],
    [403, 'permission_denied', PermissionDeniedError, /^403 Country, region, or territory/],
    [404, 'model_not_found', NotFoundError, /^404 The model `gpt-5-mini` does not exist/],
    [400, 'unsupported_parameter', BadRequestError, /^400 Unsupported parameter: 'temperature'/],
    [429, 'insufficient_quota', RateLimitError, /^429 You exceeded your current quota/],
    [500, 'server_error', InternalServerError, /^500 The server had an error/],
    [503, 'overloaded', InternalServerError, /^503 The server is overloaded/],
  ] as const)(
    'a %i %s surfaces as the SDK error class',
    async (status, kind, ErrorClass, message) => {
      llm.enqueue(reply.error(status, kind, { retryAfter: 0 }));
      const error: unknown = await ask(
        sdk(llm, { apiKey: status === 401 ? 'sk-wrong-6789' : KEY }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      const apiError = error as InstanceType<typeof ErrorClass>;
      expect(apiError.status).toBe(status);
      expect(apiError.message).toMatch(message);
      expect(apiError.type).toBeTypeOf('string');
      if (kind === 'unsupported_parameter') expect(apiError.param).toBe('temperature');
    },
  );

  it('rejects a wrong or missing key with 401 on every route', async () => {
    const wrong = await ask(sdk(llm, { apiKey: 'sk-proj-abcdefghijklmnopWXYZ' })).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as AuthenticationError).code).toBe('invalid_api_key');
    expect((wrong as Error).message).toContain('sk-*********************WXYZ');
    expect((wrong as Error).message).not.toContain('abcdefghijklmnop');
    const models = await fetch(`${llm.url}/models`);
    expect(models.status).toBe(401);
    expect(await models.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: null },
    });
  });

  it('sends 429 with retry-after and x-ratelimit headers, which the SDK waits for', async () => {
    llm.enqueue(reply.error(429, 'rate_limit_requests', { retryAfter: 1 }));
    const completion = await ask(sdk(llm, { maxRetries: 1 }));
    expect(completion.choices[0]?.message.content).toBe('{"score":7}');
    const [first, second] = llm.completions;
    expect(llm.completions).toHaveLength(2);
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(second?.headers['x-stainless-retry-count']).toBe('1');

    llm.enqueue(reply.error(429, 'rate_limit_requests', { retryAfter: 2 }));
    const raw = await fetch(`${llm.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('2');
    expect(raw.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(raw.headers.get('x-ratelimit-reset-requests')).toBe('2s');
    expect(await raw.json()).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded', param: null },
    });
  });

  it('enforces requests-per-window and tokens-per-window limits', async () => {
    llm.setLimits({ rpm: 2, rateWindowMs: 1_000 });
    const client = sdk(llm);
    const ok = await client.chat.completions
      .create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'a' }] })
      .withResponse();
    expect(ok.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await ask(client);
    const limited = await ask(client).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('1');
    expect((limited as Error).message).toMatch(/on requests per min \(RPM\): Limit 2, Used 2/);

    llm.setLimits({ tpm: 100, rateWindowMs: 1_000 });
    // 'word ' n times is n + 1 tokens, and the message's framing 7 more.
    await ask(client, 'word '.repeat(42)); // 50 tokens
    const tooMany = await ask(client, 'word '.repeat(52)).catch((e: unknown) => e); // 60 more
    expect((tooMany as RateLimitError).type).toBe('tokens');
    const tooLarge = await ask(client, 'word '.repeat(192)).catch((e: unknown) => e); // 200 > 100
    expect((tooLarge as Error).message).toMatch(/^429 Request too large for gpt-5-mini/);
  });

  it('reports cached tokens for a repeated prefix of at least 1024 tokens', async () => {
    const shared = 'You rank arXiv papers by relevance. '.repeat(130); // 1171 tokens
    const client = sdk(llm);
    const first = await ask(client, `${shared}Paper A`);
    const second = await ask(client, `${shared}Paper B`);
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    // The prompts share <|im_start|>user<|im_sep|> (3 tokens) and the text up to " Paper".
    const expected = Math.floor((3 + countTokens(`${shared}Paper`)) / 128) * 128;
    expect(expected).toBe(1152);
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBe(expected);
    const short = await ask(client, 'Paper C');
    expect(short.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('holds the answer to max_completion_tokens (or max_tokens), reasoning counted first', async () => {
    const answer = 'Graphene phonons match criterion 2 closely; a new measurement method.';
    const client = sdk(llm);
    const create = (limit: Record<string, number>) =>
      client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'Rate this paper.' }],
        ...limit,
      });

    llm.enqueue(reply.json(answer, { usage: { reasoningTokens: 20 } }));
    const roomy = await create({ max_completion_tokens: 20 + countTokens(answer) });
    expect(roomy.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: answer } });

    llm.enqueue(reply.json(answer, { usage: { reasoningTokens: 20 } }));
    const cut = await create({ max_completion_tokens: 25 });
    expect(cut.choices[0]?.finish_reason).toBe('length');
    expect(answer.startsWith(cut.choices[0]?.message.content ?? '-')).toBe(true);
    expect(countTokens(cut.choices[0]?.message.content ?? '')).toBe(5);
    expect(cut.usage).toMatchObject({
      completion_tokens: 25,
      completion_tokens_details: { reasoning_tokens: 20 },
    });

    // Reasoning that uses up the limit leaves an empty answer, as the real API sends it.
    llm.enqueue(reply.json(answer, { usage: { reasoningTokens: 500 } }));
    const starved = await create({ max_tokens: 100 });
    expect(starved.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(starved.usage).toMatchObject({
      completion_tokens: 100,
      completion_tokens_details: { reasoning_tokens: 100 },
    });
  });

  it('refuses the parameters it is told to, on every request', async () => {
    const strict = await startFakeOpenAI({ rejectParams: ['max_completion_tokens'] });
    try {
      const client = sdk(strict, { apiKey: 'sk-any' });
      const messages = [{ role: 'user' as const, content: 'Rate this paper.' }];
      for (let i = 0; i < 2; i++) {
        const refused = await client.chat.completions
          .create({ model: 'gpt-5-mini', messages, max_completion_tokens: 100 })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(BadRequestError);
        expect((refused as BadRequestError).param).toBe('max_completion_tokens');
        expect((refused as Error).message).toMatch(
          /Unsupported parameter: 'max_completion_tokens'/,
        );
      }
      const taken = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages,
        max_tokens: 100,
      });
      expect(taken.choices[0]?.finish_reason).toBe('stop');
    } finally {
      await strict.close();
    }
  });

  it('adds latency, and a hang outlasts the SDK timeout', async () => {
    llm.setLatency(150);
    const started = Date.now();
    await ask(sdk(llm));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    llm.setLatency(0);

    llm.enqueue(reply.hang(5_000));
    const timedOut = await ask(sdk(llm, { timeout: 300 })).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('faults the transport: non-JSON bodies and dropped connections', async () => {
    // A 200 that is not JSON comes back from the SDK as a plain string, not an error.
    llm.enqueue(reply.notJson());
    const html: unknown = await ask(sdk(llm));
    expect(html).toMatch(/^<html>/);
    // Labelled JSON but not JSON: the SDK's response.json() throws a SyntaxError.
    llm.enqueue(reply.notJson({ contentType: 'application/json', body: '{"id": "chatcmpl-' }));
    expect(await ask(sdk(llm)).catch((e: unknown) => e)).toBeInstanceOf(SyntaxError);

    // Cut before the headers: a connection error, retried like one.
    llm.reset();
    llm.enqueue(reply.dropConnection('before-headers'));
    llm.enqueue(reply.dropConnection('before-headers'));
    const refused = await ask(sdk(llm, { maxRetries: 1 })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIConnectionError);
    expect(llm.completions).toHaveLength(2);

    // Cut mid-body: the headers said 200, so the SDK does not retry; reading the body fails.
    llm.reset();
    llm.enqueue(reply.dropConnection('mid-body'));
    const cut = await ask(sdk(llm, { maxRetries: 2 })).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(Error);
    expect(cut).not.toBeInstanceOf(APIError);
    expect(llm.completions).toHaveLength(1);
  });

  it('answers CORS preflights for the SDK headers', async () => {
    const preflight = await fetch(`${llm.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnop',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-stainless-retry-count',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = preflight.headers.get('access-control-allow-headers') ?? '';
    for (const header of [
      'authorization',
      'content-type',
      'x-stainless-retry-count',
      'x-stainless-os',
    ]) {
      expect(allowed).toContain(header);
    }
    const completion = await ask(sdk(llm)).withResponse();
    expect(completion.response.headers.get('access-control-allow-origin')).toBe('*');
    expect(llm.requests.map((r) => r.method)).toEqual(['OPTIONS', 'POST']);
  });

  it('answers bad requests as OpenAI does', async () => {
    const post = (body: string, path = '/chat/completions') =>
      fetch(`${llm.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body,
      });
    const notJson = await post('{model:');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      error: { message: /could not parse the JSON body/ },
    });
    const noMessages = await post('{"model":"gpt-5-mini"}');
    expect(await noMessages.json()).toMatchObject({
      error: { param: 'messages', code: 'missing_required_parameter' },
    });
    const wrongPath = await post('{}', '/completions/chat');
    expect(wrongPath.status).toBe(404);
    expect(await wrongPath.json()).toMatchObject({
      error: { message: 'Invalid URL (POST /v1/completions/chat)' },
    });
  });

  it('closes at once, even with a client still waiting', async () => {
    const other = await startFakeOpenAI();
    other.enqueue(reply.hang(30_000));
    const pending = ask(sdk(other, { apiKey: 'sk-any' })).catch((e: unknown) => e);
    while (other.completions.length === 0) await new Promise((r) => setTimeout(r, 10));
    await other.close();
    expect(await pending).toBeInstanceOf(APIConnectionError);
  });
});

// ---------------------------------------------------------------------------------------------

interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET over TLS to the loopback server as if to `host`, accepting its self-signed certificate. */
function httpsGet(
  port: number,
  host: string,
  path: string,
  timeoutMs = 5_000,
): Promise<HttpsResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: host,
        headers: { host },
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The paper of the saved API answer, as the default handler needs it. */
const AEW10: PaperRecord = {
  title: 'Proceedings of Workshop AEW10: Concepts in Information Theory and Communications',
  abstract:
    'The 10th Asia-Europe workshop in "Concepts in Information Theory and Communications" AEW10 was held in Boppard, Germany on June 21-23, 2017. It is based on a longstanding cooperation between Asian and European scientists. The first workshop was held in Eindhoven, the Netherlands in 1989. The idea of the workshop is threefold: 1) to improve the communication between the scientist in the different parts of the world; 2) to exchange knowledge and ideas; and 3) to pay a tribute to a well respected and special scientist.',
  authors: [],
  categories: ['cs.IT'],
  published: '2017-07-27T08:18:33Z',
  comment: '44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck',
};

describe('loopback arXiv server', () => {
  let arxiv: ArxivServer;
  beforeAll(async () => {
    arxiv = await startArxivServer();
  });
  afterEach(() => arxiv.reset());
  afterAll(() => arxiv.close());

  it('serves a routed listing page on arxiv.org as HTML', async () => {
    arxiv.route('/list/cond-mat.mtrl-sci/new', arxivReply.file(LISTING));
    const page = await httpsGet(arxiv.port, 'arxiv.org', '/list/cond-mat.mtrl-sci/new');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(readFileSync(LISTING, 'utf8'));
    const missing = await httpsGet(arxiv.port, 'arxiv.org', '/list/cond-mat.mtrl-sci/recent');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Not Found');
    const asset = await httpsGet(arxiv.port, 'arxiv.org', '/static/browse/0.3.4/css/arXiv.css');
    expect([asset.status, asset.body]).toEqual([204, '']);
    expect(arxiv.requests.map((r) => [r.host, r.path])).toEqual([
      ['arxiv.org', '/list/cond-mat.mtrl-sci/new'],
      ['arxiv.org', '/list/cond-mat.mtrl-sci/recent'],
      ['arxiv.org', '/static/browse/0.3.4/css/arXiv.css'],
    ]);
  });

  it('synthesises the API feed in the exact 2026 format', async () => {
    const saved = readFileSync(API_FIXTURE, 'utf8');
    const authors = Array.from(saved.matchAll(/<name>(.*)<\/name>/g)).map((m) => m[1] ?? '');
    arxiv.addPapers({ '1707.08567': { ...AEW10, authors } });
    const path = '/api/query?id_list=0808.05394,1707.08567&max_results=100';
    const feed = await httpsGet(arxiv.port, 'export.arxiv.org', path);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=UTF-8');
    // Identical to what arXiv sent, but for the feed's own id and timestamp.
    const volatile = (xml: string) =>
      xml
        .replace(/<id>https:\/\/arxiv\.org\/api\/[^<]{27}<\/id>/, '<id/>')
        .replace(/^ {2}<updated>[^<]+<\/updated>/m, '<updated/>');
    expect(volatile(feed.body)).toBe(volatile(saved));
    expect(feed.body).toMatch(/<id>https:\/\/arxiv\.org\/api\/[A-Za-z0-9+/]{27}<\/id>/);

    const [api] = arxiv.apiRequests;
    expect(api?.host).toBe('export.arxiv.org');
    expect(api?.query.ids).toEqual(['0808.05394', '1707.08567']);
    expect(api?.apiInFlight).toBe(0);
  });

  it('lets the test answer the API with a file, a 503 or a hang', async () => {
    const path = '/api/query?id_list=0808.05394,1707.08567';
    arxiv.setApiHandler(() => arxivReply.file(API_FIXTURE));
    const fromFile = await httpsGet(arxiv.port, 'export.arxiv.org', path);
    expect(fromFile.body).toBe(readFileSync(API_FIXTURE, 'utf8'));
    arxiv.setApiHandler(() => arxivReply.unavailable(3));
    const down = await httpsGet(arxiv.port, 'export.arxiv.org', path);
    expect([down.status, down.headers['retry-after']]).toEqual([503, '3']);
    arxiv.setApiHandler(() => arxivReply.hang());
    await expect(httpsGet(arxiv.port, 'export.arxiv.org', path, 200)).rejects.toThrow(/timed out/);
    // The default: only ids the server knows, at most max_results (10 unless asked).
    arxiv.reset();
    const ids = Array.from({ length: 12 }, (_, i) => `2609.${String(22000 + i)}`);
    arxiv.addPapers(
      Object.fromEntries(ids.map((id) => [id, { ...AEW10, authors: ['A. Author'] }])),
    );
    const feed = await httpsGet(
      arxiv.port,
      'export.arxiv.org',
      `/api/query?id_list=${ids.join(',')}v2`,
    );
    expect(feed.body.match(/<entry>/g)).toHaveLength(10);
    expect(feed.body).toContain('<opensearch:totalResults>12</opensearch:totalResults>');
  });

  it('is reached by Chromium through the host resolver rules, and the fake LLM through CORS', async () => {
    arxiv.route('/list/cond-mat.mtrl-sci/new', arxivReply.file(LISTING));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--ignore-certificate-errors',
        `--host-resolver-rules=${arxiv.hostResolverRules}`,
      ],
    });
    try {
      const page = await browser.newPage();
      const response = await page.goto('https://arxiv.org/list/cond-mat.mtrl-sci/new');
      expect(response?.status()).toBe(200);
      expect(await page.locator('dt').count()).toBe(101);
      expect(arxiv.requests.some((r) => r.path.startsWith('/static/'))).toBe(true);

      // From that page, a cross-origin call to the fake LLM passes CORS, preflight and all, and
      // the back-off headers are readable.
      const llm = await startFakeOpenAI({ content: 'from the browser' });
      try {
        llm.enqueue(reply.error(429, 'rate_limit_requests', { retryAfter: 1 }));
        const seen = await page.evaluate(async (url) => {
          const call = () =>
            fetch(`${url}/chat/completions`, {
              method: 'POST',
              headers: {
                authorization: 'Bearer sk-browser',
                'content-type': 'application/json',
                'x-stainless-retry-count': '0',
              },
              body: JSON.stringify({
                model: 'gpt-5-mini',
                messages: [{ role: 'user', content: 'hi' }],
              }),
            });
          const limited = await call();
          const ok = await call();
          const body = (await ok.json()) as { choices: { message: { content: string } }[] };
          return {
            retryAfter: limited.headers.get('retry-after'),
            remaining: limited.headers.get('x-ratelimit-remaining-requests'),
            content: body.choices[0]?.message.content,
          };
        }, llm.url);
        expect(seen).toEqual({ retryAfter: '1', remaining: '0', content: 'from the browser' });
        expect(llm.requests[0]?.method).toBe('OPTIONS');
        expect(llm.requests[0]?.headers.origin).toBe('https://arxiv.org');
        expect(llm.completions).toHaveLength(2);
      } finally {
        await llm.close();
      }
    } finally {
      await browser.close();
    }
  });
});

/**
 * A loopback stand-in for an OpenAI-compatible endpoint, speaking the real wire format (bodies,
 * error envelopes, rate-limit headers, CORS) so the extension's client code runs unchanged
 * against it. Tests program the replies and assert on the recorded requests.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  cachedTokensFor,
  contentText,
  countPromptTokens,
  countTokens,
  firstTokens,
  promptTokenIds,
} from './tokens.ts';

// ---------------------------------------------------------------------------------------------
// Types

export interface ChatMessage {
  role: string;
  /** A string, an array of content parts (`{type:'text', text}`…), or null (assistant turns). */
  content?: unknown;
  [key: string]: unknown;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; undefined when there was no body or it was not JSON. */
  body: unknown;
  rawBody: string;
  /** The body as a chat request when it has a string `model` and a `messages` array. */
  chat: ChatRequest | undefined;
  /** `Date.now()` when the request had fully arrived. */
  time: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export interface UsageOverride {
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

interface ReplyHeaders {
  /** Extra response headers, added after (and so overriding) the usual ones. */
  headers?: Record<string, string>;
}

export interface CompletionReply extends ReplyHeaders {
  kind: 'completion';
  /** `message.content`; null together with a `refusal`. */
  content: string | null;
  refusal?: string | null;
  finishReason?: FinishReason;
  /** The `model` field of the answer; the requested model otherwise. */
  model?: string;
  usage?: UsageOverride;
}

export type ErrorKind =
  | 'no_api_key'
  | 'invalid_api_key'
  | 'permission_denied'
  | 'model_not_found'
  | 'unsupported_parameter'
  | 'missing_parameter'
  | 'invalid_json'
  | 'rate_limit_requests'
  | 'rate_limit_tokens'
  | 'insufficient_quota'
  | 'server_error'
  | 'overloaded';

export interface ErrorOptions extends ReplyHeaders {
  /** Overrides the message OpenAI would write. */
  message?: string;
  /** For `unsupported_parameter`: which parameter (default `temperature`). */
  param?: string;
  /** For `model_not_found`/rate limits: the model named in the message (default: the requested one). */
  model?: string;
  /** For 429s: the `retry-after` header in seconds (default 1). */
  retryAfter?: number;
}

export interface ErrorReply {
  kind: 'error';
  status: number;
  errorKind: ErrorKind;
  options: ErrorOptions;
}

export interface RawReply extends ReplyHeaders {
  kind: 'raw';
  status: number;
  contentType: string;
  body: string;
}

export interface HangReply {
  kind: 'hang';
  /** How long to keep the client waiting before answering with `then`. */
  ms: number;
  /** What to send after the wait (default: the usual completion). */
  then?: FakeReply;
}

export interface DropReply {
  kind: 'drop';
  /** `before-headers`: reset with no answer at all; `mid-body`: 200 headers, half a body, reset. */
  stage: 'before-headers' | 'mid-body';
}

export type FakeReply = CompletionReply | ErrorReply | RawReply | HangReply | DropReply;

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAIOptions {
  /** The content of the default handler's completions. */
  content?: string;
  /** Ids listed by `GET /v1/models`. */
  models?: string[];
  /** The default handler answers 404 model_not_found for a model not in `models`. */
  rejectUnknownModels?: boolean;
  /** When set, any other bearer token (or none) gets OpenAI's 401. */
  expectedKey?: string;
  /** Added before every answer, in ms (a function may vary it per request). */
  latencyMs?: number | ((req: RecordedRequest) => number);
  /** Requests per window (a minute by default) before 429s; unlimited when absent. */
  rpm?: number;
  /** Tokens per window (prompt + requested completion tokens) before 429s. */
  tpm?: number;
  /** The rate-limit window, 60 000 ms like OpenAI's; shorter keeps tests fast. */
  rateWindowMs?: number;
  /** `prefix`: cached_tokens as OpenAI's prompt cache would report them; `off`: always 0. */
  caching?: 'prefix' | 'off';
  /**
   * Request parameters refused with OpenAI's 400 `unsupported_parameter` on every request that
   * sends them, as older Azure API versions refuse `max_completion_tokens`.
   */
  rejectParams?: string[];
}

export interface EnqueueOptions {
  /** Which path the reply is for (default `/v1/chat/completions`). */
  path?: string;
}

export interface FakeOpenAI {
  /** Base URL for clients, `http://127.0.0.1:PORT/v1`. */
  url: string;
  port: number;
  /** Every request, preflights included, in arrival order. */
  requests: RecordedRequest[];
  /** Only the `POST /v1/chat/completions` requests. */
  readonly completions: RecordedRequest[];
  setHandler(handler: FakeHandler): void;
  /** One-shot replies, consumed in order before the handler is asked. */
  enqueue(reply: FakeReply, options?: EnqueueOptions): void;
  setLatency(latency: FakeOpenAIOptions['latencyMs']): void;
  setLimits(limits: Pick<FakeOpenAIOptions, 'rpm' | 'tpm' | 'rateWindowMs'>): void;
  /** Replaces the `rejectParams` option until the next reset. */
  setRejectedParams(params: string[]): void;
  /** Forgets requests, queue, cache and rate windows; restores the start options and handler. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Token accounting: o200k_base, as OpenAI counts for gpt-4o, gpt-5 and the o-series

export {
  cachedTokensFor,
  commonPrefixLength,
  countPromptTokens,
  countTokens,
  promptTokenIds,
} from './tokens.ts';

/** The text the prompt is made of: every message's text content, one per line. */
export function promptText(chat: ChatRequest): string {
  return chat.messages.map((m) => contentText(m.content)).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reply helpers

export const reply = {
  /** A completion whose message content is `content` (objects are JSON-encoded). */
  json(
    content: string | object,
    options: Omit<CompletionReply, 'kind' | 'content'> = {},
  ): CompletionReply {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    return { kind: 'completion', content: text, ...options };
  },
  /** A model refusal: content null, the refusal text set, as structured outputs send it. */
  refusal(text: string): CompletionReply {
    return { kind: 'completion', content: null, refusal: text };
  },
  /** OpenAI's error envelope; `kind` defaults to the usual one for `status`. */
  error(status: number, kind?: ErrorKind, options: ErrorOptions = {}): ErrorReply {
    return { kind: 'error', status, errorKind: kind ?? defaultErrorKind(status), options };
  },
  /** A body that is not JSON: by default a proxy's HTML page with status 200. */
  notJson(options: Partial<Omit<RawReply, 'kind'>> = {}): RawReply {
    return {
      kind: 'raw',
      status: options.status ?? 200,
      contentType: options.contentType ?? 'text/html; charset=utf-8',
      body: options.body ?? '<html><body><h1>Service temporarily unavailable</h1></body></html>',
      headers: options.headers,
    };
  },
  /** Waits `ms` (longer than the client's timeout, typically) before answering with `then`. */
  hang(ms: number, then?: FakeReply): HangReply {
    return { kind: 'hang', ms, then };
  },
  /** Destroys the socket: mid-response by default, or before any byte of the answer. */
  dropConnection(stage: DropReply['stage'] = 'mid-body'): DropReply {
    return { kind: 'drop', stage };
  },
};

function defaultErrorKind(status: number): ErrorKind {
  const byStatus: Record<number, ErrorKind> = {
    400: 'unsupported_parameter',
    401: 'invalid_api_key',
    403: 'permission_denied',
    404: 'model_not_found',
    429: 'rate_limit_requests',
    503: 'overloaded',
  };
  return byStatus[status] ?? 'server_error';
}

// ---------------------------------------------------------------------------------------------
// Error bodies, worded as OpenAI words them

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

interface ErrorContext {
  model: string;
  presentedKey: string | undefined;
  retryAfter: number;
  rateLimit?: { limit: number; used: number; requested: number };
}

const NO_CONTEXT: ErrorContext = { model: '', presentedKey: undefined, retryAfter: 0 };

function errorBody(kind: ErrorKind, options: ErrorOptions, ctx: ErrorContext): OpenAIErrorBody {
  const e = errorFields(kind, options, ctx);
  return { error: { ...e, message: options.message ?? e.message } };
}

function errorFields(
  kind: ErrorKind,
  options: ErrorOptions,
  ctx: ErrorContext,
): OpenAIErrorBody['error'] {
  const model = options.model ?? ctx.model;
  const rl = ctx.rateLimit ?? { limit: 3, used: 3, requested: 1 };
  const fields = (message: string, type: string, param: string | null, code: string | null) => ({
    message,
    type,
    param,
    code,
  });
  switch (kind) {
    case 'no_api_key':
      return fields(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
        'invalid_request_error',
        null,
        null,
      );
    case 'invalid_api_key':
      return fields(
        `Incorrect API key provided: ${maskKey(ctx.presentedKey ?? 'sk-invalid')}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        'invalid_request_error',
        null,
        'invalid_api_key',
      );
    case 'permission_denied':
      return fields(
        'Country, region, or territory not supported',
        'request_forbidden',
        null,
        'unsupported_country_region_territory',
      );
    case 'model_not_found':
      return fields(
        `The model \`${model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        null,
        'model_not_found',
      );
    case 'unsupported_parameter': {
      const param = options.param ?? 'temperature';
      return fields(
        `Unsupported parameter: '${param}' is not supported with this model.`,
        'invalid_request_error',
        param,
        'unsupported_parameter',
      );
    }
    case 'missing_parameter': {
      const param = options.param ?? 'messages';
      return fields(
        `Missing required parameter: '${param}'.`,
        'invalid_request_error',
        param,
        'missing_required_parameter',
      );
    }
    case 'invalid_json':
      return fields(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        'invalid_request_error',
        null,
        null,
      );
    case 'rate_limit_requests':
      return fields(
        `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit ${rl.limit}, Used ${rl.used}, Requested ${rl.requested}. Please try again in ${ctx.retryAfter}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'requests',
        null,
        'rate_limit_exceeded',
      );
    case 'rate_limit_tokens':
      return fields(
        `Rate limit reached for ${model} in organization org-fake on tokens per min (TPM): Limit ${rl.limit}, Used ${rl.used}, Requested ${rl.requested}. Please try again in ${ctx.retryAfter}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'tokens',
        null,
        'rate_limit_exceeded',
      );
    case 'insufficient_quota':
      return fields(
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        'insufficient_quota',
        null,
        'insufficient_quota',
      );
    case 'server_error':
      return fields(
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
        null,
      );
    case 'overloaded':
      return fields('The server is overloaded or not ready yet.', 'server_error', null, null);
  }
}

/** OpenAI echoes only the start and the last four characters of a wrong key. */
function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 3)}***`;
  return `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// CORS: the extension calls from a service worker (and the SDK adds its own headers)

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'user-agent',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'idempotency-key',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
  'x-stainless-helper-method',
  'x-stainless-poll-helper',
  'x-stainless-custom-poll-interval',
].join(', ');

// Without these a cross-origin caller cannot read the back-off hints.
const EXPOSED_HEADERS = [
  'retry-after',
  'x-request-id',
  'openai-processing-ms',
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
].join(', ');

function corsHeaders(): Record<string, string> {
  return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
}

function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    ...corsHeaders(),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  };
  // Chromium's local-network-access checks ask before a public page may reach loopback.
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Models

const DEFAULT_MODELS = ['gpt-5-mini', 'gpt-5', 'gpt-5-nano', 'gpt-4.1-mini', 'gpt-4o-mini'];
// A fixed creation time keeps the listing stable between runs.
const MODEL_CREATED = 1_754_425_777;

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

// ---------------------------------------------------------------------------------------------
// Rate limits: a sliding window of accepted requests

interface WindowEntry {
  time: number;
  tokens: number;
}

interface Limits {
  rpm: number | undefined;
  tpm: number | undefined;
  windowMs: number;
}

type LimitVerdict =
  | { ok: true }
  | {
      ok: false;
      kind: 'rate_limit_requests' | 'rate_limit_tokens';
      retryMs: number | null;
      limit: number;
      used: number;
      requested: number;
    };

function checkLimits(
  limits: Limits,
  window: WindowEntry[],
  requested: number,
  now: number,
): LimitVerdict {
  prune(window, now - limits.windowMs);
  if (limits.rpm !== undefined && window.length >= limits.rpm) {
    const oldest = window[window.length - limits.rpm];
    const retryMs = oldest ? oldest.time + limits.windowMs - now : limits.windowMs;
    return {
      ok: false,
      kind: 'rate_limit_requests',
      retryMs,
      limit: limits.rpm,
      used: window.length,
      requested: 1,
    };
  }
  if (limits.tpm === undefined) return { ok: true };
  const used = window.reduce((sum, e) => sum + e.tokens, 0);
  if (used + requested <= limits.tpm) return { ok: true };
  // A request bigger than the whole budget can never pass: OpenAI says so without a wait.
  const retryMs =
    requested > limits.tpm ? null : tokenWaitMs(limits, window, used + requested, now);
  return { ok: false, kind: 'rate_limit_tokens', retryMs, limit: limits.tpm, used, requested };
}

/** How long until enough of the window's tokens expire for `needed` to fit under the limit. */
function tokenWaitMs(limits: Limits, window: WindowEntry[], needed: number, now: number): number {
  let freed = 0;
  for (const entry of window) {
    freed += entry.tokens;
    if (needed - freed <= (limits.tpm ?? 0)) return entry.time + limits.windowMs - now;
  }
  return limits.windowMs;
}

function prune(window: WindowEntry[], before: number): void {
  while (window.length > 0 && (window[0]?.time ?? 0) <= before) window.shift();
}

/** OpenAI's reset format: `20ms`, `1.5s`, `6m0s`. */
function formatReset(ms: number): string {
  const clamped = Math.max(0, Math.round(ms));
  if (clamped < 1000) return `${clamped}ms`;
  const minutes = Math.floor(clamped / 60_000);
  const seconds = Number(((clamped % 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

function rateLimitHeaders(
  limits: Limits,
  window: WindowEntry[],
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const newest = window[window.length - 1];
  const reset = formatReset(newest ? newest.time + limits.windowMs - now : 0);
  if (limits.rpm !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(limits.rpm);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, limits.rpm - window.length));
    headers['x-ratelimit-reset-requests'] = reset;
  }
  if (limits.tpm !== undefined) {
    const used = window.reduce((sum, e) => sum + e.tokens, 0);
    headers['x-ratelimit-limit-tokens'] = String(limits.tpm);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, limits.tpm - used));
    headers['x-ratelimit-reset-tokens'] = reset;
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Small utilities

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asChatRequest(body: unknown): ChatRequest | undefined {
  if (!isRecord(body) || typeof body['model'] !== 'string' || !Array.isArray(body['messages'])) {
    return undefined;
  }
  const messages = body['messages'].filter(
    (m: unknown): m is ChatMessage => isRecord(m) && typeof m['role'] === 'string',
  );
  return { ...body, model: body['model'], messages };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

/** The request body, or undefined when the client went away before sending all of it. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // 'close' without 'end' (or an 'error') means an aborted upload: nothing to answer.
    req.on('close', () =>
      resolve(req.complete ? Buffer.concat(chunks).toString('utf8') : undefined),
    );
    req.on('error', () => resolve(undefined));
  });
}

/** True once the client has hung up, so a late answer must not be written. */
function gone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed;
}

// ---------------------------------------------------------------------------------------------
// The server

const CHAT_PATH = '/v1/chat/completions';

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? DEFAULT_MODELS;
  const defaultHandler: FakeHandler = (req) => {
    const model = req.chat?.model ?? '';
    if (options.rejectUnknownModels && !models.includes(model)) {
      return reply.error(404, 'model_not_found');
    }
    return reply.json(options.content ?? '{}');
  };

  let handler = defaultHandler;
  let latency = options.latencyMs;
  let rejectParams = options.rejectParams ?? [];
  let queue: { path: string; reply: FakeReply }[] = [];
  let cachePrompts: number[][] = [];
  let window: WindowEntry[] = [];
  const limits: Limits = {
    rpm: options.rpm,
    tpm: options.tpm,
    windowMs: options.rateWindowMs ?? 60_000,
  };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  const fingerprint = `fp_${randomBytes(5).toString('hex')}`;
  let closed = false;

  /** A timer that close() cuts short, so no answer outlives the server. */
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || closed) return resolve();
      const sleeper = {
        timer: setTimeout(() => sleeper.wake(), ms),
        wake: () => {
          clearTimeout(sleeper.timer);
          sleepers.delete(sleeper);
          resolve();
        },
      };
      sleepers.add(sleeper);
    });

  const takeQueued = (path: string): FakeReply | undefined => {
    const index = queue.findIndex((q) => q.path === path);
    if (index < 0) return undefined;
    return queue.splice(index, 1)[0]?.reply;
  };

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): void => {
    if (gone(res)) return;
    res.writeHead(status, {
      'x-request-id': `req_${randomBytes(16).toString('hex')}`,
      ...corsHeaders(),
      ...headers,
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    send(res, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
  };

  const sendError = (
    res: ServerResponse,
    req: RecordedRequest,
    r: ErrorReply,
    rateLimit?: ErrorContext['rateLimit'],
  ): void => {
    const retryAfter = r.options.retryAfter ?? 1;
    const ctx = {
      model: req.chat?.model ?? '',
      presentedKey: bearerToken(req.headers),
      retryAfter,
      rateLimit,
    };
    const headers: Record<string, string> = {};
    if (r.status === 429 && r.errorKind !== 'insufficient_quota') {
      Object.assign(headers, rateLimitHeadersFor429(r.errorKind, retryAfter, rateLimit));
      headers['retry-after'] = String(retryAfter);
    }
    sendJson(res, r.status, errorBody(r.errorKind, r.options, ctx), {
      ...headers,
      ...r.options.headers,
    });
  };

  const completionBody = (req: RecordedRequest, r: CompletionReply) => {
    const prompt = req.chat ? promptTokenIds(req.chat) : [];
    const promptTokens = r.usage?.promptTokens ?? prompt.length;
    const cached =
      r.usage?.cachedTokens ??
      (options.caching === 'off' ? 0 : cachedTokensFor(prompt, cachePrompts));
    cachePrompts = [...cachePrompts.slice(-63), prompt];
    const answer = withinLimit(r, outputLimit(req.body));
    return {
      id: `chatcmpl-${randomId(29)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: r.model ?? req.chat?.model ?? 'gpt-5-mini',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: answer.content,
            refusal: r.refusal ?? null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: answer.finishReason,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: answer.completionTokens,
        total_tokens: promptTokens + answer.completionTokens,
        prompt_tokens_details: { cached_tokens: Math.min(cached, promptTokens), audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: answer.reasoningTokens,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
  };

  const dropConnection = (res: ServerResponse, stage: DropReply['stage']): void => {
    if (gone(res)) return;
    if (stage === 'mid-body') {
      const whole = JSON.stringify({
        id: 'chatcmpl-dropped',
        object: 'chat.completion',
        choices: [],
      });
      res.writeHead(200, {
        ...corsHeaders(),
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(whole)),
      });
      // Flush the first half so the client has started reading when the socket dies.
      res.write(whole.slice(0, Math.floor(whole.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.socket?.destroy();
  };

  const deliver = async (
    res: ServerResponse,
    req: RecordedRequest,
    r: FakeReply,
    headers: Record<string, string> = {},
  ): Promise<void> => {
    switch (r.kind) {
      case 'completion':
        return sendJson(res, 200, completionBody(req, r), { ...headers, ...r.headers });
      case 'error':
        return sendError(res, req, r);
      case 'raw':
        return send(res, r.status, { 'content-type': r.contentType, ...r.headers }, r.body);
      case 'hang':
        await sleep(r.ms);
        if (closed || gone(res)) return;
        return deliver(res, req, r.then ?? (await handler(req)), headers);
      case 'drop':
        return dropConnection(res, r.stage);
    }
  };

  const answerChat = async (res: ServerResponse, req: RecordedRequest): Promise<void> => {
    if (req.body === undefined) return sendError(res, req, reply.error(400, 'invalid_json'));
    const chat = req.chat;
    if (chat === undefined) {
      const param =
        isRecord(req.body) && typeof req.body['model'] === 'string' ? 'messages' : 'model';
      return sendError(res, req, reply.error(400, 'missing_parameter', { param }));
    }
    const refused = rejectParams.find((param) => isRecord(req.body) && param in req.body);
    if (refused !== undefined) {
      return sendError(res, req, reply.error(400, 'unsupported_parameter', { param: refused }));
    }
    let headers: Record<string, string> = {};
    if (limits.rpm !== undefined || limits.tpm !== undefined) {
      // Checked before the queue so a refused request does not use up a programmed reply.
      const requested = requestedTokens(req);
      const now = Date.now();
      const verdict = checkLimits(limits, window, requested, now);
      if (!verdict.ok) {
        const retryAfter =
          verdict.retryMs === null ? 0 : Math.max(1, Math.ceil(verdict.retryMs / 1000));
        const r = reply.error(429, verdict.kind, { retryAfter, model: chat.model });
        if (verdict.retryMs === null) r.options.message = tooLargeMessage(chat.model, verdict);
        return sendError(res, req, r, verdict);
      }
      window.push({ time: now, tokens: requested });
      headers = rateLimitHeaders(limits, window, now);
    }
    return deliver(res, req, takeQueued(CHAT_PATH) ?? (await handler(req)), headers);
  };

  const answerModels = (res: ServerResponse, req: RecordedRequest): Promise<void> | void => {
    const queued = takeQueued(req.path);
    if (queued) return deliver(res, req, queued);
    const id = req.path.startsWith('/v1/models/')
      ? decodeURIComponent(req.path.slice(11))
      : undefined;
    if (id === undefined) {
      return sendJson(res, 200, { object: 'list', data: models.map(modelObject) });
    }
    if (models.includes(id)) return sendJson(res, 200, modelObject(id));
    return sendError(res, req, reply.error(404, 'model_not_found', { model: id }));
  };

  const route = async (res: ServerResponse, req: RecordedRequest): Promise<void> => {
    const delay = typeof latency === 'function' ? latency(req) : (latency ?? 0);
    await sleep(delay);
    if (closed) return;
    if (options.expectedKey !== undefined) {
      const presented = bearerToken(req.headers);
      if (presented === undefined) return sendError(res, req, reply.error(401, 'no_api_key'));
      if (presented !== options.expectedKey) {
        return sendError(res, req, reply.error(401, 'invalid_api_key'));
      }
    }
    const pathname = req.path.split('?')[0] ?? '';
    if (req.method === 'POST' && pathname === CHAT_PATH) return answerChat(res, req);
    if (req.method === 'GET' && (pathname === '/v1/models' || pathname.startsWith('/v1/models/'))) {
      return answerModels(res, { ...req, path: pathname });
    }
    const message = `Invalid URL (${req.method} ${pathname})`;
    sendJson(res, 404, {
      error: { message, type: 'invalid_request_error', param: null, code: null },
    });
  };

  const server = createServer((incoming, res) => {
    void (async () => {
      const rawBody = await readBody(incoming);
      if (rawBody === undefined) return;
      const body = parseJson(rawBody);
      const req: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body,
        rawBody,
        chat: asChatRequest(body),
        time: Date.now(),
      };
      requests.push(req);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, preflightHeaders(incoming));
        res.end();
        return;
      }
      await route(res, req);
    })().catch((error: unknown) => {
      // A handler that throws is a test bug: make it loud in the response and the log.
      console.error('fake-openai handler failed:', error);
      if (!res.headersSent) sendJson(res, 500, errorBody('server_error', {}, NO_CONTEXT));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get completions() {
      return requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === CHAT_PATH);
    },
    setHandler(fn) {
      handler = fn;
    },
    enqueue(r, enqueueOptions = {}) {
      queue.push({ path: enqueueOptions.path ?? CHAT_PATH, reply: r });
    },
    setLatency(l) {
      latency = l;
    },
    setRejectedParams(params) {
      rejectParams = params;
    },
    setLimits(l) {
      limits.rpm = l.rpm;
      limits.tpm = l.tpm;
      limits.windowMs = l.rateWindowMs ?? limits.windowMs;
      window = [];
    },
    reset() {
      requests.length = 0;
      queue = [];
      cachePrompts = [];
      window = [];
      handler = defaultHandler;
      latency = options.latencyMs;
      rejectParams = options.rejectParams ?? [];
      limits.rpm = options.rpm;
      limits.tpm = options.tpm;
      limits.windowMs = options.rateWindowMs ?? 60_000;
    },
    async close() {
      closed = true;
      Array.from(sleepers).forEach((sleeper) => sleeper.wake());
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await done;
    },
  };
}

/** What a request counts against the token budget: its prompt plus the completion it allows. */
function requestedTokens(req: RecordedRequest): number {
  const prompt = req.chat ? countPromptTokens(req.chat) : 0;
  return prompt + (outputLimit(req.body) ?? 0);
}

/** The completion limit a request sets: `max_completion_tokens`, or the older `max_tokens`. */
function outputLimit(body: unknown): number | undefined {
  if (!isRecord(body)) return undefined;
  const limit = body['max_completion_tokens'] ?? body['max_tokens'];
  return typeof limit === 'number' ? limit : undefined;
}

interface LimitedAnswer {
  content: string | null;
  finishReason: FinishReason;
  completionTokens: number;
  reasoningTokens: number;
}

/**
 * The answer as a model held to `limit` completion tokens sends it. Reasoning comes first and
 * counts inside the limit, so reasoning that uses it all up leaves an empty answer; either way
 * the cut answer ends with finish_reason `length`. A usage override is sent as programmed.
 */
function withinLimit(r: CompletionReply, limit: number | undefined): LimitedAnswer {
  const reasoning = r.usage?.reasoningTokens ?? 0;
  const answerTokens = countTokens(r.content ?? r.refusal ?? '');
  const asProgrammed: LimitedAnswer = {
    content: r.content,
    finishReason: r.finishReason ?? 'stop',
    completionTokens: r.usage?.completionTokens ?? answerTokens + reasoning,
    reasoningTokens: reasoning,
  };
  if (limit === undefined || r.usage?.completionTokens !== undefined) return asProgrammed;
  if (reasoning + answerTokens <= limit) return asProgrammed;
  const reasoningTokens = Math.min(reasoning, limit);
  const room = limit - reasoningTokens;
  return {
    content: r.content === null ? null : firstTokens(r.content, room),
    finishReason: 'length',
    completionTokens: limit,
    reasoningTokens,
  };
}

function tooLargeMessage(model: string, verdict: { limit: number; requested: number }): string {
  return `Request too large for ${model} in organization org-fake on tokens per min (TPM): Limit ${verdict.limit}, Requested ${verdict.requested}. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.`;
}

/** The x-ratelimit-* headers of a 429, showing the exhausted budget. */
function rateLimitHeadersFor429(
  kind: ErrorKind,
  retryAfter: number,
  rateLimit: ErrorContext['rateLimit'],
): Record<string, string> {
  const limit = String(rateLimit?.limit ?? 3);
  const reset = formatReset(retryAfter * 1000);
  if (kind === 'rate_limit_tokens') {
    return {
      'x-ratelimit-limit-tokens': limit,
      'x-ratelimit-remaining-tokens': String(
        Math.max(0, (rateLimit?.limit ?? 0) - (rateLimit?.used ?? 0)),
      ),
      'x-ratelimit-reset-tokens': reset,
    };
  }
  return {
    'x-ratelimit-limit-requests': limit,
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': reset,
  };
}

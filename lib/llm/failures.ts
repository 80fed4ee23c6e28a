import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** Why a call brought no scores, and what the queue should do about it. */
export type LlmFailure =
  /** Retrying cannot help until the user changes something (key, model, credit, endpoint). */
  | { kind: 'fatal'; code: FatalCode; message: string }
  /** The endpoint asked us to slow down; `retryAfterMs` when it said for how long. */
  | { kind: 'rate-limited'; message: string; retryAfterMs: number | null }
  /** Worth a bounded retry with backoff: 5xx, timeouts, dropped connections, garbage bodies. */
  | { kind: 'transient'; message: string }
  /** A 400 naming a parameter this endpoint+model does not take: drop it and ask again. */
  | { kind: 'rejected-parameter'; param: string; message: string }
  | { kind: 'aborted'; message: string };

export type FatalCode =
  'auth' | 'forbidden' | 'unknown-model' | 'no-credit' | 'bad-request' | 'unreachable';

const OPTIONS = 'in Paper Sieve’s Options';

/** Classifies whatever the SDK threw into a failure the user can read and the queue can act on. */
export function classifyFailure(
  error: unknown,
  { baseUrl, model }: { baseUrl: string; model: string },
): LlmFailure {
  if (error instanceof APIUserAbortError)
    return { kind: 'aborted', message: 'Scoring was stopped.' };
  if (error instanceof APIConnectionTimeoutError) {
    return { kind: 'transient', message: `The model did not answer in time (${baseUrl}).` };
  }
  if (error instanceof APIConnectionError) {
    return {
      kind: 'transient',
      message:
        `The endpoint ${baseUrl} could not be reached. Check the API base URL ${OPTIONS}; a local ` +
        'server (Ollama, LM Studio) must be running and allow this extension’s origin ' +
        '(Ollama: OLLAMA_ORIGINS=chrome-extension://*).',
    };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return classifyStatus(error, error.status, { baseUrl, model });
  }
  // A 200 whose body was not JSON makes the SDK throw a bare SyntaxError.
  if (error instanceof SyntaxError) {
    return {
      kind: 'transient',
      message: `The endpoint answered something that is not JSON (${baseUrl}) — if this persists, check the API base URL ${OPTIONS}.`,
    };
  }
  // fetch reports a body cut short as a TypeError ("terminated" in Node, "network error" in
  // Chromium), after the 200 headers, so the SDK passes it on unwrapped.
  if (error instanceof TypeError) {
    return {
      kind: 'transient',
      message: `The connection to ${baseUrl} broke off before the answer was complete (${error.message}).`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', message: `The call failed: ${detail}` };
}

function classifyStatus(
  error: APIError,
  status: number,
  { baseUrl, model }: { baseUrl: string; model: string },
): LlmFailure {
  const said = apiMessage(error);
  const code = typeof error.code === 'string' ? error.code : null;
  switch (true) {
    case status === 401:
      return {
        kind: 'fatal',
        code: 'auth',
        message: `Your API key was rejected (401) — check it ${OPTIONS}.`,
      };
    case status === 403:
      return {
        kind: 'fatal',
        code: 'forbidden',
        message: `The endpoint refused this key (403: ${said}) — check the key’s project, organisation or region ${OPTIONS}.`,
      };
    // A 404 that does not mention a model is a path the server does not have: the base URL.
    case status === 404 && code !== 'model_not_found' && !/\bmodel\b/i.test(said):
      return {
        kind: 'fatal',
        code: 'unreachable',
        message: `The endpoint ${baseUrl} has no chat completions API (404: ${said}) — check the API base URL ${OPTIONS}; it usually ends in /v1.`,
      };
    case status === 404 || code === 'model_not_found':
      return {
        kind: 'fatal',
        code: 'unknown-model',
        message: `The model “${model}” is not available at ${baseUrl} (404) — choose another model ${OPTIONS}.`,
      };
    // OpenAI says 429 insufficient_quota; OpenRouter and others say 402 Payment Required.
    case (status === 429 && code === 'insufficient_quota') || status === 402:
      return {
        kind: 'fatal',
        code: 'no-credit',
        message: `Your account has run out of credit (${status}${code ? ` ${code}` : ''}) — add credit with your provider, or use another key ${OPTIONS}.`,
      };
    case status === 429:
      return {
        kind: 'rate-limited',
        message: `The endpoint is rate-limiting requests (429); scoring continues when it allows.`,
        retryAfterMs: retryAfterMs(error.headers),
      };
    case status === 400 && typeof error.param === 'string' && error.param !== '':
      return { kind: 'rejected-parameter', param: error.param, message: said };
    case status === 400 || status === 422:
      return (
        rejectedParameterFromText(said) ?? {
          kind: 'fatal',
          code: 'bad-request',
          message: `The endpoint refused the request (${status}: ${said}).`,
        }
      );
    case status === 408 || status === 409 || status >= 500:
      return { kind: 'transient', message: `The endpoint failed (${status}: ${said}).` };
    default:
      return {
        kind: 'fatal',
        code: 'bad-request',
        message: `The endpoint answered ${status}: ${said}`,
      };
  }
}

// Servers that do not fill `param` still name the parameter in their message (Azure's older API
// versions: "Unrecognized request argument supplied: max_completion_tokens").
const KNOWN_PARAMETERS = [
  'response_format',
  'reasoning_effort',
  'temperature',
  'max_completion_tokens',
  'max_tokens',
];

// OpenAI words some effort refusals without naming the parameter ("Unsupported value: 'minimal'
// is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', …"), and
// proxies blank `param`: the refused value is the only clue.
const REFUSED_EFFORT_VALUE = /unsupported value: '(?:none|minimal|low|medium|high|xhigh)'/i;

function rejectedParameterFromText(message: string): LlmFailure | null {
  const param =
    KNOWN_PARAMETERS.find((name) => message.includes(name)) ??
    (REFUSED_EFFORT_VALUE.test(message) ? 'reasoning_effort' : undefined);
  return param ? { kind: 'rejected-parameter', param, message } : null;
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message !== '') return body.message;
  // Without OpenAI's envelope the SDK's message is the status and the raw body: drop the status
  // (the caller shows it) and never put a proxy's HTML page in front of the user.
  const raw = error.message.replace(/^\d{3}\s+/, '').trim();
  return raw.startsWith('<') ? 'an HTML page, not an API answer' : raw;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  // Only plain numbers: Number('') is 0, which would mean "retry at once".
  const number = /^\s*\d+(?:\.\d+)?\s*$/;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && number.test(ms)) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return null;
  if (number.test(value)) return Number(value) * 1000;
  // An HTTP date always has a time of day; V8's Date.parse reads dates into garbage ("soon 5").
  const date = /\d{1,2}:\d{2}:\d{2}/.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

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
      message: `The endpoint answered something that is not JSON (${baseUrl}).`,
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
    case status === 404 || code === 'model_not_found':
      return {
        kind: 'fatal',
        code: 'unknown-model',
        message: `The model “${model}” is not available at ${baseUrl} (404) — choose another model ${OPTIONS}.`,
      };
    case status === 429 && code === 'insufficient_quota':
      return {
        kind: 'fatal',
        code: 'no-credit',
        message: `Your account has run out of credit (429 insufficient_quota) — add credit with your provider, or use another key ${OPTIONS}.`,
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

// Servers that do not fill `param` still name the parameter in their message.
const KNOWN_PARAMETERS = ['response_format', 'reasoning_effort', 'temperature'];

function rejectedParameterFromText(message: string): LlmFailure | null {
  const param = KNOWN_PARAMETERS.find((name) => message.includes(name));
  return param ? { kind: 'rejected-parameter', param, message } : null;
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message !== '') return body.message;
  return error.message;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

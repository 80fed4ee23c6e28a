import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyFailure, retryAfterMs } from '../../lib/llm/failures';
import type { LlmFailure } from '../../lib/llm/failures';

const CONTEXT = { baseUrl: 'https://api.openai.com/v1', model: 'gpt-5-mini' };
const NOW = Date.parse('2026-09-22T10:00:00Z');

/** The error the SDK throws for `status` with `body`, built the way the SDK builds it. */
function sdkError(status: number, body: unknown, headers: Record<string, string> = {}): APIError {
  const text = JSON.stringify(body);
  return APIError.generate(status, body as object, text, new Headers(headers));
}

/** The SDK's error for a body that is not JSON: no envelope, the raw text as the message. */
function sdkRawError(status: number, text: string): APIError {
  return APIError.generate(status, undefined, text, new Headers());
}

function openAiBody(message: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

describe('retryAfterMs', () => {
  it.each<[string, Record<string, string>, number | null]>([
    ['whole seconds', { 'retry-after': '7' }, 7_000],
    ['zero seconds', { 'retry-after': '0' }, 0],
    ['fractional seconds', { 'retry-after': '1.5' }, 1_500],
    ['retry-after-ms first', { 'retry-after-ms': '1250', 'retry-after': '2' }, 1_250],
    ['fractional milliseconds', { 'retry-after-ms': '20.5' }, 20.5],
    [
      'garbage retry-after-ms, then seconds',
      { 'retry-after-ms': 'soon', 'retry-after': '2' },
      2_000,
    ],
    ['empty retry-after-ms, then seconds', { 'retry-after-ms': '', 'retry-after': '3' }, 3_000],
    ['an HTTP date 30 s ahead', { 'retry-after': 'Tue, 22 Sep 2026 10:00:30 GMT' }, 30_000],
    ['an RFC 850 date 90 s ahead', { 'retry-after': 'Tuesday, 22-Sep-26 10:01:30 GMT' }, 90_000],
    ['an HTTP date already past', { 'retry-after': 'Tue, 22 Sep 2026 09:59:00 GMT' }, 0],
    ['no header', {}, null],
    // Garbage is "unknown" (the queue backs off), never 0 (the queue would retry at once).
    ['an empty header', { 'retry-after': '' }, null],
    ['a word', { 'retry-after': 'soon' }, null],
    ['a word and a number, which Date.parse reads as 2001', { 'retry-after': 'soon 5' }, null],
    ['a negative number', { 'retry-after': '-1' }, null],
    ['a unit', { 'retry-after': '5s' }, null],
    ['Infinity', { 'retry-after': 'Infinity' }, null],
    ['garbage in both', { 'retry-after-ms': 'x', 'retry-after': 'later 2' }, null],
  ])('%s', (_case, headers, expected) => {
    expect(retryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });

  it('is null without headers', () => {
    expect(retryAfterMs(undefined, NOW)).toBeNull();
  });
});

describe('classifyFailure: parameters the endpoint refused', () => {
  it.each<[string, APIError, string]>([
    [
      'OpenAI names it in param',
      sdkError(
        400,
        openAiBody(
          "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
          'response_format',
        ),
      ),
      'response_format',
    ],
    [
      'a proxy blanks param',
      sdkError(
        400,
        openAiBody(
          "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
          '',
        ),
      ),
      'response_format',
    ],
    [
      'a nested field in param',
      sdkError(400, openAiBody('invalid value: `json_schema`', 'response_format.type')),
      'response_format.type',
    ],
    [
      'LM Studio: the error is a bare string',
      sdkError(400, { error: "'response_format.type' must be 'json_schema' or 'text'" }),
      'response_format',
    ],
    [
      'a 422 that names it in the message',
      sdkError(422, openAiBody("response_format type must be one of 'text' or 'json_object'")),
      'response_format',
    ],
    [
      'an effort value, with param',
      sdkError(
        400,
        openAiBody(
          "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.",
          'reasoning_effort',
          'unsupported_value',
        ),
      ),
      'reasoning_effort',
    ],
    [
      'an effort value named only in the message',
      sdkError(
        400,
        openAiBody(
          "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
        ),
      ),
      'reasoning_effort',
    ],
    [
      "gpt-5.1's wording, which names only the value",
      sdkError(
        400,
        openAiBody(
          "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.",
        ),
      ),
      'reasoning_effort',
    ],
    [
      'gpt-4o-mini, without param',
      sdkError(400, openAiBody('Unrecognized request argument supplied: reasoning_effort')),
      'reasoning_effort',
    ],
    [
      'an older Azure API version, the output limit without param',
      sdkError(400, openAiBody('Unrecognized request argument supplied: max_completion_tokens')),
      'max_completion_tokens',
    ],
    [
      'o1 refusing max_tokens, with param',
      sdkError(
        400,
        openAiBody(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          'max_tokens',
          'unsupported_parameter',
        ),
      ),
      'max_tokens',
    ],
    [
      // Named, but not Paper Sieve's to drop: afterRejection decides, and gives up.
      'the context length, with param messages',
      sdkError(
        400,
        openAiBody(
          "This model's maximum context length is 128000 tokens.",
          'messages',
          'context_length_exceeded',
        ),
      ),
      'messages',
    ],
  ])('%s', (_case, error, param) => {
    expect(classifyFailure(error, CONTEXT)).toEqual({
      kind: 'rejected-parameter',
      param,
      message: expect.any(String),
    });
  });

  it.each<[string, APIError, string]>([
    [
      'a 400 naming no parameter',
      sdkError(400, openAiBody("Invalid 'messages[1].content': string too long.")),
      "The endpoint refused the request (400: Invalid 'messages[1].content': string too long.).",
    ],
    [
      // 'low' alone is not a refused effort: only "Unsupported value: '<effort>'" is.
      'a 400 that mentions an effort word in passing',
      sdkError(400, openAiBody('Your prompt was flagged as low quality.')),
      'The endpoint refused the request (400: Your prompt was flagged as low quality.).',
    ],
  ])('%s is final', (_case, error, message) => {
    expect(classifyFailure(error, CONTEXT)).toEqual({
      kind: 'fatal',
      code: 'bad-request',
      message,
    });
  });
});

describe('classifyFailure: what the message names', () => {
  it.each<[string, APIError, Partial<LlmFailure>, RegExp]>([
    [
      '401 without the key OpenAI echoes',
      sdkError(
        401,
        openAiBody(
          'Incorrect API key provided: sk-proj-********************************************WXYZ.',
          null,
          'invalid_api_key',
        ),
      ),
      { kind: 'fatal', code: 'auth' },
      /^Your API key was rejected \(401\) — check it in Paper Sieve’s Options\.$/,
    ],
    [
      '404 model_not_found names the model',
      sdkError(
        404,
        openAiBody(
          'The model `gpt-5-mini` does not exist or you do not have access to it.',
          null,
          'model_not_found',
        ),
      ),
      { kind: 'fatal', code: 'unknown-model' },
      /“gpt-5-mini” is not available at https:\/\/api\.openai\.com\/v1/,
    ],
    [
      'model_not_found under another status',
      sdkError(400, openAiBody('The model `gpt-5-mini` does not exist.', null, 'model_not_found')),
      { kind: 'fatal', code: 'unknown-model' },
      /choose another model/,
    ],
    [
      '404 for a path the server does not have points at the base URL',
      sdkError(404, openAiBody('Invalid URL (POST /v1/v1/chat/completions)')),
      { kind: 'fatal', code: 'unreachable' },
      /has no chat completions API \(404: Invalid URL .*\) — check the API base URL/,
    ],
    [
      // `models` in the path is not a message about a model.
      '404 for a base URL ending in /models',
      sdkError(404, openAiBody('Invalid URL (POST /v1/models/chat/completions)')),
      { kind: 'fatal', code: 'unreachable' },
      /check the API base URL/,
    ],
    [
      "404 as a web server's plain text",
      sdkRawError(404, '404 page not found'),
      { kind: 'fatal', code: 'unreachable' },
      /\(404: 404 page not found\) — check the API base URL/,
    ],
    [
      "502 as a proxy's HTML page",
      sdkRawError(502, '<html><head><title>502 Bad Gateway</title></head></html>'),
      { kind: 'transient' },
      /^The endpoint failed \(502: an HTML page, not an API answer\)\.$/,
    ],
    [
      '408 from a proxy',
      sdkError(408, openAiBody('Request timed out.')),
      { kind: 'transient' },
      /failed \(408: Request timed out\.\)/,
    ],
  ])('%s', (_case, error, expected, message) => {
    const failure = classifyFailure(error, CONTEXT);
    expect(failure).toMatchObject(expected);
    expect(failure.message).toMatch(message);
  });

  it('names a body cut short as a broken connection to the base URL', () => {
    const failure = classifyFailure(new TypeError('terminated'), CONTEXT);
    expect(failure).toEqual({
      kind: 'transient',
      message:
        'The connection to https://api.openai.com/v1 broke off before the answer was complete (terminated).',
    });
  });

  it('passes on anything unforeseen as worth a retry', () => {
    expect(classifyFailure('boom', CONTEXT)).toEqual({
      kind: 'transient',
      message: 'The call failed: boom',
    });
  });
});

import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources';
import { answerJsonSchema, parseAnswer, type ParsedAnswer } from './answer';
import { afterRejection, type CallOptions } from './call-options';
import { withErrorEnvelope } from './error-envelope';
import { classifyFailure, type LlmFailure } from './failures';
import { afterCutOff, outputLimit } from './output-limit';
import { buildMessages } from './prompt';
import type { PaperForPrompt, TokenUsage } from './types';

// The only module that talks to the model. Nothing else imports `openai`.

export interface LlmEndpoint {
  baseUrl: string;
  apiKey: string;
  model: string;
}

export interface ScoreBatchRequest {
  criteria: string;
  papers: PaperForPrompt[];
  options: CallOptions;
  signal?: AbortSignal;
}

export type ScoreBatchOutcome =
  | {
      ok: true;
      answer: ParsedAnswer;
      usage: TokenUsage;
      /** `length` when the answer was cut off: what arrived is kept, the rest asked again. */
      finishReason: string | null;
      /**
       * The options that worked, to remember for this endpoint+model; after a cut-off, with more
       * room for what ran out.
       */
      options: CallOptions;
    }
  | { ok: false; failure: LlmFailure; options: CallOptions };

export const DEFAULT_TIMEOUT_MS = 120_000;

/** A client for one endpoint, key and model. */
export function createLlmClient(endpoint: LlmEndpoint, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const client = new OpenAI({
    apiKey: endpoint.apiKey,
    baseURL: endpoint.baseUrl,
    // The key is the user's own, kept in extension storage, sent only to this base URL.
    dangerouslyAllowBrowser: true,
    // Retries are the scoring queue's: it bounds them, honours retry-after with a ceiling, and
    // counts every paid call, where the SDK would silently repeat timed-out (paid) requests.
    maxRetries: 0,
    timeout: timeoutMs,
    // Other servers' error bodies, put in OpenAI's envelope so their reason is not lost.
    fetch: withErrorEnvelope((input, init) => globalThis.fetch(input, init)),
  });
  const context = { baseUrl: endpoint.baseUrl, model: endpoint.model };

  async function scoreBatch(request: ScoreBatchRequest): Promise<ScoreBatchOutcome> {
    let options = request.options;
    // Each refused parameter is dropped once, or an effort stepped up: a few steps at most.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      try {
        const completion = await client.chat.completions.create(
          requestBody(endpoint.model, request, options),
          { signal: request.signal },
        );
        return readCompletion(completion, request, options, endpoint);
      } catch (error) {
        const failure = classifyFailure(error, context);
        if (failure.kind !== 'rejected-parameter') return { ok: false, failure, options };
        const next = afterRejection(options, failure.param, failure.message);
        if (next === null) {
          const message = `The endpoint refused the request (400: ${failure.message}).`;
          return { ok: false, failure: { kind: 'fatal', code: 'bad-request', message }, options };
        }
        options = next;
      }
    }
    const message = 'The endpoint kept refusing the request’s parameters.';
    return { ok: false, failure: { kind: 'fatal', code: 'bad-request', message }, options };
  }

  /** Model ids the endpoint lists, for suggestions; empty when it lists none. */
  async function listModels(): Promise<string[]> {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    return ids.sort();
  }

  return { scoreBatch, listModels };
}

export type LlmClient = ReturnType<typeof createLlmClient>;

function requestBody(
  model: string,
  request: ScoreBatchRequest,
  options: CallOptions,
): ChatCompletionCreateParamsNonStreaming {
  const format = options.structuredOutput ? 'json-schema' : 'text';
  const body: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages: buildMessages(request.criteria, request.papers, { format }),
  };
  if (options.structuredOutput) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: 'paper_scores', strict: true, schema: answerJsonSchema() },
    };
  }
  if (options.reasoningEffort !== null) body.reasoning_effort = options.reasoningEffort;
  // Bounds what a runaway answer costs, and keeps the rate limiter from assuming the model's
  // whole output window (OpenAI counts the limit against tokens per minute).
  const limit = outputLimit(model, request.papers.length, options);
  if (limit.param !== null) body[limit.param] = limit.total;
  return body;
}

function readCompletion(
  completion: ChatCompletion | string,
  request: ScoreBatchRequest,
  options: CallOptions,
  { baseUrl, model }: LlmEndpoint,
): ScoreBatchOutcome {
  // The SDK hands back the raw text when the endpoint's answer was not JSON: a proxy's or a
  // website's page, which the base URL is the likely cause of.
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
    const failure: LlmFailure = {
      kind: 'transient',
      message: `The endpoint ${baseUrl} answered something that is not a chat completion — if this persists, check the API base URL in Paper Sieve’s Options.`,
    };
    return { ok: false, failure, options };
  }
  const choice = completion.choices[0];
  const text = choice?.message?.content ?? '';
  const ids = request.papers.map((paper) => paper.id);
  const usage = usageOf(completion);
  const finishReason = choice?.finish_reason ?? null;
  // Cut off: the rest is asked again, with more room for whatever ran out.
  const limit = outputLimit(model, request.papers.length, options);
  return {
    ok: true,
    answer: parseAnswer(text, ids),
    usage,
    finishReason,
    options: finishReason === 'length' ? afterCutOff(options, limit, usage) : options,
  };
}

/** Tokens from `usage`; servers that omit it (some local ones) count as zero. */
export function usageOf(completion: Pick<ChatCompletion, 'usage'>): TokenUsage {
  const usage = completion.usage;
  return {
    prompt: usage?.prompt_tokens ?? 0,
    cachedPrompt: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    completion: usage?.completion_tokens ?? 0,
    reasoning: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

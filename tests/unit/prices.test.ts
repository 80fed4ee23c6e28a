import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { costUsd, FREE, isLocalEndpoint, MODEL_PRICES, priceFor } from '../../lib/llm/prices';
import type { Price } from '../../lib/llm/prices';
import type { TokenUsage } from '../../lib/llm/types';

const DIGESTS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/digests',
);
const OPENAI = 'https://api.openai.com/v1';
const OPENROUTER = 'https://openrouter.ai/api/v1';

interface DigestCost {
  model: string;
  tokens: { prompt: number; completion: number; total: number };
  costUsd: { prompt: number; completion: number; total: number };
}

function digest(date: string): DigestCost {
  return JSON.parse(readFileSync(resolve(DIGESTS, `${date}.json`), 'utf8')) as DigestCost;
}

function usage(prompt: number, completion: number, cachedPrompt = 0): TokenUsage {
  return { prompt, cachedPrompt, completion, reasoning: 0 };
}

const cents = (dollars: number) => Math.round(dollars * 100) / 100;

describe('the published pipeline’s costs', () => {
  // The pipeline had no prompt caching: its costUsd is {prompt, completion, total} in dollars,
  // each rounded to the cent, from its whole day's tokens at gpt-5's list price.
  it.each(['2025-09-30', '2025-10-14', '2025-10-16'])('are reproduced for %s', (date) => {
    const day = digest(date);
    const price = priceFor(day.model, OPENAI, {});
    expect(day.model).toBe('gpt-5');
    expect(day.tokens.total).toBe(day.tokens.prompt + day.tokens.completion);
    expect(cents(costUsd(usage(day.tokens.prompt, 0), price))).toBe(day.costUsd.prompt);
    expect(cents(costUsd(usage(0, day.tokens.completion), price))).toBe(day.costUsd.completion);
    expect(cents(costUsd(usage(day.tokens.prompt, day.tokens.completion), price))).toBe(
      day.costUsd.total,
    );
  });
});

describe('costUsd', () => {
  const gpt5mini = MODEL_PRICES['gpt-5-mini'] ?? null;

  it('bills cached prompt tokens at the cached rate and the rest at the input rate', () => {
    // 2 000 uncached × 0.25 + 8 000 cached × 0.025 + 1 000 × 2, per million.
    expect(costUsd(usage(10_000, 1_000, 8_000), gpt5mini)).toBeCloseTo(0.0027, 12);
  });

  it('never bills more cached tokens than prompt tokens', () => {
    expect(costUsd(usage(1_000, 0, 5_000), gpt5mini)).toBeCloseTo(0.000025, 12);
  });

  it('is zero for a local model, and zero (not NaN, which would poison sums) without a price', () => {
    expect(costUsd(usage(10_000, 1_000, 8_000), FREE)).toBe(0);
    expect(costUsd(usage(10_000, 1_000), null)).toBe(0);
  });
});

describe('priceFor', () => {
  it.each([
    ['gpt-5', 'gpt-5'],
    ['gpt-5-2025-08-07', 'gpt-5'],
    ['gpt-5-chat-latest', 'gpt-5'],
    ['gpt-5-mini', 'gpt-5-mini'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['openai/gpt-5-mini', 'gpt-5-mini'],
    ['openai/gpt-5-nano', 'gpt-5-nano'],
    ['GPT-4.1', 'gpt-4.1'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['openai/gpt-4.1-nano', 'gpt-4.1-nano'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai/gpt-4o-mini:floor', 'gpt-4o-mini'],
    ['o4-mini-2025-04-16', 'o4-mini'],
  ])('prices %s as %s', (model, listed) => {
    expect(priceFor(model, OPENROUTER, {})).toEqual(MODEL_PRICES[listed]);
  });

  it.each([
    'gpt-50',
    'gpt-5x',
    'meta-llama/llama-3.1-70b-instruct',
    'anthropic/claude-sonnet-4',
    '',
  ])('knows no price for %j on a remote endpoint', (model) => {
    expect(priceFor(model, OPENROUTER, {})).toBeNull();
  });

  it.each([
    'http://localhost:11434/v1',
    'http://127.0.0.1:1234/v1',
    'http://127.10.0.3/v1',
    'http://[::1]:11434/v1',
    'http://studio.local:1234/v1',
    'http://ollama.localhost/v1',
    'http://10.0.0.5:11434/v1',
    'http://172.16.4.2/v1',
    'http://172.31.255.1/v1',
    'http://192.168.1.20:11434/v1',
    'http://169.254.10.1/v1',
    'http://[fd12:3456::1]:8080/v1',
    'http://[fe80::1]/v1',
  ])('makes %s free, whatever the model', (baseUrl) => {
    expect(isLocalEndpoint(baseUrl)).toBe(true);
    expect(priceFor('llama3.1:8b', baseUrl, {})).toEqual(FREE);
    expect(priceFor('gpt-5', baseUrl, {})).toEqual(FREE);
  });

  it.each([
    OPENAI,
    OPENROUTER,
    'https://my-resource.openai.azure.com/openai/v1',
    'http://172.32.0.1/v1',
    'http://11.0.0.1/v1',
    'http://192.169.0.1/v1',
    'https://localhost.example.com/v1',
    'not a url',
  ])('treats %s as remote', (baseUrl) => {
    expect(isLocalEndpoint(baseUrl)).toBe(false);
  });

  const custom: Price = { input: 3, cachedInput: 0.3, output: 15 };

  it('lets the user’s overrides win over list prices and local endpoints', () => {
    expect(priceFor('gpt-5', OPENAI, { 'gpt-5': custom })).toEqual(custom);
    expect(priceFor('gpt-5-2025-08-07', OPENAI, { 'gpt-5': custom })).toEqual(custom);
    expect(priceFor('qwen3:32b', 'http://localhost:11434/v1', { 'qwen3:32b': custom })).toEqual(
      custom,
    );
    expect(
      priceFor('anthropic/claude-sonnet-4', OPENROUTER, { 'anthropic/claude-sonnet-4': custom }),
    ).toEqual(custom);
  });

  it('falls back to the list price for models the overrides do not name', () => {
    expect(priceFor('gpt-5-mini', OPENAI, { 'gpt-5-nano': custom })).toEqual(
      MODEL_PRICES['gpt-5-mini'],
    );
    // An override for a family does not swallow a more specific listed model.
    expect(priceFor('gpt-5-mini-2025-08-07', OPENAI, { 'gpt-5': custom })).toEqual(
      MODEL_PRICES['gpt-5-mini'],
    );
    expect(priceFor('gpt-5-mini', OPENAI, { 'openai/gpt-5-mini': custom })).toEqual(
      MODEL_PRICES['gpt-5-mini'],
    );
    expect(priceFor('openai/gpt-5-mini', OPENROUTER, { 'openai/gpt-5-mini': custom })).toEqual(
      custom,
    );
  });
});

import { costUsd } from '../llm/prices';
import type { Price } from '../llm/prices';
import type { TokenUsage } from '../llm/types';
import type { DigestCost } from './types';

/** What the digest needs of a run to account for it. */
export interface RunUsage {
  model: string;
  tokens: TokenUsage;
}

const NO_TOKENS: TokenUsage = { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 };

/** The runs' tokens added up. */
export function sumTokens(runs: readonly RunUsage[]): TokenUsage {
  return runs.reduce<TokenUsage>(
    (sum, { tokens }) => ({
      prompt: sum.prompt + tokens.prompt,
      cachedPrompt: sum.cachedPrompt + tokens.cachedPrompt,
      completion: sum.completion + tokens.completion,
      reasoning: sum.reasoning + tokens.reasoning,
    }),
    NO_TOKENS,
  );
}

/**
 * The runs' cost split into prompt (cached tokens at the cached price) and completion, each run at
 * its own model's price. Computed from tokens rather than the runs' stored `costUsd` so that the
 * two parts always add up to the total the digest prints.
 */
export function splitCost(
  runs: readonly RunUsage[],
  priceOf: (model: string) => Price | null,
): DigestCost {
  let prompt = 0;
  let completion = 0;
  let priced = true;
  for (const { model, tokens } of runs) {
    const price = priceOf(model);
    if (price === null) {
      priced = false;
      continue;
    }
    prompt += costUsd({ ...tokens, completion: 0, reasoning: 0 }, price);
    completion += costUsd({ ...NO_TOKENS, completion: tokens.completion }, price);
  }
  return { prompt, completion, total: prompt + completion, priced };
}

import { callOptionsFor } from '../llm/call-options-memory';
import { createLlmClient, type LlmClient } from '../llm/client';
import { costUsd, priceFor } from '../llm/prices';
import { criteriaHash } from '../llm/prompt';
import type { Settings } from '../settings';
import type { ScoringJob } from './queue';

export interface JobDeps {
  settings: () => Promise<Settings>;
  /** Dollars spent today across all runs, for the daily budget. */
  spentToday: () => Promise<number>;
}

/** Builds the scoring job from the current settings, reusing one SDK client per endpoint. */
export function createJobSource(deps: JobDeps): () => Promise<ScoringJob> {
  let client: { key: string; llm: LlmClient } | null = null;

  return async () => {
    const settings = await deps.settings();
    const blocked = await whyNotReady(settings, deps);
    if (blocked !== null) return { ready: false, reason: blocked };

    const key = `${settings.baseUrl}|${settings.model}|${settings.apiKey}|${settings.timeoutSeconds}`;
    if (client?.key !== key) {
      client = { key, llm: createLlmClient(settings, settings.timeoutSeconds * 1000) };
    }
    const price = priceFor(settings.model, settings.baseUrl, settings.priceOverrides);
    return {
      ready: true,
      criteria: settings.criteria,
      criteriaHash: await criteriaHash(settings.criteria),
      model: settings.model,
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      options: await callOptionsFor(settings.baseUrl, settings.model, settings.reasoningEffort),
      scoreBatch: client.llm.scoreBatch,
      cost: (usage) => costUsd(usage, price),
    };
  };
}

/** Null when scoring may go on; otherwise the reason, in words with the fix. */
export async function whyNotReady(settings: Settings, deps: Pick<JobDeps, 'spentToday'>) {
  if (settings.apiKey.trim() === '') {
    return 'No API key yet — add one in Paper Sieve’s Options to score these papers.';
  }
  if (settings.dailyBudgetUsd !== null) {
    const spent = await deps.spentToday();
    if (spent >= settings.dailyBudgetUsd) {
      return `Today’s budget of $${settings.dailyBudgetUsd.toFixed(2)} is spent ($${spent.toFixed(2)}) — scoring is paused; raise the budget in Options to go on.`;
    }
  }
  return null;
}

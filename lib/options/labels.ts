import type { SettingKey } from '../settings';

/** Each setting's name as the options page labels it, for messages that name a field. */
export const SETTING_LABELS: Readonly<Record<SettingKey, string>> = {
  apiKey: 'API key',
  baseUrl: 'API base URL',
  model: 'Model',
  reasoningEffort: 'Reasoning effort',
  criteria: 'Criteria',
  followedAuthors: 'Followed authors',
  minRelevance: 'Minimum relevance',
  minNovelty: 'Minimum novelty',
  batchSize: 'Batch size',
  concurrency: 'Concurrency',
  timeoutSeconds: 'Call timeout (seconds)',
  autoScore: 'Automatic scoring',
  dailyBudgetUsd: 'Daily budget',
  priceOverrides: 'Price overrides',
};

/** The id of the control that edits a setting, so messages and links can point at it. */
export function fieldId(key: SettingKey): string {
  return `setting-${key}`;
}

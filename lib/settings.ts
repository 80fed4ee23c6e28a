import { storage, type StorageItemKey, type WxtStorageItem } from 'wxt/utils/storage';
// zod's small build: settings are read in the content script too, where full zod is too heavy.
import * as z from 'zod/mini';
import type { EffortSetting } from './llm/call-options';
import type { Price } from './llm/prices';
import { DEFAULT_CRITERIA } from './llm/default-criteria';

// Every setting is its own storage item, so the options page saves one field at a time, a watcher
// hears which one changed, and one corrupted value costs only itself. Each item is versioned:
// when a stored shape changes, raise its `version` and add `migrations[version]`; WXT runs them
// once, and every read (`getValue`) waits for them.

/** US dollars per million tokens, as in lib/llm's price table. */
export type ModelPrice = Price;

/**
 * `auto` sends the lowest effort the model accepts (gpt-5: minimal, o-series: low, others: none)
 * and nothing at all to models without reasoning; `lib/llm/call-options.ts` resolves it.
 */
export type ReasoningEffort = EffortSetting;

export interface Settings {
  apiKey: string;
  /** Normalised: no trailing slash, path kept (`https://api.openai.com/v1`). */
  baseUrl: string;
  model: string;
  reasoningEffort: ReasoningEffort;
  criteria: string;
  /** One name a line; blank lines and `#` comments are ignored. */
  followedAuthors: string;
  /** 1–10: a paper is kept at this relevance or more (and `minNovelty`). */
  minRelevance: number;
  minNovelty: number;
  /** Papers per call, 1–100. */
  batchSize: number;
  /** Calls in flight at once, 1–8. */
  concurrency: number;
  /** Seconds a call may take before it counts as failed (and is tried again), 10–600. */
  timeoutSeconds: number;
  /** Score a listing as soon as it opens, rather than on request. */
  autoScore: boolean;
  /** US dollars a day; null for no budget. */
  dailyBudgetUsd: number | null;
  /** By model name: replaces the built-in price table for that model. */
  priceOverrides: Record<string, ModelPrice>;
}

export type SettingKey = keyof Settings;

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

// A record, so the compiler notices when lib/llm adds or drops an effort.
const EFFORT_CHOICES: Record<ReasoningEffort, true> = {
  auto: true,
  none: true,
  minimal: true,
  low: true,
  medium: true,
  high: true,
};
/** Every reasoning effort the options page offers, `auto` first. */
export const REASONING_EFFORTS = Object.keys(EFFORT_CHOICES) as ReasoningEffort[];

/** Trims the URL and strips trailing slashes, keeping its path (`/v1`, `/api/v1`). */
export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function wholeNumber(label: string, min: number, max: number) {
  const message = `${label} must be a whole number from ${min} to ${max}`;
  return z.int({ error: message }).check(z.minimum(min, message), z.maximum(max, message));
}

const URL_MESSAGE = 'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1';
const PRICE_MESSAGE = 'Prices must be amounts of US dollars per million tokens, zero or more';

const price = z.number({ error: PRICE_MESSAGE }).check(z.minimum(0, PRICE_MESSAGE));

const schemas: { [K in SettingKey]: z.ZodMiniType<Settings[K]> } = {
  apiKey: z
    .pipe(
      z.string({ error: 'The API key must be text' }),
      z.transform((key) => key.trim()),
    )
    .check(
      // Sent in a header: a space, line break or non-ASCII character would make every call fail.
      z.regex(/^[!-~]*$/, 'The API key must be one line of printable characters without spaces'),
    ),
  baseUrl: z.pipe(
    z.pipe(z.string({ error: URL_MESSAGE }), z.transform(normaliseBaseUrl)),
    z.url({ protocol: /^https?$/, error: URL_MESSAGE }),
  ),
  model: z
    .pipe(
      z.string({ error: 'The model must be a name, e.g. gpt-5-mini' }),
      z.transform((model) => model.trim()),
    )
    .check(z.minLength(1, 'Choose a model, e.g. gpt-5-mini')),
  reasoningEffort: z.enum(REASONING_EFFORTS, {
    error: `Reasoning effort must be one of: ${REASONING_EFFORTS.join(', ')}`,
  }),
  // Kept exactly as written: the default preset is the published pipeline's text, to the space.
  criteria: z.string({ error: 'The criteria must be text' }).check(
    z.refine((criteria) => criteria.trim() !== '', {
      error: 'Write your criteria: every paper is judged against them',
    }),
  ),
  followedAuthors: z.string({ error: 'Followed authors must be text, one name a line' }),
  minRelevance: wholeNumber('Minimum relevance', 1, 10),
  minNovelty: wholeNumber('Minimum novelty', 1, 10),
  batchSize: wholeNumber('Batch size', 1, 100),
  concurrency: wholeNumber('Concurrency', 1, 8),
  timeoutSeconds: wholeNumber('The call timeout', 10, 600),
  autoScore: z.boolean({ error: 'Automatic scoring must be on or off (true or false)' }),
  dailyBudgetUsd: z.nullable(
    z
      .number({ error: 'The daily budget must be an amount of US dollars, or empty for no budget' })
      .check(z.minimum(0, 'The daily budget cannot be negative')),
  ),
  priceOverrides: z
    .record(z.string(), z.object({ input: price, cachedInput: price, output: price }), {
      error: 'Price overrides must map model names to {input, cachedInput, output} prices',
    })
    .check(
      z.refine((byModel) => Object.keys(byModel).every((model) => model.trim() !== ''), {
        error: 'Each price override needs a model name',
      }),
    ),
};

/** What every setting is before the researcher changes it. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  apiKey: '',
  baseUrl: DEFAULT_BASE_URL,
  model: 'gpt-5-mini',
  reasoningEffort: 'auto',
  criteria: DEFAULT_CRITERIA,
  followedAuthors: '',
  // The published pipeline's cut-offs.
  minRelevance: 8,
  minNovelty: 7,
  batchSize: 20,
  concurrency: 2,
  // A reasoning model judging 20 papers can take a minute; a local model on a laptop longer.
  timeoutSeconds: 120,
  autoScore: true,
  dailyBudgetUsd: null,
  // Frozen too: the storage items hand this very object out as their fallback.
  priceOverrides: Object.freeze({}),
});

function defineSetting<K extends SettingKey>(
  key: K,
  version: number,
  migrations?: Record<number, (oldValue: unknown) => unknown>,
): WxtStorageItem<Settings[K], Record<string, never>> {
  const storageKey: StorageItemKey = `local:settings.${key}`;
  return storage.defineItem<Settings[K], Record<string, never>>(storageKey, {
    fallback: DEFAULT_SETTINGS[key],
    version,
    migrations,
  });
}

/** The storage items, one a setting; read through `readSettings`, which checks every value. */
export const settingItems: {
  [K in SettingKey]: WxtStorageItem<Settings[K], Record<string, never>>;
} = {
  apiKey: defineSetting('apiKey', 1),
  baseUrl: defineSetting('baseUrl', 1),
  model: defineSetting('model', 1),
  reasoningEffort: defineSetting('reasoningEffort', 1),
  criteria: defineSetting('criteria', 1),
  followedAuthors: defineSetting('followedAuthors', 1),
  minRelevance: defineSetting('minRelevance', 1),
  minNovelty: defineSetting('minNovelty', 1),
  batchSize: defineSetting('batchSize', 1),
  concurrency: defineSetting('concurrency', 1),
  timeoutSeconds: defineSetting('timeoutSeconds', 1),
  autoScore: defineSetting('autoScore', 1),
  dailyBudgetUsd: defineSetting('dailyBudgetUsd', 1),
  priceOverrides: defineSetting('priceOverrides', 1),
};

export const SETTING_KEYS = Object.keys(settingItems) as SettingKey[];

/** Checks (and normalises) a value for a setting, with a message a person can act on. */
export function validateSetting<K extends SettingKey>(
  key: K,
  value: unknown,
): ValidationResult<Settings[K]> {
  const result = schemas[key].safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join(' ')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? `Invalid value for ${key}`}` };
}

/** One setting as stored, or its default when the stored value is not valid. */
export async function readSetting<K extends SettingKey>(key: K): Promise<Settings[K]> {
  const checked = validateSetting(key, await settingItems[key].getValue());
  return checked.ok ? checked.value : structuredClone(DEFAULT_SETTINGS[key]);
}

/** Every setting, each checked: a corrupted value reads as its default instead of breaking. */
export async function readSettings(): Promise<Settings> {
  const values = await Promise.all(SETTING_KEYS.map((key) => readSetting(key)));
  return Object.fromEntries(SETTING_KEYS.map((key, i) => [key, values[i]])) as unknown as Settings;
}

/** Validates and stores one setting; nothing is stored when the value is refused. */
export async function saveSetting<K extends SettingKey>(
  key: K,
  value: unknown,
): Promise<ValidationResult<Settings[K]>> {
  const checked = validateSetting(key, value);
  if (checked.ok) await settingItems[key].setValue(checked.value);
  return checked;
}

/**
 * Calls back with all settings (checked) and the keys that changed, whenever any is stored.
 * Returns the function that stops watching.
 */
export function watchSettings(
  onChange: (settings: Settings, changed: SettingKey[]) => void,
): () => void {
  let stopped = false;
  let latestRead = 0;
  let changed = new Set<SettingKey>();

  const reread = (key: SettingKey) => {
    changed.add(key);
    const read = ++latestRead;
    readSettings().then(
      (settings) => {
        // A later change started a fresher read: that one reports, with every key changed so far.
        if (stopped || read !== latestRead) return;
        const keys = [...changed];
        changed = new Set();
        onChange(settings, keys);
      },
      (error: unknown) => console.error('Paper Sieve could not read its settings', error),
    );
  };

  const unwatchers = SETTING_KEYS.map((key) => settingItems[key].watch(() => reread(key)));
  return () => {
    stopped = true;
    for (const unwatch of unwatchers) unwatch();
  };
}

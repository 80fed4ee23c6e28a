import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { DEFAULT_CRITERIA } from '../../lib/llm/default-criteria';
import { parseFollowedAuthors } from '../../lib/scoring/authors';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  normaliseBaseUrl,
  readSetting,
  readSettings,
  saveSetting,
  settingItems,
  validateSetting,
  watchSettings,
  type SettingKey,
  type Settings,
} from '../../lib/settings';

const URL_MESSAGE = 'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1';

beforeEach(() => {
  fakeBrowser.reset();
});

/** Writes a raw value where the setting lives, as a corrupted or older store might hold it. */
async function storeRaw(key: SettingKey, value: unknown): Promise<void> {
  await fakeBrowser.storage.local.set({ [settingItems[key].key.replace(/^local:/, '')]: value });
}

describe('defaults', () => {
  it('reads every default from empty storage', async () => {
    expect(await readSettings()).toEqual({
      apiKey: '',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-5-mini',
      reasoningEffort: 'auto',
      criteria: DEFAULT_CRITERIA,
      followedAuthors: '',
      minRelevance: 8,
      minNovelty: 7,
      batchSize: 20,
      concurrency: 2,
      timeoutSeconds: 120,
      autoScore: true,
      dailyBudgetUsd: null,
      priceOverrides: {},
    } satisfies Settings);
  });

  it('declares one local storage item per setting, each passing its own validation', () => {
    expect(SETTING_KEYS).toHaveLength(14);
    for (const key of SETTING_KEYS) {
      expect(settingItems[key].key).toBe(`local:settings.${key}`);
      expect(settingItems[key].fallback).toEqual(DEFAULT_SETTINGS[key]);
      expect(validateSetting(key, DEFAULT_SETTINGS[key])).toEqual({
        ok: true,
        value: DEFAULT_SETTINGS[key],
      });
    }
  });
});

describe('validateSetting', () => {
  it.each([
    ['baseUrl', 'api.openai.com/v1', URL_MESSAGE],
    ['baseUrl', 'ftp://example.org/v1', URL_MESSAGE],
    ['baseUrl', '', URL_MESSAGE],
    ['baseUrl', 42, URL_MESSAGE],
    ['apiKey', 'sk-abc def', 'The API key must be one line of printable characters without spaces'],
    [
      'apiKey',
      'sk-abc\ndef',
      'The API key must be one line of printable characters without spaces',
    ],
    ['apiKey', 'sk-ключ', 'The API key must be one line of printable characters without spaces'],
    ['apiKey', null, 'The API key must be text'],
    ['model', '   ', 'Choose a model, e.g. gpt-5-mini'],
    ['model', 5, 'The model must be a name, e.g. gpt-5-mini'],
    [
      'reasoningEffort',
      'maximal',
      'Reasoning effort must be one of: auto, none, minimal, low, medium, high',
    ],
    ['criteria', ' \n ', 'Write your criteria: every paper is judged against them'],
    ['criteria', undefined, 'The criteria must be text'],
    ['followedAuthors', ['Yoshua Bengio'], 'Followed authors must be text, one name a line'],
    ['minRelevance', 0, 'Minimum relevance must be a whole number from 1 to 10'],
    ['minRelevance', 11, 'Minimum relevance must be a whole number from 1 to 10'],
    ['minNovelty', 7.5, 'Minimum novelty must be a whole number from 1 to 10'],
    ['batchSize', 0, 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', 101, 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', 2.5, 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', '20', 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', Number.NaN, 'Batch size must be a whole number from 1 to 100'],
    ['concurrency', 0, 'Concurrency must be a whole number from 1 to 8'],
    ['concurrency', 9, 'Concurrency must be a whole number from 1 to 8'],
    ['autoScore', 'yes', 'Automatic scoring must be on or off (true or false)'],
    ['dailyBudgetUsd', -1, 'The daily budget cannot be negative'],
    ['dailyBudgetUsd', -0.01, 'The daily budget cannot be negative'],
    [
      'dailyBudgetUsd',
      '5',
      'The daily budget must be an amount of US dollars, or empty for no budget',
    ],
    [
      'dailyBudgetUsd',
      Number.POSITIVE_INFINITY,
      'The daily budget must be an amount of US dollars, or empty for no budget',
    ],
    [
      'priceOverrides',
      [],
      'Price overrides must map model names to {input, cachedInput, output} prices',
    ],
    [
      'priceOverrides',
      { 'gpt-5': { input: 1.25, cachedInput: 0.125, output: -10 } },
      'gpt-5 output: Prices must be amounts of US dollars per million tokens, zero or more',
    ],
    [
      'priceOverrides',
      { 'gpt-5': { input: 1.25, output: 10 } },
      'gpt-5 cachedInput: Prices must be amounts of US dollars per million tokens, zero or more',
    ],
    [
      'priceOverrides',
      { '': { input: 1, cachedInput: 1, output: 1 } },
      'Each price override needs a model name',
    ],
  ] satisfies [SettingKey, unknown, string][])('%s = %j is refused: %s', (key, value, message) => {
    expect(validateSetting(key, value)).toEqual({ ok: false, message });
  });

  it.each([
    ['baseUrl', ' https://api.openai.com/v1/ ', 'https://api.openai.com/v1'],
    ['baseUrl', 'http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['baseUrl', 'https://openrouter.ai/api/v1//', 'https://openrouter.ai/api/v1'],
    ['apiKey', '  sk-proj-abc123\n', 'sk-proj-abc123'],
    ['apiKey', '', ''],
    ['model', ' gpt-5-nano ', 'gpt-5-nano'],
    ['reasoningEffort', 'minimal', 'minimal'],
    ['reasoningEffort', 'none', 'none'],
    ['criteria', 'Relevant: ', 'Relevant: '],
    ['followedAuthors', 'Yoshua Bengio\n# comment\n', 'Yoshua Bengio\n# comment\n'],
    ['minRelevance', 1, 1],
    ['minNovelty', 10, 10],
    ['batchSize', 1, 1],
    ['batchSize', 100, 100],
    ['concurrency', 8, 8],
    ['autoScore', false, false],
    ['dailyBudgetUsd', null, null],
    ['dailyBudgetUsd', 0, 0],
    ['dailyBudgetUsd', 2.5, 2.5],
    [
      'priceOverrides',
      { 'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 } },
      { 'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 } },
    ],
  ] satisfies [SettingKey, unknown, unknown][])(
    '%s = %j is accepted as %j',
    (key, value, stored) => {
      expect(validateSetting(key, value)).toEqual({ ok: true, value: stored });
    },
  );
});

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['  https://openrouter.ai/api/v1  ', 'https://openrouter.ai/api/v1'],
    ['http://localhost:11434/v1///', 'http://localhost:11434/v1'],
    ['http://localhost:11434', 'http://localhost:11434'],
  ])('%j → %j', (input, normalised) => {
    expect(normaliseBaseUrl(input)).toBe(normalised);
  });
});

describe('reading stored values', () => {
  it('reads what was saved, normalised', async () => {
    expect(await saveSetting('baseUrl', 'http://localhost:11434/v1/')).toEqual({
      ok: true,
      value: 'http://localhost:11434/v1',
    });
    await saveSetting('batchSize', 50);
    await saveSetting('dailyBudgetUsd', 1.5);
    const settings = await readSettings();
    expect(settings.baseUrl).toBe('http://localhost:11434/v1');
    expect(settings.batchSize).toBe(50);
    expect(settings.dailyBudgetUsd).toBe(1.5);
    expect(await readSetting('batchSize')).toBe(50);
  });

  it('stores nothing when the value is refused', async () => {
    await saveSetting('concurrency', 4);
    expect(await saveSetting('concurrency', 12)).toEqual({
      ok: false,
      message: 'Concurrency must be a whole number from 1 to 8',
    });
    expect(await readSetting('concurrency')).toBe(4);
  });

  it.each([
    ['batchSize', 'twenty'],
    ['batchSize', 0],
    ['batchSize', 1000],
    ['concurrency', -3],
    ['minRelevance', '8'],
    ['autoScore', 'false'],
    ['baseUrl', 'not a url'],
    ['reasoningEffort', 'extreme'],
    ['dailyBudgetUsd', -5],
    ['priceOverrides', { 'gpt-5': 'cheap' }],
    ['criteria', ''],
    ['model', { name: 'gpt-5' }],
  ] satisfies [SettingKey, unknown][])(
    'a corrupted %s (%j) reads as its default',
    async (key, corrupted) => {
      await storeRaw(key, corrupted);
      await storeRaw('minNovelty', 9);
      const settings = await readSettings();
      expect(settings[key]).toEqual(DEFAULT_SETTINGS[key]);
      expect(settings.minNovelty).toBe(9);
      expect(await readSetting(key)).toEqual(DEFAULT_SETTINGS[key]);
    },
  );

  it('hands out values a reader cannot change for the next one', async () => {
    const first = await readSettings();
    first.priceOverrides['gpt-5'] = { input: 0, cachedInput: 0, output: 0 };
    expect((await readSettings()).priceOverrides).toEqual({});
    await storeRaw('priceOverrides', 'corrupted');
    const fallen = await readSetting('priceOverrides');
    fallen['gpt-5'] = { input: 0, cachedInput: 0, output: 0 };
    expect(await readSetting('priceOverrides')).toEqual({});
    expect(DEFAULT_SETTINGS.priceOverrides).toEqual({});
  });
});

describe('migrations', () => {
  // The settings are at version 1. This is the path a change of shape takes: a version-2 item for
  // the same key, with `migrations[2]`, must turn what version 1 stored into the new shape before
  // anyone reads it. Here version 2 would keep followed authors as a list instead of lines.
  it('migrates what the version-1 item stored before any read returns', async () => {
    await settingItems.followedAuthors.setValue('Yoshua Bengio\n# a comment\n\nLenka Zdeborová\n');

    const migrate = vi.fn((lines: string) => parseFollowedAuthors(lines));
    const version2 = storage.defineItem<string[]>(settingItems.followedAuthors.key, {
      fallback: [],
      version: 2,
      migrations: { 2: migrate },
    });

    // No waiting here: getValue itself waits for the migration.
    expect(await version2.getValue()).toEqual(['Yoshua Bengio', 'Lenka Zdeborová']);
    expect(await version2.getMeta()).toEqual({ v: 2 });
    expect(migrate).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.storage.local.get('settings.followedAuthors')).toEqual({
      'settings.followedAuthors': ['Yoshua Bengio', 'Lenka Zdeborová'],
    });
  });

  it('leaves a value alone when it is already at the current version', async () => {
    await settingItems.batchSize.setValue(30);
    const migrate = vi.fn((size: number) => size * 2);
    const sameVersion = storage.defineItem<number>(settingItems.batchSize.key, {
      fallback: 20,
      version: 1,
      migrations: { 1: migrate },
    });
    expect(await sameVersion.getValue()).toBe(30);
    expect(migrate).not.toHaveBeenCalled();
  });
});

describe('watchSettings', () => {
  it('reports all settings and the keys that changed, until unwatched', async () => {
    const seen: { settings: Settings; changed: SettingKey[] }[] = [];
    const unwatch = watchSettings((settings, changed) => seen.push({ settings, changed }));

    await saveSetting('batchSize', 40);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.changed).toEqual(['batchSize']);
    expect(seen[0]?.settings).toEqual({ ...DEFAULT_SETTINGS, batchSize: 40 });

    await saveSetting('followedAuthors', 'Yoshua Bengio');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]?.changed).toEqual(['followedAuthors']);
    expect(seen[1]?.settings.followedAuthors).toBe('Yoshua Bengio');
    expect(seen[1]?.settings.batchSize).toBe(40);

    unwatch();
    await saveSetting('batchSize', 60);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(2);
  });

  it('reports a corrupted value as its default', async () => {
    const seen: Settings[] = [];
    const unwatch = watchSettings((settings) => seen.push(settings));
    await storeRaw('concurrency', 'many');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
    unwatch();
  });

  it('reports changes made together with the last state and every changed key', async () => {
    const seen: { settings: Settings; changed: SettingKey[] }[] = [];
    const unwatch = watchSettings((settings, changed) => seen.push({ settings, changed }));
    await fakeBrowser.storage.local.set({ 'settings.minRelevance': 9, 'settings.minNovelty': 8 });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const last = seen.at(-1);
    expect(last?.settings.minRelevance).toBe(9);
    expect(last?.settings.minNovelty).toBe(8);
    expect(seen.flatMap((report) => report.changed).sort()).toEqual(['minNovelty', 'minRelevance']);
    unwatch();
  });
});

describe('the call timeout', () => {
  it.each([
    [120, true],
    [10, true],
    [600, true],
    [9, false],
    [601, false],
    [30.5, false],
  ])('%s seconds is %s', (value, ok) => {
    const result = validateSetting('timeoutSeconds', value);
    expect(result.ok).toBe(ok);
    if (!result.ok)
      expect(result.message).toBe('The call timeout must be a whole number from 10 to 600');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, cacheSummary } from '../../lib/options/cache-text';
import {
  budgetFromText,
  draftOf,
  draftsOf,
  numberFromText,
  valueOfDraft,
  valuesShown,
} from '../../lib/options/drafts';
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey } from '../../lib/settings';

describe('fields and values', () => {
  it('shows every default in its field and reads it back unchanged', () => {
    const drafts = draftsOf({ ...DEFAULT_SETTINGS });
    expect(drafts.dailyBudgetUsd).toBe('');
    expect(drafts.priceOverrides).toBe('');
    expect(drafts.batchSize).toBe('20');
    expect(drafts.autoScore).toBe(true);
    for (const key of SETTING_KEYS) {
      expect(valueOfDraft(key, drafts[key])).toEqual({ ok: true, value: DEFAULT_SETTINGS[key] });
    }
  });

  it.each([
    ['', null],
    ['  ', null],
    ['5', 5],
    ['$2.50', 2.5],
    ['0', 0],
  ])('budget %j is %j', (text, value) => {
    expect(budgetFromText(text)).toBe(value);
  });

  it.each([
    ['', NaN],
    ['abc', NaN],
    [' 12 ', 12],
    ['2.5', 2.5],
  ])('number %j is %j', (text, n) => {
    expect(numberFromText(text)).toBe(n);
  });

  it.each<[SettingKey, string, string]>([
    ['batchSize', '0', 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', '', 'Batch size must be a whole number from 1 to 100'],
    ['batchSize', '2.5', 'Batch size must be a whole number from 1 to 100'],
    ['minRelevance', '11', 'Minimum relevance must be a whole number from 1 to 10'],
    ['dailyBudgetUsd', '-1', 'The daily budget cannot be negative'],
    [
      'dailyBudgetUsd',
      'lots',
      'The daily budget must be an amount of US dollars, or empty for no budget',
    ],
    [
      'baseUrl',
      'not a url',
      'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1',
    ],
    [
      'baseUrl',
      'ftp://x.org',
      'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1',
    ],
    ['model', '  ', 'Choose a model, e.g. gpt-5-mini'],
    ['criteria', '\n', 'Write your criteria: every paper is judged against them'],
    ['apiKey', 'sk two', 'The API key must be one line of printable characters without spaces'],
  ])('%s %j is refused: %s', (key, draft, message) => {
    expect(valueOfDraft(key, draft)).toEqual({ ok: false, message });
  });

  it('reads price overrides as JSON, and says how they are written when they are not', () => {
    const json = '{"my-model": {"input": 0.5, "cachedInput": 0.05, "output": 2}}';
    expect(valueOfDraft('priceOverrides', json)).toEqual({
      ok: true,
      value: { 'my-model': { input: 0.5, cachedInput: 0.05, output: 2 } },
    });
    const broken = valueOfDraft('priceOverrides', '{my-model: 1}');
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/must be JSON/) });
    const negative = valueOfDraft(
      'priceOverrides',
      '{"m": {"input": -1, "cachedInput": 0, "output": 0}}',
    );
    expect(negative).toMatchObject({ ok: false, message: expect.stringMatching(/zero or more/) });
    expect(valueOfDraft('priceOverrides', '')).toEqual({ ok: true, value: {} });
  });

  it('keeps the criteria exactly as typed and normalises the base URL', () => {
    expect(valueOfDraft('criteria', ' a \n b ')).toEqual({ ok: true, value: ' a \n b ' });
    expect(valueOfDraft('baseUrl', ' http://localhost:11434/v1/ ')).toEqual({
      ok: true,
      value: 'http://localhost:11434/v1',
    });
    expect(draftOf('priceOverrides', { m: { input: 1, cachedInput: 0, output: 2 } })).toContain(
      '"input": 1',
    );
  });
});

describe('what an export holds', () => {
  it('takes each valid field as shown, and the stored value where a field is refused', () => {
    const drafts = { ...draftsOf({ ...DEFAULT_SETTINGS }), model: 'typed-model', batchSize: '0' };
    const values = valuesShown(drafts, { ...DEFAULT_SETTINGS, batchSize: 30 });
    expect(values.model).toBe('typed-model');
    expect(values.batchSize).toBe(30);
  });
});

describe('cache sizes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1_000, '1 KB'],
    [3_412_000, '3.4 MB'],
    [250_400_000, '250 MB'],
    [2_000_000_000, '2 GB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('names papers and judgements with their counts', () => {
    const stats = { papers: 1204, judgements: 1, runs: 3, pending: 0, approxBytes: 3_400_000 };
    expect(cacheSummary(stats)).toBe('1,204 papers and 1 judgement, about 3.4 MB');
  });
});

import { describe, expect, it } from 'vitest';
import {
  readSettingsFile,
  settingsFileName,
  settingsFileText,
} from '../../lib/options/settings-file';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

const mine: Settings = {
  ...DEFAULT_SETTINGS,
  apiKey: 'sk-secret-key',
  baseUrl: 'http://localhost:11434/v1',
  model: 'llama3.1',
  criteria: 'Sparse mixture-of-experts.\n',
  batchSize: 10,
  dailyBudgetUsd: 0.5,
  priceOverrides: { 'llama3.1': { input: 0, cachedInput: 0, output: 0 } },
};
const now = new Date(2025, 9, 16, 8, 30);

describe('exporting settings', () => {
  it('leaves the API key out unless asked', () => {
    const text = settingsFileText(mine, { includeApiKey: false, now });
    expect(text).not.toContain('sk-secret-key');
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'paper-sieve-settings', version: 1 });
    expect(file.settings).not.toHaveProperty('apiKey');
    expect(file.settings.model).toBe('llama3.1');
  });

  it('includes the key when the box is ticked', () => {
    const file = JSON.parse(settingsFileText(mine, { includeApiKey: true, now }));
    expect(file.settings.apiKey).toBe('sk-secret-key');
  });

  it('names the file by the local date', () => {
    expect(settingsFileName(now)).toBe('paper-sieve-settings-2025-10-16.json');
  });
});

describe('importing settings', () => {
  it('reads back everything an export holds', () => {
    const result = readSettingsFile(settingsFileText(mine, { includeApiKey: true, now }));
    expect(result).toEqual({ ok: true, accepted: mine, refused: [], unknown: [] });
  });

  it('takes an export without the key and leaves the key alone', () => {
    const result = readSettingsFile(settingsFileText(mine, { includeApiKey: false, now }));
    expect(result.ok && result.accepted).not.toHaveProperty('apiKey');
  });

  it('refuses each bad value on its own, saying why, and keeps the rest', () => {
    const text = JSON.stringify({
      format: 'paper-sieve-settings',
      version: 1,
      settings: {
        model: 'gpt-5-nano',
        batchSize: 0,
        baseUrl: 'not a url',
        dailyBudgetUsd: -3,
        autoScore: 'yes',
        colour: 'blue',
      },
    });
    const result = readSettingsFile(text);
    expect(result).toEqual({
      ok: true,
      accepted: { model: 'gpt-5-nano' },
      refused: [
        { key: 'batchSize', message: 'Batch size must be a whole number from 1 to 100' },
        {
          key: 'baseUrl',
          message: 'The API base URL must be an http(s) URL, e.g. https://api.openai.com/v1',
        },
        { key: 'dailyBudgetUsd', message: 'The daily budget cannot be negative' },
        { key: 'autoScore', message: 'Automatic scoring must be on or off (true or false)' },
      ],
      unknown: ['colour'],
    });
  });

  it('accepts a bare object of settings, written by hand', () => {
    expect(readSettingsFile('{"minRelevance": 6, "dailyBudgetUsd": null}')).toEqual({
      ok: true,
      accepted: { minRelevance: 6, dailyBudgetUsd: null },
      refused: [],
      unknown: [],
    });
  });

  it.each([
    ['not json', /not JSON/],
    ['[1, 2]', /no settings/],
    ['{"format": "something-else", "settings": {}}', /not a Paper Sieve settings file/],
    ['{"format": "paper-sieve-settings", "version": 9, "settings": {}}', /newer Paper Sieve/],
    ['{"format": "paper-sieve-settings", "version": 1}', /holds no settings/],
  ])('refuses the whole file %j', (text, message) => {
    expect(readSettingsFile(text)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });
});

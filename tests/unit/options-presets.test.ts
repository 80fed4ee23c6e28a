import { describe, expect, it } from 'vitest';
import { hostAccessFor } from '../../lib/options/host-access';
import { ENDPOINT_PRESETS, presetById, presetForUrl } from '../../lib/options/presets';
import { showsWelcome } from '../../lib/options/welcome';
import { validateSetting } from '../../lib/settings';

describe('endpoint presets', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://api.openai.com/v1/', 'openai'],
    ['  https://OpenRouter.ai/api/v1 ', 'openrouter'],
    ['http://localhost:11434/v1', 'ollama'],
    ['http://localhost:1234/v1', 'lmstudio'],
    ['http://localhost:11434', 'custom'],
    ['https://example.azure.com/openai/v1', 'custom'],
    ['', 'custom'],
  ])('%s is %s', (url, preset) => {
    expect(presetForUrl(url)).toBe(preset);
  });

  it('offers only valid base URLs, each found again by its own address', () => {
    for (const preset of ENDPOINT_PRESETS) {
      expect(validateSetting('baseUrl', preset.baseUrl)).toEqual({
        ok: true,
        value: preset.baseUrl,
      });
      expect(presetById(presetForUrl(preset.baseUrl))).toBe(preset);
    }
    expect(presetById('custom')).toBeNull();
  });
});

describe('host access for an endpoint', () => {
  it.each([
    ['https://api.openai.com/v1', null],
    ['not a url', null],
    [
      'http://localhost:11434/v1',
      { origin: 'http://localhost:11434', pattern: 'http://localhost/*' },
    ],
    [
      'https://openrouter.ai/api/v1/',
      { origin: 'https://openrouter.ai', pattern: 'https://openrouter.ai/*' },
    ],
    ['http://[::1]:8080/v1', { origin: 'http://[::1]:8080', pattern: 'http://[::1]/*' }],
    [
      'http://127.0.0.1:5000/v1',
      { origin: 'http://127.0.0.1:5000', pattern: 'http://127.0.0.1/*' },
    ],
  ])('%s needs %j', (url, access) => {
    expect(hostAccessFor(url)).toEqual(access);
  });
});

describe('the first-run steps', () => {
  it.each([
    ['', '', true],
    ['sk-key', '', false],
    ['sk-key', '?welcome', true],
    ['sk-key', '?welcome=1&x=2', true],
    ['sk-key', '?other', false],
  ])('key %j, search %j: %s', (key, search, shown) => {
    expect(showsWelcome(key, search)).toBe(shown);
  });
});

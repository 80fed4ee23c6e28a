import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSettingsForm, type FormState } from '../../lib/options/autosave';
import {
  DEFAULT_SETTINGS,
  validateSetting,
  type SettingKey,
  type Settings,
} from '../../lib/settings';

let saved: [SettingKey, unknown][];
let states: FormState[];

function makeForm(initial: Settings = { ...DEFAULT_SETTINGS }) {
  return createSettingsForm({
    initial,
    delayMs: 400,
    onChange: (state) => states.push(state),
    save: async (key, value) => {
      saved.push([key, value]);
      return validateSetting(key, value);
    },
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  saved = [];
  states = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the autosaving form', () => {
  it('saves typed text once, after a short quiet time', async () => {
    const form = makeForm();
    form.edit('model', 'gpt');
    await vi.advanceTimersByTimeAsync(200);
    form.edit('model', 'gpt-5-nano');
    await vi.advanceTimersByTimeAsync(399);
    expect(saved).toEqual([]);
    expect(form.state().drafts.model).toBe('gpt-5-nano');
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([['model', 'gpt-5-nano']]);
    expect(form.state().stored.model).toBe('gpt-5-nano');
    expect(form.state().saved).toEqual({ key: 'model', count: 1 });
  });

  it('saves at once on a finished change, and not again when nothing changed', async () => {
    const form = makeForm();
    form.edit('batchSize', '10');
    form.commit('batchSize');
    await vi.runAllTimersAsync();
    expect(saved).toEqual([['batchSize', 10]]);
    form.commit('batchSize');
    await vi.runAllTimersAsync();
    expect(saved).toHaveLength(1);
  });

  it('refuses an invalid value beside the field and stores nothing', async () => {
    const form = makeForm();
    const verdict = form.commit('batchSize', '0');
    expect(verdict).toEqual({
      ok: false,
      message: 'Batch size must be a whole number from 1 to 100',
    });
    await vi.runAllTimersAsync();
    expect(saved).toEqual([]);
    expect(form.state().errors.batchSize).toBe('Batch size must be a whole number from 1 to 100');
    expect(form.state().drafts.batchSize).toBe('0');
    expect(form.state().stored.batchSize).toBe(20);

    form.commit('batchSize', '25');
    await vi.runAllTimersAsync();
    expect(form.state().errors.batchSize).toBeUndefined();
    expect(saved).toEqual([['batchSize', 25]]);
  });

  it('clears a refusal when the field goes back to the stored value', async () => {
    const form = makeForm();
    form.commit('concurrency', '99');
    form.commit('concurrency', '2');
    await vi.runAllTimersAsync();
    expect(form.state().errors).toEqual({});
  });

  it('says so when storing fails', async () => {
    const form = createSettingsForm({
      initial: { ...DEFAULT_SETTINGS },
      onChange: () => undefined,
      save: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')),
    });
    form.commit('followedAuthors', 'Ada Lovelace');
    await vi.runAllTimersAsync();
    expect(form.state().errors.followedAuthors).toBe('Not saved: QUOTA_BYTES quota exceeded');
  });

  it('keeps the verdict of the newest save when an older one finishes last', async () => {
    const answers: ((ok: boolean) => void)[] = [];
    const form = createSettingsForm({
      initial: { ...DEFAULT_SETTINGS },
      onChange: () => undefined,
      save: (key, value) =>
        new Promise((resolve) =>
          answers.push((ok) => resolve(ok ? { ok: true, value } : { ok: false, message: 'old' })),
        ),
    });
    form.commit('model', 'first-model');
    form.commit('model', 'second-model');
    answers[1]?.(true);
    await vi.runAllTimersAsync();
    answers[0]?.(false);
    await vi.runAllTimersAsync();
    expect(form.state().errors.model).toBeUndefined();
    expect(form.state().stored.model).toBe('second-model');
  });

  it('shows values stored elsewhere, but not over text being typed', async () => {
    const form = makeForm();
    form.edit('model', 'my-mod');
    form.storedElsewhere({ ...DEFAULT_SETTINGS, model: 'other', batchSize: 50 }, [
      'model',
      'batchSize',
    ]);
    expect(form.state().drafts.model).toBe('my-mod');
    expect(form.state().drafts.batchSize).toBe('50');
    expect(form.state().stored.batchSize).toBe(50);
  });

  it('keeps what was typed when storage holds the same value normalised', async () => {
    const form = makeForm();
    form.commit('baseUrl', 'http://localhost:11434/v1/');
    await vi.runAllTimersAsync();
    form.storedElsewhere({ ...DEFAULT_SETTINGS, baseUrl: 'http://localhost:11434/v1' }, [
      'baseUrl',
    ]);
    // Replacing the text would eat the slash just typed, and the next keystroke would go astray.
    expect(form.state().drafts.baseUrl).toBe('http://localhost:11434/v1/');
  });

  it('saves what is still waiting when the page is left', async () => {
    const form = makeForm();
    form.edit('criteria', 'Only papers on sparsity.');
    form.flush();
    await Promise.resolve();
    expect(saved).toEqual([['criteria', 'Only papers on sparsity.']]);
    await vi.runAllTimersAsync();
    expect(saved).toHaveLength(1);
  });
});

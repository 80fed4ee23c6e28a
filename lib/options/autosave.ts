import type { SettingKey, Settings, ValidationResult } from '../settings';
import { draftOf, draftsOf, sameValue, valueOfDraft, type Drafts } from './drafts';

/** What the options page shows: each field's contents, its refusal, the last setting saved. */
export interface FormState {
  drafts: Drafts;
  errors: Partial<Record<SettingKey, string>>;
  /** The settings as stored, as far as this page knows. */
  stored: Settings;
  /** The setting saved last; `count` grows with every save so a repeat is news too. */
  saved: { key: SettingKey; count: number } | null;
}

export interface Timers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface SettingsFormOptions {
  initial: Settings;
  /** Validates and stores one value (lib/settings' `saveSetting`). */
  save: <K extends SettingKey>(
    key: K,
    value: Settings[K],
  ) => Promise<ValidationResult<Settings[K]>>;
  onChange: (state: FormState) => void;
  /** Quiet time after the last keystroke before a text field is stored. */
  delayMs?: number;
  timers?: Timers;
}

export interface SettingsForm {
  state: () => FormState;
  /** A keystroke: the field shows it at once and it is stored after a short quiet time. */
  edit: <K extends SettingKey>(key: K, draft: Drafts[K]) => void;
  /**
   * A finished change (change event, a button, a select): validated and stored now. Returns the
   * verdict at once, so a handler can act within the user's gesture (a permission prompt).
   */
  commit: <K extends SettingKey>(key: K, draft?: Drafts[K]) => ValidationResult<Settings[K]>;
  /** Settings stored elsewhere (another tab, an import): shown unless the field is being typed in. */
  storedElsewhere: (settings: Settings, changed: readonly SettingKey[]) => void;
  /** Stores every field still waiting for its quiet time (the page is being left). */
  flush: () => void;
  dispose: () => void;
}

const browserTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Keeps the options form and storage in step: every change saves itself, refusals are shown. */
export function createSettingsForm(options: SettingsFormOptions): SettingsForm {
  const delayMs = options.delayMs ?? 400;
  const timers = options.timers ?? browserTimers;
  let state: FormState = {
    drafts: draftsOf(options.initial),
    errors: {},
    stored: { ...options.initial },
    saved: null,
  };
  const waiting = new Map<SettingKey, unknown>();
  // Per key: the newest save started. An older save finishing late must not overwrite its verdict.
  const latest = new Map<SettingKey, number>();
  let saves = 0;
  let disposed = false;

  const update = (next: Partial<FormState>) => {
    state = { ...state, ...next };
    if (!disposed) options.onChange(state);
  };

  const withError = (key: SettingKey, message: string | null) => {
    const errors = { ...state.errors };
    if (message === null) delete errors[key];
    else errors[key] = message;
    return errors;
  };

  const cancelWait = (key: SettingKey) => {
    if (!waiting.has(key)) return;
    timers.clearTimeout(waiting.get(key));
    waiting.delete(key);
  };

  const store = <K extends SettingKey>(key: K, value: Settings[K]) => {
    const ticket = ++saves;
    latest.set(key, ticket);
    options.save(key, value).then(
      (result) => {
        if (latest.get(key) !== ticket) return;
        if (!result.ok) return update({ errors: withError(key, result.message) });
        update({
          errors: withError(key, null),
          stored: { ...state.stored, [key]: result.value },
          saved: { key, count: (state.saved?.count ?? 0) + 1 },
        });
      },
      (error: unknown) => {
        if (latest.get(key) !== ticket) return;
        const detail = error instanceof Error ? error.message : String(error);
        update({ errors: withError(key, `Not saved: ${detail}`) });
      },
    );
  };

  const commit = <K extends SettingKey>(key: K, draft?: Drafts[K]) => {
    cancelWait(key);
    const text = draft ?? state.drafts[key];
    const checked = valueOfDraft(key, text);
    if (draft !== undefined) update({ drafts: { ...state.drafts, [key]: draft } });
    if (!checked.ok) {
      // Refused: say so beside the field; the stored value stays as it was.
      latest.set(key, ++saves);
      update({ errors: withError(key, checked.message) });
    } else if (sameValue(checked.value, state.stored[key]) && !(key in state.errors)) {
      // Nothing new (a blur after the debounce already saved it): no second "Saved".
    } else {
      store(key, checked.value);
    }
    return checked;
  };

  return {
    state: () => state,
    edit: (key, draft) => {
      update({ drafts: { ...state.drafts, [key]: draft } });
      cancelWait(key);
      waiting.set(
        key,
        timers.setTimeout(() => {
          waiting.delete(key);
          commit(key);
        }, delayMs),
      );
    },
    commit,
    storedElsewhere: (settings, changed) => {
      const drafts = { ...state.drafts };
      let errors = state.errors;
      for (const key of changed) {
        if (waiting.has(key)) continue; // being typed in: the typist's text wins
        const shown = valueOfDraft(key, drafts[key]);
        if (shown.ok && sameValue(shown.value, settings[key])) continue; // e.g. `…/v1/` vs `…/v1`
        Object.assign(drafts, { [key]: draftOf(key, settings[key]) });
        errors = { ...errors };
        delete errors[key];
      }
      update({ drafts, errors, stored: { ...settings } });
    },
    flush: () => {
      for (const key of [...waiting.keys()]) commit(key);
    },
    dispose: () => {
      disposed = true;
      for (const key of [...waiting.keys()]) cancelWait(key);
    },
  };
}

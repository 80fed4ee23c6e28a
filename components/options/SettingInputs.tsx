import type { ComponentChildren } from 'preact';
import type { FormBinding } from '../../lib/options/binding';
import { fieldId, SETTING_LABELS } from '../../lib/options/labels';
import { Field } from './Field';

// One component per kind of control, bound to one setting: every field labels itself, saves
// itself and shows its own refusal the same way.

type TextKey = 'apiKey' | 'baseUrl' | 'model' | 'dailyBudgetUsd';
type NumberKey = 'minRelevance' | 'minNovelty' | 'batchSize' | 'concurrency' | 'timeoutSeconds';
type TextAreaKey = 'criteria' | 'followedAuthors' | 'priceOverrides';

interface Common {
  form: FormBinding;
  hint?: ComponentChildren;
  extra?: ComponentChildren;
}

export interface TextSettingProps extends Common {
  setting: TextKey;
  type?: 'text' | 'url' | 'password';
  list?: string;
  placeholder?: string;
  inputMode?: 'text' | 'decimal' | 'url';
}

export function TextSetting({ form, setting, hint, extra, ...input }: TextSettingProps) {
  const { type = 'text', list, placeholder, inputMode } = input;
  return (
    <Field
      id={fieldId(setting)}
      label={SETTING_LABELS[setting]}
      hint={hint}
      error={form.errors[setting]}
      extra={extra}
    >
      {(aria) => (
        <input
          {...aria}
          type={type}
          list={list}
          placeholder={placeholder}
          inputMode={inputMode}
          value={form.drafts[setting]}
          autocomplete="off"
          spellcheck={false}
          onInput={(event) => form.onEdit(setting, event.currentTarget.value)}
          onChange={(event) => form.onCommit(setting, event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export interface NumberSettingProps extends Common {
  setting: NumberKey;
  min: number;
  max: number;
}

export function NumberSetting({ form, setting, hint, min, max }: NumberSettingProps) {
  return (
    <Field
      id={fieldId(setting)}
      label={SETTING_LABELS[setting]}
      hint={hint}
      error={form.errors[setting]}
    >
      {(aria) => (
        <input
          {...aria}
          class="input--number"
          type="number"
          min={min}
          max={max}
          step={1}
          value={form.drafts[setting]}
          onInput={(event) => form.onEdit(setting, event.currentTarget.value)}
          onChange={(event) => form.onCommit(setting, event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export interface TextAreaSettingProps extends Common {
  setting: TextAreaKey;
  rows: number;
  placeholder?: string;
}

export function TextAreaSetting({
  form,
  setting,
  hint,
  extra,
  rows,
  placeholder,
}: TextAreaSettingProps) {
  return (
    <Field
      id={fieldId(setting)}
      label={SETTING_LABELS[setting]}
      hint={hint}
      error={form.errors[setting]}
    >
      {(aria) => (
        <>
          <textarea
            {...aria}
            rows={rows}
            placeholder={placeholder}
            spellcheck={setting === 'criteria'}
            value={form.drafts[setting]}
            onInput={(event) => form.onEdit(setting, event.currentTarget.value)}
            onChange={(event) => form.onCommit(setting, event.currentTarget.value)}
          />
          {extra}
        </>
      )}
    </Field>
  );
}

export interface SelectSettingProps extends Common {
  setting: 'reasoningEffort';
  choices: readonly { value: string; label: string }[];
}

export function SelectSetting({ form, setting, hint, choices }: SelectSettingProps) {
  return (
    <Field
      id={fieldId(setting)}
      label={SETTING_LABELS[setting]}
      hint={hint}
      error={form.errors[setting]}
    >
      {(aria) => (
        <select
          {...aria}
          value={form.drafts[setting]}
          onChange={(event) => form.onCommit(setting, event.currentTarget.value)}
        >
          {choices.map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export interface SwitchSettingProps extends Common {
  setting: 'autoScore';
  label: string;
}

/** A checkbox: its label follows it, as people expect of a checkbox. */
export function SwitchSetting({ form, setting, hint, label }: SwitchSettingProps) {
  const id = fieldId(setting);
  const error = form.errors[setting];
  return (
    <div class="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={form.drafts[setting]}
        aria-describedby={
          [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined
        }
        aria-invalid={error ? 'true' : undefined}
        onChange={(event) => form.onCommit(setting, event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="field__hint">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} class="field__error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}

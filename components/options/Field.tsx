import type { ComponentChildren } from 'preact';

/** The attributes that tie a control to its label, hint and refusal. */
export interface ControlAria {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

export interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** Beside the control, e.g. a "Show key" button. */
  extra?: ComponentChildren;
  children: (aria: ControlAria) => ComponentChildren;
}

/** A visible label, the control, an optional hint, and the refusal when the value was refused. */
export function Field({ id, label, hint, error, extra, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const aria: ControlAria = {
    id,
    ...(describedBy !== '' && { 'aria-describedby': describedBy }),
    ...(error && { 'aria-invalid': 'true' as const }),
  };
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for={id}>{label}</label>
      {extra ? (
        <div class="field__row">
          {children(aria)}
          {extra}
        </div>
      ) : (
        children(aria)
      )}
      {hint && (
        <p id={hintId} class="field__hint">
          {hint}
        </p>
      )}
      {/* Always present, so screen readers hear a refusal when it appears. */}
      <p id={errorId} class="field__error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}

import type { ComponentChildren } from 'preact';

export interface NoticeProps {
  tone: 'info' | 'error';
  children: ComponentChildren;
  /** A button after the text: what the reader can do about it. */
  action?: { label: string; onClick: () => void } | null;
}

/** A short message in the popup, with the one thing to do next. */
export function Notice({ tone, children, action = null }: NoticeProps) {
  return (
    // Errors interrupt (alert); anything else is announced politely.
    <div class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p>{children}</p>
      {action && (
        <button type="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { SETTING_LABELS } from '../../lib/options/labels';
import type { SettingKey } from '../../lib/settings';

export interface SavedNoteProps {
  saved: { key: SettingKey; count: number } | null;
  /** How long the note stays. */
  showMs?: number;
}

/** A small "Saved" that appears after each save and then steps aside. */
export function SavedNote({ saved, showMs = 4000 }: SavedNoteProps) {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (saved === null) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), showMs);
    return () => clearTimeout(timer);
  }, [saved?.count, showMs]);
  return (
    // Always in the page: a status region announces only changes to a region already present.
    <p class={visible ? 'saved-note saved-note--visible' : 'saved-note'} role="status">
      {visible && saved ? `Saved: ${SETTING_LABELS[saved.key]}` : ''}
    </p>
  );
}

import type { SettingKey } from '../settings';
import type { Drafts } from './drafts';

/** What a settings field needs from the page: its text, its refusal, and where edits go. */
export interface FormBinding {
  drafts: Drafts;
  errors: Partial<Record<SettingKey, string>>;
  /** Each keystroke: saved after a short pause. */
  onEdit: <K extends SettingKey>(key: K, draft: Drafts[K]) => void;
  /** A finished change (change event, select, checkbox, button): saved now. */
  onCommit: <K extends SettingKey>(key: K, draft?: Drafts[K]) => void;
}

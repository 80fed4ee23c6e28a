import {
  validateSetting,
  type SettingKey,
  type Settings,
  type ValidationResult,
} from '../settings';

// What a field holds while it is edited: text for everything but the on/off switch. Turning text
// into a setting's value lives here, so a value typed, imported or stored is judged the same way.

/** A field's contents for each setting. */
export type Drafts = { [K in SettingKey]: K extends 'autoScore' ? boolean : string };

const NUMBER_KEYS = new Set<SettingKey>([
  'minRelevance',
  'minNovelty',
  'batchSize',
  'concurrency',
  'timeoutSeconds',
]);

const PRICE_EXAMPLE = '{"my-model": {"input": 0.5, "cachedInput": 0.05, "output": 2}}';

/** How a stored value is shown in its field. */
export function draftOf<K extends SettingKey>(key: K, value: Settings[K]): Drafts[K] {
  return toDraft(key, value) as Drafts[K];
}

function toDraft(key: SettingKey, value: unknown): string | boolean {
  if (typeof value === 'boolean') return value;
  if (key === 'dailyBudgetUsd') return value === null ? '' : String(value);
  if (key === 'priceOverrides') {
    const empty = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    return empty ? '' : JSON.stringify(value, null, 2);
  }
  return String(value);
}

/** Every setting as its field shows it. */
export function draftsOf(settings: Settings): Drafts {
  const entries = Object.keys(settings).map((key) => {
    const k = key as SettingKey;
    return [k, toDraft(k, settings[k])];
  });
  return Object.fromEntries(entries) as Drafts;
}

/** The value a field's contents stand for, checked by the setting's own validation. */
export function valueOfDraft<K extends SettingKey>(
  key: K,
  draft: Drafts[K],
): ValidationResult<Settings[K]> {
  const parsed = parseDraft(key, draft);
  return parsed.ok ? validateSetting(key, parsed.value) : parsed;
}

function parseDraft(key: SettingKey, draft: string | boolean): ValidationResult<unknown> {
  if (typeof draft === 'boolean') return { ok: true, value: draft };
  // An empty number field is NaN, not 0: validation then asks for a number instead of a range.
  if (NUMBER_KEYS.has(key)) return { ok: true, value: numberFromText(draft) };
  if (key === 'dailyBudgetUsd') return { ok: true, value: budgetFromText(draft) };
  if (key === 'priceOverrides') return priceOverridesFromText(draft);
  return { ok: true, value: draft };
}

/** A number typed in a field; NaN when it is empty or not a number. */
export function numberFromText(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Empty means no budget (null); a leading `$` is forgiven. */
export function budgetFromText(text: string): number | null {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  return trimmed === '' ? null : numberFromText(trimmed);
}

/** Empty means no overrides; anything else must be a JSON object. */
export function priceOverridesFromText(text: string): ValidationResult<unknown> {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: `Price overrides must be JSON, e.g. ${PRICE_EXAMPLE}` };
  }
}

/** Whether two values of a setting are the same (objects compared by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** What the fields show where it is valid, else what is stored: what an export should hold. */
export function valuesShown(drafts: Drafts, stored: Settings): Settings {
  const values = { ...stored };
  for (const key of Object.keys(stored) as SettingKey[]) {
    const checked = valueOfDraft(key, drafts[key]);
    if (checked.ok) Object.assign(values, { [key]: checked.value });
  }
  return values;
}

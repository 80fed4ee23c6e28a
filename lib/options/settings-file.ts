import { SETTING_KEYS, validateSetting, type SettingKey, type Settings } from '../settings';

// The settings file: readable JSON a researcher can keep, edit and share. The API key stays out
// unless asked for, so a shared file does not give away a paid key.

const FORMAT = 'paper-sieve-settings';
const VERSION = 1;

export interface SettingsFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  exportedAt: string;
  settings: Partial<Settings>;
}

/** The export's JSON text; `includeApiKey` false leaves the key out. */
export function settingsFileText(
  settings: Settings,
  { includeApiKey, now }: { includeApiKey: boolean; now: Date },
): string {
  const chosen: Partial<Settings> = { ...settings };
  if (!includeApiKey) delete chosen.apiKey;
  const file: SettingsFile = {
    format: FORMAT,
    version: VERSION,
    exportedAt: now.toISOString(),
    settings: chosen,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** `paper-sieve-settings-2025-10-16.json`, dated in local time. */
export function settingsFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `paper-sieve-settings-${day}.json`;
}

export interface Refusal {
  key: SettingKey;
  message: string;
}

export type ImportResult =
  | {
      ok: true;
      /** Values that passed validation (normalised), ready to store. */
      accepted: Partial<Settings>;
      /** Settings in the file whose value was refused, each with the reason. */
      refused: Refusal[];
      /** Names in the file that are no setting of Paper Sieve. */
      unknown: string[];
    }
  | { ok: false; message: string };

/**
 * Reads a settings file: this page's export, or a bare object of settings. Each value is judged
 * on its own, so one bad value does not cost the others.
 */
export function readSettingsFile(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: 'This file is not JSON: choose a file exported from Paper Sieve.',
    };
  }
  if (!isRecord(parsed)) {
    return { ok: false, message: 'This file holds no settings: expected a JSON object.' };
  }
  if ('format' in parsed && parsed['format'] !== FORMAT) {
    return { ok: false, message: 'This file is not a Paper Sieve settings file.' };
  }
  if (typeof parsed['version'] === 'number' && parsed['version'] > VERSION) {
    return {
      ok: false,
      message: 'This file was written by a newer Paper Sieve: update the extension to read it.',
    };
  }
  const settings = isRecord(parsed['settings']) ? parsed['settings'] : parsed;
  if (settings === parsed && 'format' in parsed) {
    return { ok: false, message: 'This settings file holds no settings.' };
  }

  const accepted: Partial<Record<SettingKey, unknown>> = {};
  const refused: Refusal[] = [];
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (settings === parsed && ['format', 'version', 'exportedAt'].includes(name)) continue;
    if (!isSettingKey(name)) {
      unknown.push(name);
      continue;
    }
    const checked = validateSetting(name, value);
    if (checked.ok) accepted[name] = checked.value;
    else refused.push({ key: name, message: checked.message });
  }
  return { ok: true, accepted: accepted as Partial<Settings>, refused, unknown };
}

function isSettingKey(name: string): name is SettingKey {
  return (SETTING_KEYS as string[]).includes(name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

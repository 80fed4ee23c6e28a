import type { ConnectionReport, ConnectionSettings } from '../../lib/llm/connection-test';
import type { StoreStatsResponse } from '../../lib/messaging/protocol';
import type { SettingKey, Settings, ValidationResult } from '../../lib/settings';

/**
 * Everything the options page needs from the extension, handed in by its entrypoint, so these
 * components never touch browser APIs and tests can hand in fakes.
 */
export interface OptionsServices {
  save: <K extends SettingKey>(
    key: K,
    value: Settings[K],
  ) => Promise<ValidationResult<Settings[K]>>;
  /** Calls back when settings are stored anywhere; returns the function that stops watching. */
  watch: (onChange: (settings: Settings, changed: SettingKey[]) => void) => () => void;
  testConnection: (settings: ConnectionSettings) => Promise<ConnectionReport>;
  listModels: (baseUrl: string, apiKey: string) => Promise<string[]>;
  storeStats: () => Promise<StoreStatsResponse>;
  clearStore: () => Promise<void>;
  hasHostAccess: (pattern: string) => Promise<boolean>;
  /** Must be called synchronously within a user's click or change: browsers require a gesture. */
  requestHostAccess: (pattern: string) => Promise<boolean>;
  download: (fileName: string, text: string) => void;
  now: () => Date;
}

/** An error's message, for a sentence. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

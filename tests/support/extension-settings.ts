import type { Worker } from 'playwright-core';
import type { Settings } from '../../lib/settings';

/**
 * Stores settings the way the options page does (one `local:` item each), from inside the
 * extension's service worker.
 */
export async function setSettings(worker: Worker, settings: Partial<Settings>): Promise<void> {
  // WXT's `local:settings.apiKey` item is `settings.apiKey` in chrome.storage.local.
  const stored = Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [`settings.${key}`, value]),
  );
  await worker.evaluate(async (values) => {
    const api = (
      globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
    ).chrome;
    await api.storage.local.set(values);
  }, stored);
}

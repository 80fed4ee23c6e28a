import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsPage } from '../../components/options/OptionsPage';
import type { OptionsServices } from '../../components/options/services';
import { ask } from '../../lib/messaging/client';
import { showsWelcome } from '../../lib/options/welcome';
import { readSettings, saveSetting, watchSettings } from '../../lib/settings';
import './style.css';

// Wiring only: the page's components get storage, the background and the browser through here.
const services: OptionsServices = {
  save: (key, value) => saveSetting(key, value),
  watch: watchSettings,
  testConnection: (settings) => ask({ type: 'connection/test', ...settings }),
  listModels: async (baseUrl, apiKey) =>
    (await ask({ type: 'models/list', baseUrl, apiKey })).models,
  storeStats: () => ask({ type: 'store/stats' }),
  clearStore: async () => void (await ask({ type: 'store/clear' })),
  hasHostAccess: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  requestHostAccess: (pattern) => browser.permissions.request({ origins: [pattern] }),
  download,
  now: () => new Date(),
};

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const settings = await readSettings();
  render(
    <OptionsPage
      initial={settings}
      welcome={showsWelcome(settings.apiKey, location.search)}
      services={services}
    />,
    root,
  );
}

void start();

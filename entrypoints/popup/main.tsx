import { render } from 'preact';
import { browser, type Browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import type { PopupServices, PopupTarget } from '../../components/popup/services';
import { ask } from '../../lib/messaging/client';
import { listingOfUrl } from '../../lib/popup/listing-url';
import { tabParam } from '../../lib/popup/tab-param';
import { readSetting } from '../../lib/settings';
import { localDay } from '../../lib/store/runs';
import './style.css';

// Wiring only: the popup's components get the background, the tab and the browser through here.
const services: PopupServices = {
  pageDigest: (url) => ask({ type: 'digest/page', url }),
  days: async (limit) => (await ask({ type: 'digest/days', limit })).days,
  dayDigest: async (date) => (await ask({ type: 'digest/day', date })).digest,
  stopScoring: async (url) => (await ask({ type: 'scoring/stop', url })).stopped,
  sendToTab: async (tabId, message) => void (await browser.tabs.sendMessage(tabId, message)),
  openOptions: () => void browser.runtime.openOptionsPage(),
  download,
  copy: (text) => navigator.clipboard.writeText(text),
  timers: {
    set: (callback, ms) => setTimeout(callback, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
};

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The tab the popup speaks about. Opened from the toolbar it is the active tab, whose address
 * `activeTab` lets us see. `popup.html?tab=<tabId>[&url=<address>]` names the tab instead
 * (`browser.tabs.get`): end-to-end tests open the popup as a page of its own, find the arXiv
 * tab's id and pass its address, which the browser hides from us without the toolbar click.
 */
async function findTarget(): Promise<PopupTarget> {
  const named = tabParam(location.search);
  let tab: Browser.tabs.Tab | undefined;
  if (named) tab = await browser.tabs.get(named.tabId).catch(() => undefined);
  else [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const listing = listingOfUrl(tab?.url ?? named?.url);
  return listing && tab?.id !== undefined
    ? { kind: 'listing', tabId: tab.id, ...listing }
    : { kind: 'elsewhere' };
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const [target, apiKey] = await Promise.all([findTarget(), readSetting('apiKey')]);
  render(
    <Popup
      target={target}
      hasKey={apiKey !== ''}
      services={services}
      today={localDay(Date.now())}
    />,
    root,
  );
}

// Storage or the tabs API failing is rare, but a blank popup would say nothing at all.
start().catch((error: unknown) => {
  console.error('Paper Sieve’s popup could not start', error);
  const root = document.getElementById('app');
  if (root) root.textContent = 'Paper Sieve could not start. Close this popup and open it again.';
});

import { browser } from 'wxt/browser';

async function start(): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  document.getElementById('app')!.textContent = JSON.stringify(tab ?? null);
  await browser.storage.local.set({ experiment: JSON.stringify(tab ?? null) });
}
void start();

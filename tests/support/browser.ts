import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = resolve(REPO_ROOT, '.output/chrome-mv3');
export const ARTIFACTS_DIR = resolve(REPO_ROOT, 'tests/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it runs now (it may be restarted by Chromium). */
  serviceWorker: () => Promise<Worker>;
  /** Stops the extension's service worker, as Chrome does to an idle one; it restarts on the next event. */
  stopServiceWorker: () => Promise<void>;
  close: () => Promise<void>;
}

export interface LaunchOptions {
  /** `MAP arxiv.org 127.0.0.1:PORT, …` from the loopback arXiv server. */
  hostResolverRules?: string;
  /** A profile directory to keep between launches (a browser restart); a fresh one otherwise. */
  userDataDir?: string;
  colorScheme?: 'light' | 'dark';
}

/** Starts Debian's Chromium with the built extension loaded, offline but for loopback servers. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  if (!existsSync(resolve(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` (as root).`);
  }
  const args = [
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    // The loopback arXiv server has a self-signed certificate for arxiv.org.
    '--ignore-certificate-errors',
  ];
  if (options.hostResolverRules) args.push(`--host-resolver-rules=${options.hostResolverRules}`);

  const context = await chromium.launchPersistentContext(options.userDataDir ?? '', {
    executablePath: CHROMIUM,
    headless: true,
    args,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1200, height: 900 },
  });
  const serviceWorker = async (): Promise<Worker> => {
    const running = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return running ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const worker = await serviceWorker();
  const extensionId = new URL(worker.url()).host;
  // A fresh profile is a first install: the extension opens its Options tab (its welcome). Left
  // open, Chromium may load it into a tab a test has just created, taking that tab's navigation
  // over; it is closed once it shows. A kept profile (`userDataDir`) is left to its test.
  if (options.userDataDir === undefined) await closeWelcome(context);
  const stopServiceWorker = async () => {
    const browser = context.browser();
    if (!browser) throw new Error('No browser-level CDP session for this context.');
    const cdp = await browser.newBrowserCDPSession();
    try {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const prefix = `chrome-extension://${extensionId}/`;
      const workers = targetInfos.filter(
        (target) => target.type === 'service_worker' && target.url.startsWith(prefix),
      );
      for (const target of workers) {
        await cdp.send('Target.closeTarget', { targetId: target.targetId });
      }
    } finally {
      await cdp.detach();
    }
  };
  return { context, extensionId, serviceWorker, stopServiceWorker, close: () => context.close() };
}

/**
 * Closes the Options tab a first install opens, once it shows: the tab may exist before it has
 * navigated, so every page's address is looked at until one is it (10 s at most).
 */
async function closeWelcome(context: BrowserContext): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const welcome = context.pages().find((page) => page.url().includes('/options.html'));
    if (welcome) return welcome.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where tests leave screenshots and reports for a person to look at. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return resolve(ARTIFACTS_DIR, name);
}

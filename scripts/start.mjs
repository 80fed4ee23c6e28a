#!/usr/bin/env node
// `npm start`: build the extension and open Chromium with it loaded on an arXiv listing.
// On a machine without a display or without Chromium it says exactly how to load it by hand.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = resolve(root, '.output/chrome-mv3');
const profileDir = resolve(root, '.chromium-profile');
const startUrl = process.argv[2] ?? 'https://arxiv.org/list/cs.LG/new';

const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const loadByHand = `
To load it by hand in Chrome, Chromium, Edge or Brave:
  1. open chrome://extensions
  2. switch on "Developer mode" (top right)
  3. click "Load unpacked" and choose ${extensionDir}
Then open ${startUrl}. For Firefox: \`npm run build:firefox\`, then about:debugging →
"This Firefox" → "Load Temporary Add-on…" → .output/firefox-mv2/manifest.json.`;

const browser = findChromium();
const hasDisplay =
  process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
if (!browser || !hasDisplay) {
  console.log(
    browser
      ? `\nBuilt ${extensionDir}, but there is no display to open ${browser} on.`
      : `\nBuilt ${extensionDir}, but no Chromium was found (Debian: apt-get install -y chromium).`,
  );
  console.log(loadByHand);
  process.exit(0);
}

console.log(`\nOpening ${browser} with Paper Sieve loaded (profile: ${profileDir}).`);
console.log('Set your API key on the options page it opens on first install.');
const child = spawn(
  browser,
  [
    `--user-data-dir=${profileDir}`,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    startUrl,
  ],
  { stdio: 'ignore', detached: true },
);
child.on('error', (error) => {
  console.error(`Could not start ${browser}: ${error.message}`);
  console.log(loadByHand);
});
child.unref();

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { polyfillForContentScript } from './build/polyfill-for-content-script';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // The content script loads on every listing visit: its polyfill wraps only what it calls.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) {
        config.plugins = [...(config.plugins ?? []), polyfillForContentScript()];
      }
    },
  },
  vite: () => ({
    // prefresh (hot reload) is dev-only and adds nothing useful to an extension bundle.
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    // Terser (safe options, three compress passes): ~1.7 kB less than esbuild's minifier on the
    // content script, which every listing visit loads (the bench holds it to 60 kB).
    build: {
      minify: 'terser',
      terserOptions: { ecma: 2020, toplevel: true, compress: { passes: 3 } },
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Paper Sieve',
    description:
      'Triage the daily arXiv listings in place: an LLM scores every paper against your own criteria.',
    // `offscreen`: Chrome's service worker has no XML parser; Firefox's background page does.
    // `activeTab`: the popup reads which listing the current tab shows, only when clicked.
    permissions:
      browser === 'firefox' ? ['storage', 'activeTab'] : ['storage', 'activeTab', 'offscreen'],
    // The background fetches missing abstracts from the arXiv API.
    host_permissions: ['https://export.arxiv.org/*'],
    // An endpoint other than OpenAI (OpenRouter, a local Ollama) is asked for at run time, from
    // the options page, for its origin only; MV2 (Firefox) lists optional hosts as permissions.
    ...(manifestVersion === 2
      ? // WXT types the manifest as MV3's, whose optional_permissions take no match patterns.
        ({ optional_permissions: ['https://*/*', 'http://*/*'] } as object)
      : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    // Firefox keys extension storage by this id; without one a reinstall would lose settings.
    ...(browser === 'firefox' && {
      browser_specific_settings: { gecko: { id: 'paper-sieve@paper-sieve.dev' } },
    }),
  }),
});

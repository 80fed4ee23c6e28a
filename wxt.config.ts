import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    // prefresh (hot reload) is dev-only and adds nothing useful to an extension bundle.
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
  }),
  manifest: ({ browser }) => ({
    name: 'Paper Sieve',
    description:
      'Triage the daily arXiv listings in place: an LLM scores every paper against your own criteria.',
    // `offscreen`: Chrome's service worker has no XML parser; Firefox's background page does.
    permissions: browser === 'firefox' ? ['storage'] : ['storage', 'offscreen'],
    // The background fetches missing abstracts from the arXiv API.
    host_permissions: ['https://export.arxiv.org/*'],
    // Firefox keys extension storage by this id; without one a reinstall would lose settings.
    ...(browser === 'firefox' && {
      browser_specific_settings: { gecko: { id: 'paper-sieve@paper-sieve.dev' } },
    }),
  }),
});

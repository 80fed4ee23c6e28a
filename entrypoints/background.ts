import { browser } from 'wxt/browser';
import { createAbstractFetcher } from '../lib/arxiv/abstract-fetcher';
import { takeInListing } from '../lib/arxiv/listing-intake';
import { dayDigest, daySummaries, pageDigest } from '../lib/digest/queries';
import { testConnection } from '../lib/llm/connection-test';
import { createLlmClient } from '../lib/llm/client';
import { createRouter } from '../lib/messaging/router';
import { PAGE_PORT } from '../lib/messaging/protocol';
import { createAtomFeedParser } from '../lib/platform/atom-parser';
import { systemClock } from '../lib/platform/clock';
import { lastArxivRequest } from '../lib/platform/session-values';
import { createScoringBackground } from '../lib/scoring/background';
import { readSettings, watchSettings } from '../lib/settings';
import { openSieveDb, type SieveDb } from '../lib/store/db';
import { abstractStoreFor } from '../lib/store/papers';
import { clearStore, storeStats } from '../lib/store/stats';

export default defineBackground(() => {
  // Opened on first use and kept while the worker lives; Chrome stops idle workers anyway.
  let db: Promise<SieveDb> | null = null;
  const database = () => (db ??= openSieveDb());

  const fetcher = createAbstractFetcher({
    fetch: (url, init) => fetch(url, init),
    clock: systemClock,
    parseFeed: createAtomFeedParser(),
    store: {
      getStoredAbstracts: async (ids) => abstractStoreFor(await database()).getStoredAbstracts(ids),
      saveApiEntries: async (entries) => abstractStoreFor(await database()).saveApiEntries(entries),
    },
    // A restarted worker must still keep arXiv's three seconds between requests.
    lastRequestAt: lastArxivRequest.read,
    onRequestStart: (startedAt) => void lastArxivRequest.write(startedAt),
  });

  const scoring = createScoringBackground({
    db: database,
    settings: readSettings,
    clock: systemClock,
    random: Math.random,
  });

  browser.runtime.onMessage.addListener(
    createRouter(browser.runtime.id, {
      'listing/read': async ({ papers }) =>
        takeInListing(papers, { db: await database(), fetcher, now: Date.now }),
      'options/open': async () => {
        await browser.runtime.openOptionsPage();
        return { opened: true };
      },
      'connection/test': (settings) => testConnection(settings, { fetch }),
      'models/list': async ({ baseUrl, apiKey }) => ({
        models: await createLlmClient({ baseUrl, apiKey, model: '' }).listModels(),
      }),
      'store/stats': async () => storeStats(await database()),
      'store/clear': async () => {
        await clearStore(await database());
        return { cleared: true };
      },
      'digest/page': async ({ url }) =>
        pageDigest(await database(), url, await readSettings(), Date.now()),
      'digest/day': async ({ date }) => ({
        digest: await dayDigest(await database(), date, await readSettings()),
      }),
      'digest/days': async ({ limit }) => ({ days: await daySummaries(await database(), limit) }),
      'scoring/stop': async ({ url }) => ({ stopped: await scoring.stop(url) }),
    }),
  );

  // First install: the options page, where the three first steps (key, criteria, arXiv) are.
  browser.runtime.onInstalled.addListener(
    ({ reason }) => reason === 'install' && browser.runtime.openOptionsPage(),
  );

  browser.runtime.onConnect.addListener((port) => {
    // Only our own content scripts and pages may connect; anything else is dropped.
    if (port.name !== PAGE_PORT || port.sender?.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    scoring.connectPage(port);
  });

  // Options changed: open pages recolour or ask again; a queue waiting for a key wakes up.
  watchSettings((_settings, changed) => {
    scoring.settingsChanged(changed).catch((error: unknown) => console.error(error));
  });

  // A worker stopped mid-run left its queue in IndexedDB: pick it up.
  void scoring.resume();
});

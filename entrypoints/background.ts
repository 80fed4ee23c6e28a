import { browser } from 'wxt/browser';
import { createAbstractFetcher } from '../lib/arxiv/abstract-fetcher';
import { takeInListing } from '../lib/arxiv/listing-intake';
import { createRouter } from '../lib/messaging/router';
import { createAtomFeedParser } from '../lib/platform/atom-parser';
import { systemClock } from '../lib/platform/clock';
import { lastArxivRequest } from '../lib/platform/session-values';
import { openSieveDb, type SieveDb } from '../lib/store/db';
import { abstractStoreFor } from '../lib/store/papers';

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

  browser.runtime.onMessage.addListener(
    createRouter(browser.runtime.id, {
      'listing/read': async ({ papers }) =>
        takeInListing(papers, { db: await database(), fetcher, now: Date.now }),
    }),
  );
});

// Preact's classic JSX runtime: the content script ships `h` (Preact's createElement) anyway,
// where the automatic runtime adds a factory of its own (see docs/architecture.md).
/** @jsxRuntime classic */
/** @jsx h */
import { h, render } from 'preact';
import { browser } from 'wxt/browser';
import { SieveBar } from '../../components/SieveBar';
import { readListingPage } from '../../lib/arxiv/listing';
import { ask } from '../../lib/messaging/client';
import { clipReading } from '../../lib/messaging/limits';
import { isTabMessage, PAGE_PORT } from '../../lib/messaging/protocol';
import { annotateEntry, installAnnotationListener } from '../../lib/page/annotate';
import { KEYBOARD_SHORTCUTS } from '../../lib/page/keyboard';
import { createListingView, type EntryFilter, type EntryOrder } from '../../lib/page/listing-view';
import { completeListing } from '../../lib/page/read-page';
import { scoreListingPage, type PagePortLike } from '../../lib/page/score-page';
import type { PageStatus } from '../../lib/page/status';
import barStyle from './style.css?inline';
import './entries.css';
import { mountShadowHost } from '../../lib/page/shadow-host';
import '../../lib/page/annotation-style.css';

export default defineContentScript({
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/catchup/*'],
  // Both stylesheets imported above go in the manifest, and the browser injects them before the
  // page is first laid out: entries.css lets off-screen entries skip rendering, and the
  // annotations' styles stay out of this script, which loads on every listing visit. The bar's
  // stylesheet (`?inline`) goes into the bar's own shadow root (see lib/page/shadow-host.ts).
  cssInjectionMode: 'manifest',

  async main(ctx) {
    const page = readListingPage(document, location.href);
    if (page === null) return; // not a listing: leave the page alone
    const { listing, entryOf: elements, entries } = page;

    // What the bar shows; `draw` re-renders it whenever a part changes.
    let status: PageStatus | null = null;
    let view = { order: 'arxiv' as EntryOrder, filter: 'all' as EntryFilter, helpOpen: false };
    const bar = mountShadowHost(barAnchor(document), 'paper-sieve-bar', barStyle);
    let controls = {
      onOrder: (_order: EntryOrder) => undefined as void,
      onFilter: (_filter: EntryFilter) => undefined as void,
      onScore: () => undefined as void,
      onRetry: () => undefined as void,
    };
    const draw = () => {
      if (!status) return;
      render(
        <SieveBar
          status={status}
          {...view}
          shortcuts={KEYBOARD_SHORTCUTS}
          {...controls}
          onHelp={(helpOpen) => {
            view = { ...view, helpOpen };
            draw();
          }}
        />,
        bar.container,
      );
    };

    // Stores the listing (and fetches missing abstracts); remembered judgements need only the
    // ids, so they are asked for meanwhile, and the rest is scored once this is done.
    const reading = completeListing(listing, {
      // Sent in a task of its own, after the request for what is known: 2000 papers are ~2 MB
      // to serialise, work that need not lengthen the page's first task.
      sendListing: (papers) =>
        new Promise<void>((sent) => ctx.setTimeout(() => sent(), 0)).then(() =>
          ask({ type: 'listing/read', papers: papers.map(clipReading) }),
        ),
      render: (next) => {
        status = { ...next, scoring: status?.scoring ?? null };
        draw();
      },
    });

    const openOptions = () => void ask({ type: 'options/open' });

    const scoring = scoreListingPage(
      {
        url: location.href,
        category: listing.category,
        pageKind: listing.pageKind,
        listingDate: listing.date,
      },
      {
        connect: () => browser.runtime.connect({ name: PAGE_PORT }) as unknown as PagePortLike,
        paperIds: [...elements.keys()],
        writeEntry: (id, entryStatus, scores) => {
          const entry = elements.get(id);
          if (!entry) return;
          annotateEntry(entry.dt, entry.dd, entryStatus, scores.thresholds, handlers, id);
        },
        onWritten: (summary) => {
          if (status) status = { ...status, scoring: summary };
          listingView.scoresChanged();
          draw();
        },
        frame: (callback) => requestAnimationFrame(callback),
        now: () => performance.now(),
        later: (ms, callback) => ctx.setTimeout(callback, ms),
      },
    );
    const handlers = { onRetry: (id: string) => scoring.retry([id]), onOpenOptions: openOptions };

    const listingView = createListingView({
      doc: document,
      entries,
      scores: scoring.scores,
      open: (url) => void window.open(url, '_blank', 'noopener'),
      onHelp: () => {
        view = { ...view, helpOpen: !view.helpOpen };
        draw();
      },
    });
    controls = {
      onOrder: (order) => {
        view = { ...view, order };
        listingView.setOrder(order);
        draw();
      },
      onFilter: (filter) => {
        view = { ...view, filter };
        listingView.setFilter(filter);
        draw();
      },
      onScore: () => scoring.retry(),
      onRetry: () => scoring.retry(),
    };
    // The popup, opened on this tab, can bring a paper into view or start scoring.
    const onTabMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || !isTabMessage(message)) return undefined;
      if (message.type === 'page/score-now') scoring.retry();
      else listingView.reveal(message.paperId);
      return Promise.resolve({ done: true });
    };
    browser.runtime.onMessage.addListener(onTabMessage);
    const removeListener = installAnnotationListener(document, handlers);
    ctx.onInvalidated(() => {
      scoring.stop();
      listingView.dispose();
      removeListener();
      browser.runtime.onMessage.removeListener(onTabMessage);
      render(null, bar.container);
      bar.remove();
    });
    scoring.start();
    await reading;
    scoring.scoreRest();
  },
});

/** Above the first section of entries, where a reader looks first; the page body otherwise. */
function barAnchor(doc: Document): Element {
  return doc.querySelector('#dlpage dl') ?? doc.querySelector('#dlpage') ?? doc.body;
}

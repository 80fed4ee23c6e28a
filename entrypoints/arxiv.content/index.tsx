// Preact's classic JSX runtime: the content script ships `h` (Preact's createElement) anyway,
// where the automatic runtime adds a factory of its own (see docs/architecture.md).
/** @jsxRuntime classic */
/** @jsx h */
import { h, render } from 'preact';
import { browser } from 'wxt/browser';
import { SieveBar } from '../../components/SieveBar';
import { readListingPageInSlices } from '../../lib/arxiv/listing';
import { ask } from '../../lib/messaging/client';
import { clipReading } from '../../lib/messaging/limits';
import { isTabMessage, PAGE_PORT } from '../../lib/messaging/protocol';
import { afterNextPaint } from '../../lib/page/after-paint';
import { installAnnotationListener } from '../../lib/page/annotate';
import { createAnnotator, rendersLazily } from '../../lib/page/annotator';
import { KEYBOARD_SHORTCUTS } from '../../lib/page/keyboard';
import { createListingView, type EntryFilter, type EntryOrder } from '../../lib/page/listing-view';
import { completeListing } from '../../lib/page/read-page';
import { scoreListingPage, type PagePortLike } from '../../lib/page/score-page';
import { askEarly } from '../../lib/page/early-ask';
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
    // Where the extension's work on a page starts, for profiling (and `npm run bench`).
    performance.mark('paper-sieve:start');
    const connectPage = () =>
      browser.runtime.connect({ name: PAGE_PORT }) as unknown as PagePortLike;
    // What is known is asked for at a glance, and looked up while the page is read in full.
    const early = askEarly(document, location.href, connectPage);
    // The full read in slices of its own tasks: ~45 ms for 2000 entries is too long for one.
    const page = await readListingPageInSlices(document, location.href, () => nextTask(ctx));
    if (page === null || ctx.isInvalid) {
      early?.cancel();
      return; // not a listing (or this script was replaced): leave the page alone
    }
    const { listing, entryOf: elements, entries } = page;

    // Asked before the bar changes the page: reading style then costs nothing.
    const lazy = rendersLazily(document, entries);

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

    const openOptions = () => void ask({ type: 'options/open' });

    const pageRef = {
      url: location.href,
      category: listing.category,
      pageKind: listing.pageKind,
      listingDate: listing.date,
    };
    const paperIds = [...elements.keys()];
    let earlyPort = early?.adopt(paperIds) ?? null;
    const alreadyAsked = earlyPort !== null;
    const scoring = scoreListingPage(pageRef, {
      connect: () => {
        const port = earlyPort ?? connectPage();
        earlyPort = null;
        return port;
      },
      paperIds,
      writeEntry: (id, entryStatus, scores) => annotator.write(id, entryStatus, scores.thresholds),
      onWritten: (summary, changed) => {
        if (status) status = { ...status, scoring: summary };
        listingView.scoresChanged(changed);
        draw();
      },
      frame: (callback) => requestAnimationFrame(callback),
      now: () => performance.now(),
      later: (ms, callback) => ctx.setTimeout(callback, ms),
    });
    const handlers = { onRetry: (id: string) => scoring.retry([id]), onOpenOptions: openOptions };
    const annotator = createAnnotator({
      doc: document,
      entries,
      handlers,
      lazy,
      idle: (callback) => ctx.requestIdleCallback(callback, { timeout: 1000 }),
      now: () => performance.now(),
    });

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
    // Stores the listing (and fetches missing abstracts); remembered judgements need only the
    // ids, so they are asked for meanwhile, and the rest is scored once this is done.
    const reading = completeListing(listing, {
      // Sent once what is known is on the page, in a task of its own after that frame: 2000
      // papers are ~2 MB to serialise here and to store in the background, work that would
      // otherwise hold up the remembered judgements.
      sendListing: (papers) =>
        Promise.race([scoring.shown, delay(ctx, KNOWN_WAIT_MS)])
          .then(() =>
            afterNextPaint({
              frame: (go) => requestAnimationFrame(go),
              later: (ms, go) => ctx.setTimeout(go, ms),
            }),
          )
          .then(() => ask({ type: 'listing/read', papers: papers.map(clipReading) })),
      render: (next) => {
        status = { ...next, scoring: status?.scoring ?? null };
        draw();
      },
    });

    const removeListener = installAnnotationListener(document, handlers);
    ctx.onInvalidated(() => {
      scoring.stop();
      annotator.dispose();
      listingView.dispose();
      removeListener();
      browser.runtime.onMessage.removeListener(onTabMessage);
      render(null, bar.container);
      bar.remove();
    });
    scoring.start(false, alreadyAsked);
    await reading;
    scoring.scoreRest();
  },
});

/** How long storing the listing waits for the background's first answer at most. */
const KNOWN_WAIT_MS = 2000;

/**
 * A task boundary for the page's read: the browser may render and handle input in between, and
 * where it can tell (`scheduler.postTask`), the read goes on ahead of other queued tasks, as the
 * reader is waiting for its result.
 */
function nextTask(ctx: { setTimeout(callback: () => void, ms: number): number }): Promise<void> {
  const scheduler = (
    globalThis as { scheduler?: { postTask?: (cb: () => void, o: object) => Promise<void> } }
  ).scheduler;
  if (scheduler?.postTask)
    return scheduler.postTask(() => undefined, { priority: 'user-blocking' });
  return delay(ctx, 0);
}

function delay(ctx: { setTimeout(callback: () => void, ms: number): number }, ms: number) {
  return new Promise<void>((done) => ctx.setTimeout(done, ms));
}

/** Above the first section of entries, where a reader looks first; the page body otherwise. */
function barAnchor(doc: Document): Element {
  return doc.querySelector('#dlpage dl') ?? doc.querySelector('#dlpage') ?? doc.body;
}

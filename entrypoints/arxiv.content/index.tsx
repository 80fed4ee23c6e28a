import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PageStatus } from '../../components/PageStatus';
import { listingEntries, parseListing } from '../../lib/arxiv/listing';
import { ask } from '../../lib/messaging/client';
import { PAGE_PORT } from '../../lib/messaging/protocol';
import { completeListing } from '../../lib/page/read-page';
import { scoreListingPage, type PagePortLike } from '../../lib/page/score-page';
import type { PageStatus as Status } from '../../lib/page/status';
import './style.css';

export default defineContentScript({
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/catchup/*'],
  cssInjectionMode: 'ui',

  async main(ctx) {
    const listing = parseListing(document, location.href);
    if (listing === null) return; // not a listing: leave the page alone

    let status: Status | null = null;
    let container: HTMLElement | null = null;
    let actions = { onRetry: () => undefined as void, onScore: () => undefined as void };
    const show = (next: Status) => {
      status = next;
      if (container) render(<PageStatus status={next} {...actions} />, container);
    };

    const ui = await createShadowRootUi(ctx, {
      name: 'paper-sieve-status',
      position: 'inline',
      anchor: statusAnchor(document),
      append: 'before',
      onMount(root) {
        container = root;
        if (status) show(status);
      },
      onRemove(root) {
        if (root) render(null, root);
      },
    });
    ui.mount();

    const read = await completeListing(listing, {
      sendListing: (papers) => ask({ type: 'listing/read', papers }),
      render: show,
    });

    const entries = new Map<string, HTMLElement>();
    for (const entry of listingEntries(document)) {
      if (entry.id !== null && !entries.has(entry.id)) entries.set(entry.id, entry.dt);
    }
    const scoring = scoreListingPage(
      {
        url: location.href,
        category: read.listing.category,
        pageKind: read.listing.pageKind,
        listingDate: read.listing.date,
      },
      {
        connect: () => browser.runtime.connect({ name: PAGE_PORT }) as unknown as PagePortLike,
        entries,
        frame: (callback) => requestAnimationFrame(callback),
        later: (ms, callback) => ctx.setTimeout(callback, ms),
        onSummary: (summary) => status && show({ ...status, scoring: summary }),
      },
    );
    actions = { onRetry: scoring.retry, onScore: scoring.retry };
    ctx.onInvalidated(scoring.stop);
    scoring.start();
  },
});

/** Above the first section of entries, where a reader looks first; the page body otherwise. */
function statusAnchor(doc: Document): Element {
  return doc.querySelector('#dlpage dl') ?? doc.querySelector('#dlpage') ?? doc.body;
}

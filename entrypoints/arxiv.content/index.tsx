import { render } from 'preact';
import { PageStatus } from '../../components/PageStatus';
import { parseListing } from '../../lib/arxiv/listing';
import { ask } from '../../lib/messaging/client';
import { completeListing } from '../../lib/page/read-page';
import type { PageStatus as Status } from '../../lib/page/status';
import './style.css';

export default defineContentScript({
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/catchup/*'],
  cssInjectionMode: 'ui',

  async main(ctx) {
    const listing = parseListing(document, location.href);
    if (listing === null) return; // not a listing: leave the page alone

    let latest: Status | null = null;
    let container: HTMLElement | null = null;
    const show = (status: Status) => {
      latest = status;
      if (container) render(<PageStatus status={status} />, container);
    };

    const ui = await createShadowRootUi(ctx, {
      name: 'paper-sieve-status',
      position: 'inline',
      anchor: statusAnchor(document),
      append: 'before',
      onMount(root) {
        container = root;
        if (latest) render(<PageStatus status={latest} />, root);
      },
      onRemove(root) {
        if (root) render(null, root);
      },
    });
    ui.mount();

    await completeListing(listing, {
      sendListing: (papers) => ask({ type: 'listing/read', papers }),
      render: show,
    });
  },
});

/** Above the first section of entries, where a reader looks first; the page body otherwise. */
function statusAnchor(doc: Document): Element {
  return doc.querySelector('#dlpage dl') ?? doc.querySelector('#dlpage') ?? doc.body;
}

import { idFromAbsHref } from '../arxiv/ids';
import { parseListingUrl, readPageHeader } from '../arxiv/listing-page';
import type { PageRef } from '../messaging/protocol';
import { askKnown, type PagePortLike } from './score-page';

/** A request for what the background knows, sent before the page was read in full. */
export interface EarlyAsk {
  /**
   * The port it was sent on, when it asked for exactly these papers (the full read agrees with
   * the glance); otherwise the port is closed and null is returned, and the page asks again as
   * usual.
   */
  adopt(paperIds: readonly string[]): PagePortLike | null;
  /** Closes the port: the page turned out not to be a listing. */
  cancel(): void;
}

/**
 * Asks for what is known at a glance at the page. Remembered judgements need only the ids, and
 * reading a 2000-entry page in full takes ~50 ms: the background looks them up meanwhile.
 * Null when the glance cannot tell the page's category or finds no entries.
 */
export function askEarly(doc: Document, url: string, connect: () => PagePortLike): EarlyAsk | null {
  const dlpage = doc.getElementById('dlpage');
  const { category, pageKind } = parseListingUrl(url);
  if (!dlpage || category === null) return null;
  const ids = glanceIds(dlpage);
  if (ids.length === 0) return null;
  const page: PageRef = { url, category, pageKind, listingDate: readPageHeader(dlpage).date };
  const port = connect();
  const held = holdMessages(port);
  askKnown(port, page, ids);
  return {
    // The page ref is built by the full read's own functions from the same URL and header, so
    // only the papers can differ (an entry the full read skips, e.g. one without a title).
    adopt(paperIds) {
      if (sameIds(ids, paperIds)) return held;
      port.disconnect();
      return null;
    },
    cancel: () => port.disconnect(),
  };
}

/**
 * The port, holding what arrives on it until someone listens: the answer may come while the
 * page is still being read, in tasks before the page's scoring takes the port over.
 */
function holdMessages(port: PagePortLike): PagePortLike {
  const messages: unknown[] = [];
  let onMessage: ((message: unknown) => void) | null = null;
  let disconnected = false;
  let onDisconnect: (() => void) | null = null;
  port.onMessage.addListener((message) => {
    if (onMessage) onMessage(message);
    else messages.push(message);
  });
  port.onDisconnect.addListener(() => {
    disconnected = true;
    onDisconnect?.();
  });
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: {
      addListener(listener) {
        onMessage = listener;
        for (const message of messages.splice(0)) listener(message);
      },
    },
    onDisconnect: {
      addListener(listener) {
        onDisconnect = listener;
        if (disconnected) listener();
      },
    },
    disconnect: () => port.disconnect(),
  };
}

/**
 * The ids of the entries the full read will find papers in, as far as a glance tells: each
 * `<dt>`'s "Abstract" link, when a `<dd>` follows it, first occurrence only.
 */
export function glanceIds(root: Element): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  const terms = root.getElementsByTagName('dt');
  for (let i = 0; i < terms.length; i++) {
    const dt = terms[i]!;
    if (dt.nextElementSibling?.localName !== 'dd') continue;
    const link = dt.querySelector('a[title="Abstract"]') ?? dt.querySelector('a[href*="/abs/"]');
    const id = idFromAbsHref(link?.getAttribute('href') ?? '')?.id;
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

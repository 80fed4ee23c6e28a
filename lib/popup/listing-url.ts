import { parseListingUrl } from '../arxiv/listing-page';
import type { PageKind } from '../arxiv/types';

/** The arXiv listing a tab shows: where the popup offers that page's digest. */
export interface ListingTab {
  url: string;
  /** `cs.LG`, `math`, `cond-mat.mtrl-sci`: the path's archive or category. */
  category: string;
  pageKind: PageKind;
}

// The content script runs on exactly these pages (entrypoints/arxiv.content): any other tab has
// no run, so the popup shows past days there instead.
const LISTING_ROOTS = new Set(['list', 'catchup']);

/** The listing a tab's URL shows, or null when the tab is anything else. */
export function listingOfUrl(url: string | null | undefined): ListingTab | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname !== 'arxiv.org') return null;
  const root = parsed.pathname.split('/')[1] ?? '';
  if (!LISTING_ROOTS.has(root)) return null;
  const { category, pageKind } = parseListingUrl(url);
  return category ? { url, category, pageKind } : null;
}

/**
 * The URLs a page's run may be filed under, most likely first. The content script files it under
 * the address it loaded with; following one of arXiv's in-page anchors (`#item12`) since then
 * changed only the fragment.
 */
export function runUrlCandidates(url: string): string[] {
  const withoutFragment = url.split('#')[0] ?? url;
  return withoutFragment === url ? [url] : [url, withoutFragment];
}

const KIND_LABELS: Record<PageKind, string> = {
  new: 'new',
  recent: 'recent',
  pastweek: 'past week',
  month: 'month',
  catchup: 'catch-up',
  other: 'listing',
};

/** The kind of listing in a word or two, for the popup's heading. */
export function pageKindLabel(kind: PageKind): string {
  return KIND_LABELS[kind];
}

import type { Digest } from '../../lib/digest/types';
import { pageKindLabel } from '../../lib/popup/listing-url';
import type { PopupTarget } from './services';

export interface PageHeadingProps {
  target: Extract<PopupTarget, { kind: 'listing' }>;
  digest: Digest | null;
  /** The local day: a page not scored yet is today's. */
  today: string;
}

/** "cs.LG · new", the day of the digest and the date the listing announced. */
export function PageHeading({ target, digest, today }: PageHeadingProps) {
  const page = digest?.pages.find((candidate) => candidate.url === target.url) ?? digest?.pages[0];
  const date = digest?.date ?? today;
  const listingDate = page?.listingDate ?? null;
  return (
    <header class="heading">
      <h1 id="page-title">
        {page?.category ?? target.category}
        <span class="heading__kind"> · {pageKindLabel(target.pageKind)}</span>
      </h1>
      <p class="heading__sub">
        {page?.categoryName && <span>{page.categoryName} · </span>}
        Digest of <time dateTime={date}>{date}</time>
        {listingDate && listingDate !== date && <> · listing of {listingDate}</>}
      </p>
    </header>
  );
}

import { describe, expect, it } from 'vitest';
import { parseListing, readListingPage } from '../../lib/arxiv/listing';
import { paperFromReading } from '../../lib/arxiv/paper-text';
import { derivedFixture, htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const MALFORMED = 'list-cond-mat.mtrl-sci-new-malformed-derived-2026-09-22.html';
const URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

describe('reading a listing with its elements', () => {
  it('gives the listing parseListing gives once its papers are normalised, and each paper the entry it was read from', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    const page = readListingPage(doc, URL);
    const listing = page && { ...page.listing, papers: page.listing.papers.map(paperFromReading) };
    expect(listing).toEqual(parseListing(doc, URL));
    expect(page?.entryOf.size).toBe(101);
    for (const paper of page?.listing.papers ?? []) {
      const entry = page?.entryOf.get(paper.id);
      expect(entry?.id).toBe(paper.id);
      expect(entry?.dt.querySelector(`a[name="item${paper.itemNumber}"]`)).not.toBeNull();
    }
  });

  it('maps a paper to the entry it was read from even when a broken copy comes first', () => {
    const doc = htmlDocument(derivedFixture(MALFORMED));
    const page = readListingPage(doc, URL);
    expect(page).not.toBeNull();
    for (const paper of page?.listing.papers ?? []) {
      const entry = page?.entryOf.get(paper.id);
      expect(entry?.dd).not.toBeNull();
      expect(entry?.itemNumber).toBe(paper.itemNumber);
    }
  });

  it('is null for a page that is not a listing', () => {
    const doc = htmlDocument(sharedFixture('arxiv/abs-2609.22268-2026-09-current.html'));
    expect(readListingPage(doc, 'https://arxiv.org/list/x/new')).toBeNull();
  });
});

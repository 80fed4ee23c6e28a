import { describe, expect, it } from 'vitest';
import { parseListing, readListingPage, readListingPageInSlices } from '../../lib/arxiv/listing';
import { bigListing } from '../../bench/pages';
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

describe('reading a listing in slices', () => {
  it.each([
    ['a 1200-entry page', () => htmlDocument(bigListing(1200, 30_000).html)],
    ['a page with broken and duplicate entries', () => htmlDocument(derivedFixture(MALFORMED))],
  ])(
    'gives what one read gives, pausing between slices (%s)',
    async (_, load) => {
      const whole = readListingPage(load(), URL);
      const doc = load();
      let pauses = 0;
      const sliced = await readListingPageInSlices(doc, URL, async () => {
        pauses += 1;
      });
      // Elements differ between the two documents: compare what was read from them.
      expect(sliced?.listing).toEqual(whole?.listing);
      expect([...(sliced?.entryOf.keys() ?? [])]).toEqual([...(whole?.entryOf.keys() ?? [])]);
      expect(sliced?.entryOf.get(sliced.listing.papers[0]!.id)?.dt.ownerDocument).toBe(doc);
      expect(pauses).toBe(Math.ceil((whole?.entries.length ?? 0) / 500) - 1);
    },
    30_000,
  ); // building the page takes happy-dom seconds when the whole suite runs at once

  it('reads the TeX of entries MathJax typesets between two slices, not the glyphs', async () => {
    // MathJax 2 output for `$R^2$`: rendered glyphs, then the TeX in a script.
    const typeset = (doc: Document) => {
      const abstract = doc.querySelectorAll('#dlpage dd')[900]?.querySelector('p.mathjax');
      abstract!.innerHTML =
        '<span class="MathJax_Preview"></span><span class="mjx-chtml MathJax_CHTML">' +
        '<span class="mjx-math" aria-hidden="true">R2</span></span>' +
        '<script type="math/tex">R^2</script> fits the data. ' +
        abstract!.innerHTML;
    };
    const html = bigListing(1200, 30_000).html;
    const before = htmlDocument(html);
    typeset(before);
    const whole = readListingPage(before, URL);
    expect(whole?.listing.papers[900]?.abstract).toMatch(/^\$R\^2\$ fits the data\./);

    const doc = htmlDocument(html);
    let pauses = 0;
    const sliced = await readListingPageInSlices(doc, URL, async () => {
      if ((pauses += 1) === 1) typeset(doc);
    });
    expect(sliced?.listing.papers[900]?.abstract).toBe(whole?.listing.papers[900]?.abstract);
  }, 30_000);

  it('is null for a page that is not a listing, without pausing', async () => {
    const doc = htmlDocument(sharedFixture('arxiv/abs-2609.22268-2026-09-current.html'));
    let pauses = 0;
    const page = await readListingPageInSlices(doc, URL, async () => {
      pauses += 1;
    });
    expect(page).toBeNull();
    expect(pauses).toBe(0);
  });
});

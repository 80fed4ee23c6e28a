import { describe, expect, it, vi } from 'vitest';
import { listingEntries, type ListingEntry } from '../../lib/arxiv/listing';
import { createAnnotator, rendersLazily } from '../../lib/page/annotator';
import type { EntryStatus } from '../../lib/page/scores';
import { htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const thresholds = { minRelevance: 7, minNovelty: 6 };

function judged(paperId: string): EntryStatus {
  return {
    state: 'scored',
    phase: null,
    reason: null,
    judgement: {
      paperId,
      kind: 'scored',
      relevance: 9,
      novelty: 8,
      comment: `Matches criterion 1: ${paperId}.`,
      model: 'gpt-5-mini',
      titleOnly: false,
      kept: true,
    },
  };
}

/** A real listing page and an annotator over it, with idle callbacks the test runs. */
function setup(lazy: boolean) {
  const doc = htmlDocument(sharedFixture(CURRENT));
  const entries = listingEntries(doc).filter(
    (entry): entry is ListingEntry & { id: string } => entry.id !== null,
  );
  const idles: ((deadline: { timeRemaining(): number }) => void)[] = [];
  let clock = 0;
  const annotator = createAnnotator({
    doc,
    entries,
    handlers: { onRetry: vi.fn(), onOpenOptions: vi.fn() },
    lazy,
    idle: (callback) => idles.push(callback),
    // Each reading of the clock moves it on a millisecond: a slice holds a handful of entries.
    now: () => (clock += 1),
  });
  const decorated = () =>
    entries.filter((entry) => entry.dt.querySelector('.paper-sieve-badge') !== null);
  return {
    doc,
    entries,
    annotator,
    decorated,
    /** The browser says an entry came near the view (or went away). */
    visibility(element: Element, skipped: boolean) {
      const event = new Event('contentvisibilityautostatechange');
      Object.assign(event, { skipped });
      element.dispatchEvent(event);
    },
    /** Runs one idle period of `remaining` milliseconds. */
    idle(remaining = 50) {
      const callback = idles.shift();
      callback?.({ timeRemaining: () => remaining });
      return callback !== undefined;
    },
  };
}

describe('createAnnotator', () => {
  it('marks every entry at once and decorates only those near the view', () => {
    const page = setup(true);
    for (const entry of page.entries) page.annotator.write(entry.id, judged(entry.id), thresholds);

    // Every entry carries the hook and what the filters act on…
    for (const entry of page.entries) {
      expect(entry.dt.getAttribute('data-sieve-state')).toBe('scored');
      expect(entry.dt.getAttribute('data-sieve-kept')).toBe('true');
      expect(entry.dd?.getAttribute('data-sieve-kept')).toBe('true');
    }
    // …and the entries from the top of the page (happy-dom hits nothing: the first entry) have
    // their badge and comment; the rest wait.
    const near = page.decorated();
    expect(near.length).toBeGreaterThan(0);
    expect(near[0]).toBe(page.entries[0]);
    expect(near.length).toBeLessThan(page.entries.length);
    expect(page.annotator.undecorated).toBe(page.entries.length - near.length);
    expect(near[0]!.dd?.querySelector('.paper-sieve-comment')?.textContent).toBe(
      `Matches criterion 1: ${page.entries[0]!.id}.`,
    );
  });

  it('decorates an entry as soon as the browser says it comes near the view', () => {
    const page = setup(true);
    for (const entry of page.entries) page.annotator.write(entry.id, judged(entry.id), thresholds);
    const last = page.entries.at(-1)!;
    expect(last.dt.querySelector('.paper-sieve-badge')).toBeNull();

    page.visibility(last.dd!, false);
    expect(last.dt.querySelector('.paper-sieve-score')?.textContent).toBe('R 9 · N 8');
    expect(last.dd?.querySelector('.paper-sieve-comment')).not.toBeNull();

    // Near now, so a later status goes straight to its badge.
    const failed: EntryStatus = { state: 'error', phase: null, judgement: null, reason: 'x' };
    const penultimate = page.entries.at(-2)!;
    page.visibility(penultimate.dt, false);
    page.annotator.write(penultimate.id, failed, thresholds);
    expect(penultimate.dt.querySelector('.paper-sieve-score')?.textContent).toBe('error');
  });

  it('decorates the rest in idle slices that never run long, with their latest status', () => {
    const page = setup(true);
    for (const entry of page.entries) page.annotator.write(entry.id, judged(entry.id), thresholds);
    const waiting = page.annotator.undecorated;
    expect(waiting).toBeGreaterThan(0);
    // A status that changes before its entry is decorated: the badge shows the latest.
    const later = page.entries.at(-1)!;
    const failed: EntryStatus = { state: 'error', phase: null, judgement: null, reason: 'x' };
    page.annotator.write(later.id, failed, thresholds);

    page.idle();
    // One slice stops at its time limit (the test's clock runs a millisecond a reading).
    expect(page.annotator.undecorated).toBeLessThan(waiting);
    expect(page.annotator.undecorated).toBeGreaterThan(0);
    let slices = 1;
    while (page.idle()) slices += 1;
    expect(slices).toBeGreaterThan(1);
    expect(page.annotator.undecorated).toBe(0);
    expect(page.decorated()).toHaveLength(page.entries.length);
    expect(later.dt.querySelector('.paper-sieve-score')?.textContent).toBe('error');
  });

  it('decorates every entry at once where the browser renders them all', () => {
    const page = setup(false);
    for (const entry of page.entries) page.annotator.write(entry.id, judged(entry.id), thresholds);
    expect(page.decorated()).toHaveLength(page.entries.length);
    expect(page.annotator.undecorated).toBe(0);
    expect(page.idle()).toBe(false);
  });

  it('stops listening and decorating once disposed', () => {
    const page = setup(true);
    for (const entry of page.entries) page.annotator.write(entry.id, judged(entry.id), thresholds);
    page.annotator.dispose();
    const last = page.entries.at(-1)!;
    page.visibility(last.dt, false);
    page.idle();
    expect(last.dt.querySelector('.paper-sieve-badge')).toBeNull();
  });
});

describe('rendersLazily', () => {
  it('is false where the browser cannot say when an entry comes near the view', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    // happy-dom knows neither content-visibility nor its event.
    expect(rendersLazily(doc, listingEntries(doc))).toBe(false);
    expect(rendersLazily(doc, [])).toBe(false);
  });
});

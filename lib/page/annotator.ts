import type { ListingEntry } from '../arxiv/listing';
import { decorateEntry, isDecorated, markEntry, type AnnotationHandlers } from './annotate';
import { badgeFor, keptOf } from './badge';
import type { EntryStatus, Thresholds } from './scores';

/** What the annotator needs of the page; tests pass their own. */
export interface AnnotatorOptions {
  doc: Document;
  entries: readonly ListingEntry[];
  handlers: AnnotationHandlers;
  /**
   * Whether the browser skips rendering off-screen entries and says when one comes near
   * (`content-visibility: auto` and its `contentvisibilityautostatechange` event). Without it
   * every entry is decorated as soon as its status is written.
   */
  lazy: boolean;
  /** requestIdleCallback: entries not yet near are decorated when the page has nothing to do. */
  idle: (callback: (deadline: { timeRemaining(): number }) => void) => void;
  /** A clock for the idle slices (performance.now). */
  now: () => number;
}

/** Idle slices stop short of this much: a slice must never turn into a long task. */
const IDLE_SLICE_MS = 8;
/** Entries before and after the one at the top of the view decorated at once at the start. */
const AROUND_BEFORE = 20;
const AROUND_AFTER = 60;

/**
 * Annotates the listing's entries. Every entry gets its marks at once (the `data-sieve-*` hook
 * and `data-sieve-kept`); its badge and comment (a dozen DOM writes each) are built at
 * once for entries near the view, as the reader scrolls for the others, and for the rest when
 * the page is idle. On a 2000-entry page the reader sees the entries in view annotated in one
 * frame instead of four, and no frame runs long; every entry still ends up decorated (find in
 * page, screen readers, keyboard focus reach them all).
 */
export function createAnnotator(options: AnnotatorOptions) {
  const { doc, handlers } = options;
  const byElement = new Map<Element, ListingEntry & { id: string }>();
  const byId = new Map<string, ListingEntry & { id: string }>();
  for (const entry of options.entries) {
    if (entry.id === null || byId.has(entry.id)) continue;
    const known = entry as ListingEntry & { id: string };
    byId.set(entry.id, known);
    byElement.set(entry.dt, known);
    if (entry.dd) byElement.set(entry.dd, known);
  }
  /** The latest status of entries still to decorate, in the order they were written. */
  const waiting = new Map<string, { status: EntryStatus; thresholds: Thresholds }>();
  /** Entries the browser renders now, or will once scrolled a little (`content-visibility`). */
  const near = new Set<string>();
  let idleScheduled = false;
  let disposed = false;
  /** Whether the entries around the view have been counted as near (see `write`). */
  let viewMeasured = !options.lazy;

  function decorate(id: string, status: EntryStatus, thresholds: Thresholds): void {
    const entry = byId.get(id);
    if (!entry) return;
    decorateEntry(entry.dt, entry.dd, badgeFor(status, thresholds), handlers, id);
  }

  function decorateWaiting(id: string): void {
    const latest = waiting.get(id);
    if (!latest) return;
    waiting.delete(id);
    decorate(id, latest.status, latest.thresholds);
  }

  function scheduleIdle(): void {
    if (idleScheduled || disposed || waiting.size === 0) return;
    idleScheduled = true;
    options.idle((deadline) => {
      idleScheduled = false;
      if (disposed) return;
      const started = options.now();
      for (const id of waiting.keys()) {
        decorateWaiting(id);
        if (deadline.timeRemaining() < 1 || options.now() - started > IDLE_SLICE_MS) break;
      }
      scheduleIdle();
    });
  }

  // content-visibility says when an entry comes near the view (and goes away again). The event
  // does not bubble; a capturing listener on the document hears it for every entry.
  const onVisibility = (event: Event): void => {
    const entry = byElement.get(event.target as Element);
    if (!entry) return;
    if ((event as Event & { skipped?: boolean }).skipped) near.delete(entry.id);
    else {
      near.add(entry.id);
      decorateWaiting(entry.id);
    }
  };
  if (options.lazy) {
    doc.addEventListener('contentvisibilityautostatechange', onVisibility, { capture: true });
  }

  return {
    /** Shows one paper's status: marks now, badge and comment now if near the view. */
    write(id: string, status: EntryStatus, thresholds: Thresholds): void {
      const entry = byId.get(id);
      if (!entry) return;
      // The browser told which entries it renders before this script listened: a hit test
      // finds them instead. Done at the first write, in a frame, when layout is up to date.
      if (!viewMeasured) {
        viewMeasured = true;
        for (const around of entriesAroundView(doc, [...byId.values()], byElement))
          near.add(around);
      }
      markEntry(entry.dt, entry.dd, status, keptOf(status, thresholds));
      if (!options.lazy || near.has(id) || isDecorated(entry.dt)) {
        waiting.delete(id);
        decorate(id, status, thresholds);
      } else {
        waiting.set(id, { status, thresholds });
        scheduleIdle();
      }
    },
    /** Entries still waiting for their badge. */
    get undecorated(): number {
      return waiting.size;
    },
    dispose(): void {
      disposed = true;
      doc.removeEventListener('contentvisibilityautostatechange', onVisibility, { capture: true });
    },
  };
}

/**
 * The ids of the entries from a little above the top of the view to well below its bottom.
 * Measured once, at the first write, before anything can have reordered the entries: their
 * order in `entries` is their order on the page.
 */
function entriesAroundView(
  doc: Document,
  entries: readonly (ListingEntry & { id: string })[],
  byElement: ReadonlyMap<Element, ListingEntry & { id: string }>,
): string[] {
  const view = doc.defaultView;
  let top: (ListingEntry & { id: string }) | undefined;
  // At the top of the page (most visits) the first entries are those in view; elsewhere (a
  // reload keeps its place, an #item anchor) a hit test finds them. A few points down the view:
  // the top line may fall on a heading or between entries.
  for (const y of view && view.scrollY > 0 ? [1, 0.25, 0.5] : []) {
    const hit = doc.elementFromPoint(view!.innerWidth / 2, Math.max(1, y * view!.innerHeight));
    top = byElement.get(hit?.closest('dt, dd') as Element);
    if (top) break;
  }
  const at = top ? entries.indexOf(top) : 0;
  return entries.slice(Math.max(0, at - AROUND_BEFORE), at + AROUND_AFTER).map((entry) => entry.id);
}

/**
 * Whether the listing's entries are rendered lazily (entries.css gives them
 * `content-visibility: auto`) by a browser that says when one comes near the view. Reads
 * computed style once: call it before changing the page.
 */
export function rendersLazily(doc: Document, entries: readonly ListingEntry[]): boolean {
  const view = doc.defaultView;
  const first = entries[0]?.dt;
  if (!view || !first || !('ContentVisibilityAutoStateChangeEvent' in view)) return false;
  return view.getComputedStyle(first).getPropertyValue('content-visibility') === 'auto';
}

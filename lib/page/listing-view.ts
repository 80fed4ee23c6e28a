import type { ListingEntry } from '../arxiv/listing';
import { createKeyboardNavigation, type KeyboardNavigation } from './keyboard';
import { captureOrder, restoreOrder, sortByScore, type PageOrder } from './ordering';
import { keptOf } from './badge';
import type { PageScores } from './scores';

export type EntryOrder = 'arxiv' | 'score';
export type EntryFilter = 'all' | 'kept' | 'dim';

export interface ListingViewOptions {
  doc: Document;
  entries: readonly ListingEntry[];
  scores: PageScores;
  open: (url: string) => void;
  onHelp: () => void;
}

const CURRENT_CLASS = 'paper-sieve-current';

/**
 * The reader's view of the listing: arXiv's order or by score (within each section), all papers,
 * only kept ones or the rest dimmed, and keyboard moves between kept papers. Hiding and dimming
 * are one attribute on `#dlpage` that the annotation stylesheet acts on, not 2000 inline styles.
 */
export function createListingView(options: ListingViewOptions) {
  const { doc, scores } = options;
  // arXiv's order is recorded when first needed: nothing moves the entries before that, and a
  // 2000-entry page need not walk its entries again while it loads.
  let captured: PageOrder | null = null;
  const order = (): PageOrder => (captured ??= captureOrder(options.entries));
  const root = doc.getElementById('dlpage') ?? doc.body;
  let arrangement: EntryOrder = 'arxiv';
  let current: HTMLElement | null = null;

  const scoreOf = (paperId: string) => scores.entries.get(paperId)?.judgement ?? null;
  const entryOf = new Map(options.entries.map((entry) => [entry.id, entry]));
  let filtering = false;

  /** While a filter is on, an entry judged and not kept carries `data-sieve-out`. */
  function markOut(entry: ListingEntry): void {
    const status = entry.id === null ? undefined : scores.entries.get(entry.id);
    const out = filtering && status !== undefined && keptOf(status, scores.thresholds) === false;
    for (const element of [entry.dt, entry.dd]) element?.toggleAttribute('data-sieve-out', out);
  }

  const keyboard: KeyboardNavigation = createKeyboardNavigation({
    doc,
    // Kept entries are never hidden by the filter, so document order is visual order.
    keptEntries: () => [...root.querySelectorAll<HTMLElement>('dt[data-sieve-kept="true"]')],
    open: options.open,
    onHelp: options.onHelp,
    markCurrent: (dt) => {
      current?.classList.remove(CURRENT_CLASS);
      current = dt;
      dt?.classList.add(CURRENT_CLASS);
    },
  });
  keyboard.install();

  return {
    setOrder(next: EntryOrder): void {
      arrangement = next;
      if (next === 'score') sortByScore(order(), scoreOf);
      else if (captured) restoreOrder(captured);
      current?.scrollIntoView({ block: 'center' });
    },
    setFilter(filter: EntryFilter): void {
      filtering = filter !== 'all';
      for (const entry of options.entries) markOut(entry);
      if (filter === 'all') root.removeAttribute('data-sieve-filter');
      else root.setAttribute('data-sieve-filter', filter);
    },
    /** Brings a paper into view and marks it (the popup's list was clicked). */
    reveal(paperId: string): boolean {
      const entry = options.entries.find((candidate) => candidate.id === paperId);
      if (!entry) return false;
      current?.classList.remove(CURRENT_CLASS);
      current = entry.dt;
      entry.dt.classList.add(CURRENT_CLASS);
      entry.dt.scrollIntoView({ block: 'center' });
      return true;
    },
    /**
     * New scores landed (for `changed` papers): keep the score order true without moving what
     * did not change, and the filter true for those papers.
     */
    scoresChanged(changed: readonly string[]): void {
      if (arrangement === 'score') sortByScore(order(), scoreOf);
      if (!filtering) return;
      for (const id of changed) {
        const entry = entryOf.get(id);
        if (entry) markOut(entry);
      }
    },
    dispose(): void {
      keyboard.dispose();
      if (captured) restoreOrder(captured);
      filtering = false;
      for (const entry of options.entries) markOut(entry);
      root.removeAttribute('data-sieve-filter');
    },
  };
}

import type { ListingEntry } from '../arxiv/listing';
import { createKeyboardNavigation, type KeyboardNavigation } from './keyboard';
import { captureOrder, restoreOrder, sortByScore } from './ordering';
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
  const order = captureOrder(options.entries);
  const root = doc.getElementById('dlpage') ?? doc.body;
  let arrangement: EntryOrder = 'arxiv';
  let current: HTMLElement | null = null;

  const scoreOf = (paperId: string) => scores.entries.get(paperId)?.judgement ?? null;

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
      if (next === 'score') sortByScore(order, scoreOf);
      else restoreOrder(order);
      current?.scrollIntoView({ block: 'center' });
    },
    setFilter(filter: EntryFilter): void {
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
    /** New scores landed: keep the score order true without moving what did not change. */
    scoresChanged(): void {
      if (arrangement === 'score') sortByScore(order, scoreOf);
    },
    dispose(): void {
      keyboard.dispose();
      restoreOrder(order);
      root.removeAttribute('data-sieve-filter');
    },
  };
}

import type { EntryStatus } from './scores';

/**
 * The stable hook for users' styles and for tests: the entry's `<dt>` carries its state and,
 * once scored, its scores.
 */
export function writeEntryAttributes(dt: HTMLElement, status: EntryStatus): void {
  dt.setAttribute('data-sieve-state', status.state);
  const judgement = status.judgement;
  if (judgement?.relevance != null && judgement.novelty != null) {
    dt.setAttribute('data-sieve-relevance', String(judgement.relevance));
    dt.setAttribute('data-sieve-novelty', String(judgement.novelty));
  } else {
    dt.removeAttribute('data-sieve-relevance');
    dt.removeAttribute('data-sieve-novelty');
  }
}

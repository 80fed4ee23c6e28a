// Preact's classic JSX runtime: the content script ships `h` (Preact's createElement) anyway,
// where the automatic runtime adds a factory of its own (see docs/architecture.md).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { AbstractsStatus, PageStatus as Status } from '../lib/page/status';
import { ScoringLine } from './ScoringLine';

export interface PageStatusProps {
  status: Status;
  onRetry?: () => void;
  onScore?: () => void;
}

const nothing = () => undefined;

/** The one-line account of what Paper Sieve read on this listing page. */
export function PageStatus({ status, onRetry = nothing, onScore = nothing }: PageStatusProps) {
  const { papers, sections, skipped, abstracts, scoring } = status;
  return (
    <section class="sieve-status" aria-label="Paper Sieve" data-papers={papers}>
      <p class="sieve-status__line" role="status">
        <strong>Paper Sieve</strong> read {papers} {papers === 1 ? 'paper' : 'papers'}
        {sections.length > 0 && ': '}
        <span class="sieve-status__sections">
          {sections.map((section, index) => (
            <span key={index} class="sieve-status__section" data-kind={section.kind}>
              {index > 0 && ' · '}
              {section.label}
            </span>
          ))}
        </span>
        <AbstractsNote abstracts={abstracts} />
      </p>
      {scoring && <ScoringLine summary={scoring} onRetry={onRetry} onScore={onScore} />}
      {skipped.length > 0 && (
        <details class="sieve-status__skipped">
          <summary>
            {skipped.length} {skipped.length === 1 ? 'entry' : 'entries'} could not be read
          </summary>
          <ul>
            {skipped.map((entry, index) => (
              <li key={index}>
                {entry.where}: {entry.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function AbstractsNote({ abstracts }: { abstracts: AbstractsStatus }) {
  const text = abstractsText(abstracts);
  if (text === null) return null;
  return (
    <span class="sieve-status__abstracts" data-state={abstracts.state}>
      {' — '}
      {text}
    </span>
  );
}

/** Words for the abstracts' state; null when the page shows every abstract itself. */
export function abstractsText(abstracts: AbstractsStatus): string | null {
  switch (abstracts.state) {
    case 'shown':
      return null;
    case 'fetching':
      return `fetching ${abstracts.missing} abstracts from the arXiv API…`;
    case 'done': {
      const sources = [
        abstracts.fetched > 0 && `${abstracts.fetched} abstracts from the arXiv API`,
        abstracts.remembered > 0 && `${abstracts.remembered} remembered from earlier pages`,
      ].filter(Boolean);
      const found = sources.join(', ');
      if (abstracts.titleOnly === 0) return found;
      const reason = abstracts.reason ? ` (${abstracts.reason})` : '';
      return `${found}; ${abstracts.titleOnly} title-only${reason}`;
    }
    case 'failed':
      return `${abstracts.missing} papers are title-only: ${abstracts.reason}`;
  }
}

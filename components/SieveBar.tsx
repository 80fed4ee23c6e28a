// Preact's classic JSX runtime: the content script ships `h` (Preact's createElement) anyway,
// where the automatic runtime adds a factory of its own (see docs/architecture.md).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { PageStatus as Status } from '../lib/page/status';
import { PageStatus } from './PageStatus';

export type EntryOrder = 'arxiv' | 'score';
export type EntryFilter = 'all' | 'kept' | 'dim';

export interface Shortcut {
  key: string;
  description: string;
}

export interface SieveBarProps {
  status: Status;
  order: EntryOrder;
  filter: EntryFilter;
  helpOpen: boolean;
  shortcuts: readonly Shortcut[];
  onOrder: (order: EntryOrder) => void;
  onFilter: (filter: EntryFilter) => void;
  onScore: () => void;
  onRetry: () => void;
  onHelp: (open: boolean) => void;
}

const FILTERS: { value: EntryFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'dim', label: 'Dim the rest' },
  { value: 'kept', label: 'Kept only' },
];

/** The bar above the listing: what was read and scored, and the controls over the page. */
export function SieveBar(props: SieveBarProps) {
  const { status, order, filter, helpOpen, shortcuts } = props;
  const scored = (status.scoring?.scored ?? 0) > 0;
  return (
    <div class="sieve-bar">
      <PageStatus status={status} onRetry={props.onRetry} onScore={props.onScore} />
      <div class="sieve-bar__controls" role="toolbar" aria-label="Paper Sieve view">
        <button
          type="button"
          aria-pressed={order === 'score'}
          disabled={!scored && order === 'arxiv'}
          onClick={() => props.onOrder(order === 'score' ? 'arxiv' : 'score')}
        >
          {order === 'score' ? 'Back to arXiv order' : 'Order by score'}
        </button>
        <fieldset class="sieve-bar__filter">
          <legend>Show</legend>
          {FILTERS.map(({ value, label }) => (
            <label key={value}>
              <input
                type="radio"
                name="sieve-filter"
                value={value}
                checked={filter === value}
                onChange={() => props.onFilter(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <button type="button" aria-expanded={helpOpen} onClick={() => props.onHelp(!helpOpen)}>
          Keys <kbd>?</kbd>
        </button>
      </div>
      {helpOpen && (
        <div class="sieve-bar__help" role="region" aria-label="Keyboard shortcuts">
          <dl>
            {shortcuts.map(({ key, description }) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{description}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}

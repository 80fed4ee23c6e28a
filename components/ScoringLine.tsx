// Preact's classic JSX runtime: the content script ships `h` (Preact's createElement) anyway,
// where the automatic runtime adds a factory of its own (see docs/architecture.md).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { ScoringSummary } from '../lib/page/scores';

export interface ScoringLineProps {
  summary: ScoringSummary;
  onRetry: () => void;
  onScore: () => void;
}

/** "scored 240 / 612 · 31 relevant · $0.04", and what stands in the way when something does. */
export function ScoringLine({ summary, onRetry, onScore }: ScoringLineProps) {
  const { total, scored, relevant, errors, idle, idleReason, waiting } = summary;
  return (
    <p class="sieve-status__scoring" data-scored={scored} data-total={total}>
      <span class="sieve-status__progress">
        scored {scored} / {total} · {relevant} relevant{costText(summary)}
      </span>
      {waiting && <span class="sieve-status__note"> — {waiting}</span>}
      {idle > 0 && idleReason && (
        <span class="sieve-status__note" data-state="idle">
          {' — '}
          {idleReason}{' '}
          <button type="button" onClick={onScore}>
            Score this page
          </button>
        </span>
      )}
      {errors > 0 && (
        <span class="sieve-status__note" data-state="error">
          {' — '}
          {errors} could not be scored{' '}
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </span>
      )}
    </p>
  );
}

function costText({ costUsd, priced }: ScoringSummary): string {
  if (costUsd === null) return '';
  const amount =
    costUsd < 0.01 && costUsd > 0 ? `$${costUsd.toFixed(4)}` : `$${costUsd.toFixed(2)}`;
  return priced ? ` · ${amount}` : ` · ${amount}+ (price of this model unknown)`;
}

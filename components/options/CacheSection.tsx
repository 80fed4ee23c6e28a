import { useEffect, useRef, useState } from 'preact/hooks';
import { cacheCounts, cacheSummary } from '../../lib/options/cache-text';
import type { StoreStatsResponse } from '../../lib/messaging/protocol';

export type CacheView =
  | { state: 'loading' }
  | { state: 'ready'; stats: StoreStatsResponse; note: string | null }
  | { state: 'failed'; message: string };

export interface CacheSectionProps {
  view: CacheView;
  onClear: () => void;
}

/** What is remembered, and a way to forget it that asks first. */
export function CacheSection({ view, onClear }: CacheSectionProps) {
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const clearRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Keyboard users land on the safe choice when asked, and back on the button when it is over.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) clearRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const stats = view.state === 'ready' ? view.stats : null;
  return (
    <section class="panel" aria-labelledby="cache-heading">
      <h2 id="cache-heading">Cache</h2>
      <p>
        Papers, abstracts and every judgement are kept in this browser, so a listing seen again
        costs nothing.
      </p>
      <p role="status" class="cache__stats">
        {view.state === 'loading' && 'Counting…'}
        {view.state === 'failed' && view.message}
        {stats && `Stored: ${cacheSummary(stats)}.`}
        {view.state === 'ready' && view.note && ` ${view.note}`}
      </p>
      {!confirming && (
        <button ref={clearRef} type="button" onClick={() => setConfirming(true)}>
          Clear cache…
        </button>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="cache-confirm-question">
          <p id="cache-confirm-question">
            Forget {stats ? cacheCounts(stats) : 'everything stored'}? Listings will be scored, and
            paid for, again. Your settings stay.
          </p>
          <div class="field__actions">
            <button
              type="button"
              class="button--danger"
              onClick={() => {
                setConfirming(false);
                onClear();
              }}
            >
              Yes, clear the cache
            </button>
            <button ref={cancelRef} type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

import { DaysPanel } from './DaysPanel';
import { NoKeyNotice } from './NoKeyNotice';
import { PagePanel } from './PagePanel';
import type { PopupServices, PopupTarget } from './services';

export interface PopupProps {
  target: PopupTarget;
  /** Whether an API key is stored: without one nothing can be scored. */
  hasKey: boolean;
  services: PopupServices;
  /** The local day (YYYY-MM-DD). */
  today: string;
}

/** The toolbar popup: the listing's digest on arXiv, past days elsewhere, the key first of all. */
export function Popup({ target, hasKey, services, today }: PopupProps) {
  return (
    <div class="popup">
      <header class="topbar">
        <span class="topbar__name">Paper Sieve</span>
        <button type="button" class="link" onClick={services.openOptions}>
          Options
        </button>
      </header>
      <main>
        {!hasKey ? (
          <NoKeyNotice onOpenOptions={services.openOptions} />
        ) : target.kind === 'listing' ? (
          <PagePanel target={target} services={services} today={today} />
        ) : (
          <DaysPanel services={services} today={today} />
        )}
      </main>
    </div>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { findPageDigest, type FoundPageDigest } from '../../lib/popup/page-digest';
import { createPoller } from '../../lib/popup/poller';
import { backgroundProblem, type Problem } from '../../lib/popup/problems';
import type { PopupServices } from './services';

export type PageDigestView =
  | { state: 'loading' }
  | ({ state: 'ready' } & FoundPageDigest)
  | { state: 'failed'; problem: Problem };

/** Asked every second while the page has queued papers, as the issue asks. */
export const POLL_INTERVAL_MS = 1000;
/** After "Score now", how many seconds to wait for the queue to fill before giving up polling. */
const SCORE_NOW_GRACE = 5;
/** On opening: a listing loaded a moment ago may not have handed its papers to the queue yet. */
const OPENING_GRACE = 2;

/**
 * The digest of the listing tab, refreshed while it is being scored. `refresh(true)` asks again
 * right after the user started scoring.
 */
export function usePageDigest(
  tabUrl: string,
  services: PopupServices,
): [PageDigestView, (started?: boolean) => void] {
  const [view, setView] = useState<PageDigestView>({ state: 'loading' });
  const poller = useMemo(
    () =>
      createPoller<FoundPageDigest>({
        load: () => findPageDigest(tabUrl, services.pageDigest),
        busy: (answer) => answer.pending > 0,
        onAnswer: (answer) => setView({ state: 'ready', ...answer }),
        onError: (error) =>
          setView({
            state: 'failed',
            problem: backgroundProblem(error, 'read this page’s digest'),
          }),
        intervalMs: POLL_INTERVAL_MS,
        timers: services.timers,
      }),
    [tabUrl, services],
  );
  useEffect(() => {
    poller.run(OPENING_GRACE);
    return () => poller.stop();
  }, [poller]);
  return [view, (started = false) => poller.run(started ? SCORE_NOW_GRACE : 0)];
}

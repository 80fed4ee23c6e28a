import { useState } from 'preact/hooks';
import type { TabMessage } from '../../lib/messaging/protocol';
import { countOf } from '../../lib/popup/format';
import { notScored, scoringProgress } from '../../lib/popup/page-digest';
import { backgroundProblem, tabProblem, type Problem } from '../../lib/popup/problems';
import { DigestView } from './DigestView';
import { Notice } from './Notice';
import { PageHeading } from './PageHeading';
import { ScoringControls } from './ScoringControls';
import type { PopupServices, PopupTarget } from './services';
import { usePageDigest } from './usePageDigest';

export interface PagePanelProps {
  target: Extract<PopupTarget, { kind: 'listing' }>;
  services: PopupServices;
  /** The local day (YYYY-MM-DD): a page's run is today's. */
  today: string;
}

/** The digest of the arXiv listing the popup was opened on, with its scoring controls. */
export function PagePanel({ target, services, today }: PagePanelProps) {
  const [view, refresh] = usePageDigest(target.url, services);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const perform = (work: () => Promise<string | null>, failure: (error: unknown) => Problem) => {
    setBusy(true);
    setProblem(null);
    setNote(null);
    work().then(
      (done) => {
        setNote(done);
        setBusy(false);
      },
      (error: unknown) => {
        setProblem(failure(error));
        setBusy(false);
      },
    );
  };
  const tell = (message: TabMessage) => services.sendToTab(target.tabId, message);
  const scoreNow = () =>
    perform(async () => {
      await tell({ type: 'page/score-now' });
      refresh(true);
      return 'Scoring requested: results appear here as they arrive.';
    }, tabProblem);
  const stop = () =>
    perform(
      async () => {
        const url = view.state === 'ready' ? view.url : target.url;
        const stopped = await services.stopScoring(url);
        refresh();
        return `Stopped: ${countOf(stopped, 'paper')} taken off the queue.`;
      },
      (error) => backgroundProblem(error, 'stop scoring'),
    );
  const reveal = (paperId: string) =>
    perform(async () => {
      await tell({ type: 'page/reveal', paperId });
      return null;
    }, tabProblem);

  const digest = view.state === 'ready' ? view.digest : null;
  const pending = view.state === 'ready' ? view.pending : 0;
  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeading target={target} digest={digest} today={today} />
      {view.state === 'loading' && <p class="loading">Reading this page’s digest…</p>}
      {view.state === 'failed' && (
        <Notice tone="error" action={{ label: 'Try again', onClick: () => refresh() }}>
          {view.problem.text}
        </Notice>
      )}
      {problem && <Notice tone="error">{problem.text}</Notice>}
      {note && <p class="note">{note}</p>}
      {view.state === 'ready' && notScored(digest, pending) && (
        <Notice tone="info" action={{ label: 'Score now', onClick: scoreNow }}>
          This page has not been scored yet — press Score now.
        </Notice>
      )}
      {view.state === 'ready' && !notScored(digest, pending) && (
        <ScoringControls
          pending={pending}
          progress={scoringProgress(view)}
          busy={busy}
          onScoreNow={scoreNow}
          onStop={stop}
        />
      )}
      {digest && !notScored(digest, pending) && (
        <DigestView
          digest={digest}
          listedLabel="on the page"
          emptyText={
            pending > 0
              ? 'No paper is kept yet; they appear here as they are scored.'
              : 'No paper on this page passed your thresholds. You can change them in Options.'
          }
          onReveal={reveal}
          onDownload={services.download}
          onCopy={services.copy}
        />
      )}
    </section>
  );
}

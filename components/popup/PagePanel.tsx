import { useState } from 'preact/hooks';
import type { Digest } from '../../lib/digest/types';
import type { TabMessage } from '../../lib/messaging/protocol';
import { countOf } from '../../lib/popup/format';
import { pageKindLabel } from '../../lib/popup/listing-url';
import { scoringProgress } from '../../lib/popup/page-digest';
import { backgroundProblem, tabProblem, type Problem } from '../../lib/popup/problems';
import { DigestView } from './DigestView';
import { Notice } from './Notice';
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

  const act = (work: () => Promise<string | null>, failure: (error: unknown) => Problem) => {
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
    act(async () => {
      await tell({ type: 'page/score-now' });
      refresh(true);
      return 'Scoring requested: results appear here as they arrive.';
    }, tabProblem);
  const stop = () =>
    act(
      async () => {
        const url = view.state === 'ready' ? view.url : target.url;
        const stopped = await services.stopScoring(url);
        refresh();
        return `Stopped: ${countOf(stopped, 'paper')} taken off the queue.`;
      },
      (error) => backgroundProblem(error, 'stop scoring'),
    );
  const reveal = (paperId: string) =>
    act(async () => {
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
      {view.state === 'ready' && digest === null && pending === 0 && (
        <Notice tone="info" action={{ label: 'Score now', onClick: scoreNow }}>
          This page has not been scored yet — press Score now.
        </Notice>
      )}
      {view.state === 'ready' && (digest !== null || pending > 0) && (
        <ScoringControls
          pending={pending}
          progress={scoringProgress(view)}
          busy={busy}
          onScoreNow={scoreNow}
          onStop={stop}
        />
      )}
      {digest && (
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

function PageHeading({
  target,
  digest,
  today,
}: {
  target: PagePanelProps['target'];
  digest: Digest | null;
  today: string;
}) {
  const page = digest?.pages.find((candidate) => candidate.url === target.url) ?? digest?.pages[0];
  const date = digest?.date ?? today;
  const listingDate = page?.listingDate ?? null;
  return (
    <header class="heading">
      <h1 id="page-title">
        {page?.category ?? target.category}
        <span class="heading__kind"> · {pageKindLabel(target.pageKind)}</span>
      </h1>
      <p class="heading__sub">
        {page?.categoryName && <span>{page.categoryName} · </span>}
        Digest of <time dateTime={date}>{date}</time>
        {listingDate && listingDate !== date && <> · listing of {listingDate}</>}
      </p>
    </header>
  );
}

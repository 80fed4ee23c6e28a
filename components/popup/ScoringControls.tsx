import { countOf } from '../../lib/popup/format';

export interface ScoringControlsProps {
  /** Papers of this page still queued. */
  pending: number;
  /** Settled of the page's papers, when its size is known. */
  progress: { done: number; total: number } | null;
  /** Whether a Stop or Score now is on its way. */
  busy: boolean;
  onScoreNow: () => void;
  onStop: () => void;
}

/** While scoring: how far it is and Stop; otherwise Score now (papers not scored yet, retries). */
export function ScoringControls(props: ScoringControlsProps) {
  const { pending, progress, busy } = props;
  const scoring = pending > 0;
  return (
    <div class="scoring" data-pending={pending}>
      {/* Always present: a status region announces only changes to a region already there. */}
      <p class="scoring__progress" role="status">
        {scoring && <span>Scoring… {countOf(pending, 'paper')} still queued</span>}
        {scoring && progress && (
          <progress
            max={progress.total}
            value={progress.done}
            aria-label={`${progress.done} of ${progress.total} papers settled`}
          />
        )}
      </p>
      <div class="scoring__actions">
        {scoring ? (
          <button type="button" disabled={busy} onClick={props.onStop}>
            Stop
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={props.onScoreNow}>
            Score now
          </button>
        )}
      </div>
    </div>
  );
}

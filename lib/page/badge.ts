import type { JudgementView } from '../messaging/protocol';
import type { EntryStatus, Thresholds } from './scores';

export type BadgeTone = 'kept' | 'near' | 'below' | 'author' | 'pending' | 'error' | 'idle';

/** What the badge's button does: ask again, or open Options where the fix is. */
export type BadgeAction = 'retry' | 'options';

/** Everything an entry's badge shows, decided without the DOM. */
export interface BadgeModel {
  tone: BadgeTone;
  /** The badge's visible text: `R 9 · N 8`, `Author match`, `queued`, `error`… */
  text: string;
  /** The badge's text alternative (aria-label), complete on its own. */
  label: string;
  /** The tooltip: the comment and the model that judged it, or why it is not scored. */
  tip: string;
  /** Scored on its title alone (no abstract could be had). */
  titleOnly: boolean;
  action: BadgeAction | null;
  /** Whether the paper is kept, once judged; null until then. */
  kept: boolean | null;
  /** The model's one-line comment, shown under the title; null when there is none to show. */
  comment: string | null;
}

const STANDING_WORDS: Record<'kept' | 'near' | 'below', string> = {
  kept: 'kept',
  near: 'near the thresholds',
  below: 'below the thresholds',
};

// The background words its idle reasons with the fix; those it names Options for (no API key,
// budget reached) are fixed there, the rest (automatic scoring off) by scoring the page now.
const FIXED_IN_OPTIONS = /\boptions\b/i;

/**
 * The badge for one entry. A scored paper's tone is its standing against the thresholds:
 * - kept: relevance ≥ minRelevance and novelty ≥ minNovelty (as the digest keeps it);
 * - near: not kept, but one of the two passes, or each misses by one point at most;
 * - below: the rest, and a judgement that came back without scores.
 * An author match is always kept and has its own tone, `author`.
 */
export function badgeFor(status: EntryStatus, thresholds: Thresholds): BadgeModel {
  if (status.judgement) return judgedBadge(status.judgement, thresholds);
  switch (status.state) {
    case 'error': {
      const reason = status.reason ?? 'Scoring failed for an unknown reason.';
      return unjudged('error', 'error', `Scoring failed: ${reason}`, reason, 'retry');
    }
    case 'idle': {
      const reason = status.reason ?? 'Not scored yet.';
      const action = FIXED_IN_OPTIONS.test(reason) ? 'options' : 'retry';
      return unjudged('idle', 'not scored', `Not scored: ${reason}`, reason, action);
    }
    default:
      return status.phase === 'scoring'
        ? unjudged('pending', 'scoring…', 'Being scored', 'The model is reading it now.', null)
        : unjudged('pending', 'queued', 'Queued for scoring', 'Waiting for its turn.', null);
  }
}

/** Where a scored paper stands against the thresholds (see `badgeFor`). */
export function standing(
  relevance: number,
  novelty: number,
  thresholds: Thresholds,
): 'kept' | 'near' | 'below' {
  const relevancePasses = relevance >= thresholds.minRelevance;
  const noveltyPasses = novelty >= thresholds.minNovelty;
  if (relevancePasses && noveltyPasses) return 'kept';
  if (relevancePasses || noveltyPasses) return 'near';
  const bothClose =
    relevance >= thresholds.minRelevance - 1 && novelty >= thresholds.minNovelty - 1;
  return bothClose ? 'near' : 'below';
}

/**
 * Whether the paper is kept (what `data-sieve-kept` and the filters say): an author match
 * always, a scored paper when it passes both thresholds; null until judged.
 */
export function keptOf(status: EntryStatus, thresholds: Thresholds): boolean | null {
  const judgement = status.judgement;
  if (!judgement) return null;
  if (judgement.kind === 'author-match') return true;
  const { relevance, novelty } = judgement;
  return (
    relevance !== null && novelty !== null && standing(relevance, novelty, thresholds) === 'kept'
  );
}

function judgedBadge(judgement: JudgementView, thresholds: Thresholds): BadgeModel {
  const comment = judgement.comment.trim() === '' ? null : judgement.comment.trim();
  if (judgement.kind === 'author-match') {
    // The background words it "Author match: <name>"; anything else still reads as a match.
    const label = comment?.startsWith('Author match') ? comment : 'Author match';
    return {
      tone: 'author',
      text: 'Author match',
      label,
      tip: judgedTip(comment ?? label, judgement.model),
      titleOnly: false, // no model read it: the missing abstract changed nothing
      action: null,
      kept: true,
      comment,
    };
  }
  const { relevance, novelty } = judgement;
  const tone =
    relevance === null || novelty === null ? 'below' : standing(relevance, novelty, thresholds);
  const scores =
    relevance === null || novelty === null
      ? 'Scored without relevance and novelty'
      : `Relevance ${relevance} of 10, novelty ${novelty} of 10`;
  return {
    tone,
    text: relevance === null || novelty === null ? 'no scores' : `R ${relevance} · N ${novelty}`,
    label: `${scores}, ${STANDING_WORDS[tone]}${judgement.titleOnly ? ', judged on the title only' : ''}`,
    tip: judgedTip(comment, judgement.model),
    titleOnly: judgement.titleOnly,
    action: null,
    kept: tone === 'kept',
    comment,
  };
}

function judgedTip(comment: string | null, model: string): string {
  if (model === '') return comment ?? 'No comment.';
  return comment === null ? `Judged by ${model}` : `${comment} — judged by ${model}`;
}

function unjudged(
  tone: 'pending' | 'error' | 'idle',
  text: string,
  label: string,
  tip: string,
  action: BadgeAction | null,
): BadgeModel {
  return { tone, text, label, tip, titleOnly: false, action, kept: null, comment: null };
}

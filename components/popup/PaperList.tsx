import type { DigestPaper } from '../../lib/digest/types';

export interface PaperListProps {
  papers: readonly DigestPaper[];
  /** Scrolls the listing tab to a paper; absent where there is no tab (a past day). */
  onReveal?: ((paperId: string) => void) | null;
}

/** The kept papers, best first (author matches lead), as the digest ranks them. */
export function PaperList({ papers, onReveal = null }: PaperListProps) {
  return (
    <ol class="papers" aria-label="Kept papers, best first">
      {papers.map((paper) => (
        <PaperItem key={paper.id} paper={paper} onReveal={onReveal} />
      ))}
    </ol>
  );
}

function PaperItem({
  paper,
  onReveal,
}: {
  paper: DigestPaper;
  onReveal: ((paperId: string) => void) | null;
}) {
  return (
    <li class="paper" data-paper-id={paper.id} data-rank={paper.rank}>
      <p class="paper__title">
        <span class="paper__rank" aria-hidden="true">
          {paper.rank}.
        </span>
        <a href={absPageUrl(paper.id)} target="_blank" rel="noreferrer">
          {paper.title}
        </a>
      </p>
      <p class="paper__authors">{paper.authors.join(', ')}</p>
      <p class="paper__scores">
        <Scores paper={paper} />
        {onReveal && (
          <button
            type="button"
            class="paper__reveal"
            // The visible words first, so speech commands ("click Show on page") match.
            aria-label={`Show on page: ${paper.title}`}
            onClick={() => onReveal(paper.id)}
          >
            Show on page
          </button>
        )}
      </p>
      {paper.comment && <p class="paper__comment">{paper.comment}</p>}
    </li>
  );
}

function Scores({ paper }: { paper: DigestPaper }) {
  const { relevance, novelty } = paper;
  return (
    <span class="paper__score-text">
      {paper.authorMatch && (
        <span class="paper__badge">
          Author match{paper.matchedAuthor ? `: ${paper.matchedAuthor}` : ''}
        </span>
      )}
      {relevance !== null && novelty !== null && (
        <span class="paper__rn">
          <abbr title="relevance">R</abbr> {relevance} / <abbr title="novelty">N</abbr> {novelty}
        </span>
      )}
      {paper.titleOnly && <span class="paper__title-only">judged on its title only</span>}
    </span>
  );
}

/** arXiv's abstract page; ids are `2510.09660` or `hep-th/9901001`, kept safe as a path. */
export function absPageUrl(id: string): string {
  return `https://arxiv.org/abs/${id.split('/').map(encodeURIComponent).join('/')}`;
}

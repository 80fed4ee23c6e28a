import type { ComponentChildren } from 'preact';
import type { Digest } from '../../lib/digest/types';
import { ExportBar } from './ExportBar';
import { PaperList } from './PaperList';
import { Totals } from './Totals';
import { UsageTable } from './UsageTable';

export interface DigestViewProps {
  digest: Digest;
  /** "on the page" for one listing, "listed" for a day. */
  listedLabel: string;
  /** Said when no paper is kept (yet). */
  emptyText: string;
  onReveal?: ((paperId: string) => void) | null;
  onDownload: (fileName: string, text: string, type: string) => void;
  onCopy: (text: string) => Promise<void>;
  /** Shown between the counts and the papers: progress and scoring controls. */
  children?: ComponentChildren;
}

/** A digest's counts, cost, exports and kept papers: the same for a listing and for a day. */
export function DigestView(props: DigestViewProps) {
  const { digest } = props;
  return (
    <>
      <Totals totals={digest.totals} listedLabel={props.listedLabel} />
      {props.children}
      <UsageTable digest={digest} />
      <ExportBar digest={digest} onDownload={props.onDownload} onCopy={props.onCopy} />
      <h2 class="papers__title">Kept papers</h2>
      {digest.papers.length > 0 ? (
        <PaperList papers={digest.papers} onReveal={props.onReveal} />
      ) : (
        <p class="papers__empty">{props.emptyText}</p>
      )}
    </>
  );
}

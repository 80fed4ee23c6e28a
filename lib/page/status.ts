import type { ListedPaper, Listing, SectionKind, SkippedEntry } from '../arxiv/types';
import type { ScoringSummary } from './scores';

/** What the page's status line shows about the listing Paper Sieve read. */
export interface PageStatus {
  papers: number;
  sections: SectionCount[];
  skipped: SkippedEntry[];
  abstracts: AbstractsStatus;
  /** Null until the papers are handed to the background for scoring. */
  scoring: ScoringSummary | null;
}

export interface SectionCount {
  kind: SectionKind;
  label: string;
  count: number;
}

export type AbstractsStatus =
  | { state: 'shown' } // every paper shows its abstract on the page
  | { state: 'fetching'; missing: number }
  /** `fetched` from the arXiv API now, `remembered` from an earlier visit or another page. */
  | { state: 'done'; fetched: number; remembered: number; titleOnly: number; reason: string | null }
  | { state: 'failed'; missing: number; reason: string };

const KIND_LABELS: Record<Exclude<SectionKind, 'day' | 'other'>, [string, string]> = {
  new: ['new submission', 'new submissions'],
  'cross-list': ['cross-list', 'cross-lists'],
  replacement: ['replacement', 'replacements'],
};

/** Counts the papers read in each section, labelled as a researcher reads them. */
export function sectionCounts(listing: Listing<ListedPaper>): SectionCount[] {
  const counts = new Array<number>(listing.sections.length).fill(0);
  for (const paper of listing.papers) counts[paper.section] = (counts[paper.section] ?? 0) + 1;
  return listing.sections.map((section, index) => {
    const count = counts[index] ?? 0;
    return { kind: section.kind, count, label: sectionLabel(section.kind, section.heading, count) };
  });
}

function sectionLabel(kind: SectionKind, heading: string, count: number): string {
  if (kind === 'day' || kind === 'other') return `${stripShowing(heading)}: ${count}`;
  const [one, many] = KIND_LABELS[kind];
  return `${count} ${count === 1 ? one : many}`;
}

/** "Wed, 2 Sep 2026 (showing 25 of 202 entries )" → "Wed, 2 Sep 2026". */
function stripShowing(heading: string): string {
  return heading.replace(/\s*\((?:continued, )?showing[^)]*\)\s*$/i, '').trim();
}

/** The status of a freshly read listing, before any abstract is fetched. */
export function initialStatus(listing: Listing<ListedPaper>): PageStatus {
  const missing = listing.papers.filter((paper) => paper.abstract === null).length;
  return {
    papers: listing.papers.length,
    sections: sectionCounts(listing),
    skipped: listing.skipped,
    abstracts: missing === 0 ? { state: 'shown' } : { state: 'fetching', missing },
    scoring: null,
  };
}

/** What kind of listing page arXiv served, from its URL path. */
export type PageKind =
  | 'new' // /list/CAT/new: today's announcement, abstracts shown
  | 'recent' // /list/CAT/recent: last five days, headed by day, no abstracts
  | 'pastweek' // /list/CAT/pastweek
  | 'month' // /list/CAT/YYYY-MM (or /YYMM)
  | 'catchup' // /catchup/SUBJECT/YYYY-MM-DD
  | 'other'; // any other /list/ page that still holds entries

/** The section an entry is listed under. Day sections head `recent`-style pages. */
export type SectionKind = 'new' | 'cross-list' | 'replacement' | 'day' | 'other';

/** arXiv's "(showing first 25 of 188 entries)" family of section notes. */
export type SectionPaging = 'all' | 'first' | 'continued' | 'last';

export interface Subject {
  /** e.g. `cond-mat.mtrl-sci` (or `cs.LG`); null when arXiv printed a name without a code. */
  code: string | null;
  /** e.g. `Materials Science` */
  name: string;
}

export interface Paper {
  /** Canonical id without version: `2510.09660` or `hep-th/9901001`. */
  id: string;
  /**
   * Version number when the page prints one (`arXiv:2510.09660v2` → 2), else null. Listing pages
   * of the current design print none: only their HTML link's address names the version, and
   * reading that link cost ~15 % of a long page's read for a value nothing uses. The store keeps
   * a version the arXiv API gave.
   */
  version: number | null;
  /** Whitespace-normalised title, LaTeX kept exactly as written. */
  title: string;
  authors: string[];
  comments: string | null;
  journalRef: string | null;
  /** Primary subject first when the page marks one. */
  subjects: Subject[];
  primarySubject: Subject | null;
  /** Whitespace-normalised abstract, or null when the page does not show it. */
  abstract: string | null;
  /** Index into `Listing.sections`. */
  section: number;
  /** `(cross-list from physics.ins-det)` → `physics.ins-det`. */
  crossListFrom: string | null;
  /** The `[12]` item number arXiv prints (anchor `#item12`), when present. */
  itemNumber: number | null;
}

/**
 * A paper as the content script reads it from the page, before the background makes it a
 * `Paper` (`paperFromReading`): title, authors, comments, journal ref and abstract with their
 * whitespace as on the page, and the subjects line unparsed. Leaving that string work to the
 * background keeps it off the page's main thread.
 */
export interface PaperReading extends Omit<Paper, 'subjects' | 'primarySubject'> {
  /** The "Subjects:" line without its label, as on the page; null when the entry has none. */
  subjectsLine: string | null;
  /** The text of the line's `.primary-subject`, as on the page; null when it has none. */
  primarySubjectText: string | null;
}

/** What the page needs of a paper, read or parsed: which it is, where, and if it has an abstract. */
export type ListedPaper = Pick<Paper, 'id' | 'abstract' | 'section'>;

export interface ListingSection {
  kind: SectionKind;
  /** The heading as arXiv printed it, whitespace-normalised. */
  heading: string;
  /** ISO date (YYYY-MM-DD) of a day section, or of the announcement for new/cross/replacement. */
  date: string | null;
  /** "(showing 45 of 45 entries)": 45 / 45. Null when the heading has no count. */
  shown: number | null;
  total: number | null;
  paging: SectionPaging | null;
}

export interface SkippedEntry {
  /** Item number or a short locator, so a person can find the entry on the page. */
  where: string;
  reason: string;
}

/** A listing page, its papers parsed (`parseListing`) or as read (`readListingPage`). */
export interface Listing<P extends ListedPaper = Paper> {
  /** Archive or category from the URL, e.g. `cond-mat.mtrl-sci` or `cs`. */
  category: string;
  /** Page title arXiv prints in `<h1>`, e.g. `Materials Science`. */
  categoryName: string | null;
  pageKind: PageKind;
  /** The page's date heading, e.g. "Showing new listings for Tuesday, 22 September 2026". */
  dateHeading: string | null;
  /** ISO date parsed from the date heading, when it names one day. */
  date: string | null;
  sections: ListingSection[];
  papers: P[];
  skipped: SkippedEntry[];
  /** "Total of 101 entries" and the `?skip=&show=` window of this page. */
  paging: { total: number | null; skip: number; show: number | null };
  /** True when at least one entry shows its abstract on the page. */
  abstractsShown: boolean;
}

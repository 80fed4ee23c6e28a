import type { TokenUsage } from '../llm/types';

// One shape for every view of a digest: the popup renders it, and the Markdown and JSON exports
// write it in the published pipeline's formats. Building it (lib/digest/build.ts) is where the
// store's runs, papers and judgements become a ranked list, so no view ranks or sums on its own.

/** The papers kept from one listing page, or from every page read on one day, best first. */
export interface Digest {
  /** The local day (YYYY-MM-DD) of the runs. */
  date: string;
  /** The listing pages read, in the order they were first visited that day. */
  pages: DigestPage[];
  /** The model that judged; several joined by ` → ` when the setting changed during the day. */
  model: string;
  /** Everything the runs' calls used, retries included. */
  tokens: TokenUsage;
  cost: DigestCost;
  totals: DigestTotals;
  /** Kept papers, best first: author matches, then relevance + novelty, then relevance. */
  papers: DigestPaper[];
  selectionPrompt: SelectionPrompt;
}

/** One listing page the digest read. */
export interface DigestPage {
  url: string;
  /** Archive or category from the URL, e.g. `cs.LG`. */
  category: string;
  /** The name the page gave it (`Machine Learning`), when known. */
  categoryName?: string | null;
  /** The announcement date the page showed, when it named one. */
  listingDate: string | null;
}

/** Dollars, split as the published digests print them. */
export interface DigestCost {
  prompt: number;
  completion: number;
  /** `prompt + completion`, unrounded. */
  total: number;
  /** False when some model's price is unknown: the amounts then count only the priced runs. */
  priced: boolean;
}

export interface DigestTotals {
  /** Distinct papers the pages listed: the published "Total arXiv papers". */
  onPage: number;
  /** Of those, papers the model judged: the published "Total scanned papers". */
  scanned: number;
  /** Papers kept (author matches included): the published "Total relevant papers". */
  relevant: number;
}

/** One kept paper. */
export interface DigestPaper {
  /** 1 = the best paper of the digest. */
  rank: number;
  /** Canonical arXiv id without version: `2510.09660` or `hep-th/9901001`. */
  id: string;
  title: string;
  authors: string[];
  /** Null when no abstract could be had. */
  abstract: string | null;
  /** The model's comment; for a paper kept for its authors, what the scoring wrote about that. */
  comment: string;
  /** Null for author matches the model was not asked about. */
  relevance: number | null;
  novelty: number | null;
  /** Kept because a followed author wrote it; ranked before every scored paper. */
  authorMatch: boolean;
  /** The followed name (as written in the settings) that matched, when known. */
  matchedAuthor?: string | null;
  /** Judged on its title alone. */
  titleOnly?: boolean;
}

/**
 * The prompt the papers were judged with, as the published digests close with it: the system
 * message, and the user message with `[PAPER LIST HERE]` where each batch's papers went.
 */
export interface SelectionPrompt {
  system: string;
  user: string;
}

import { roundToCents } from './cents';
import type { Digest, DigestPaper } from './types';

// The published pipeline's daily JSON, key for key and in its key order, so scripts written
// against those files read Paper Sieve's too.

/** A digest as the published JSON files hold it. */
export interface PublishedDigestJson {
  date: string;
  model: string;
  tokens: { prompt: number; completion: number; total: number };
  /** Rounded to the cent, as the Markdown prints them; null when a price is unknown. */
  costUsd: { prompt: number | null; completion: number | null; total: number | null };
  totalPapers: number;
  scannedPapers: number;
  relevantPapers: number;
  prompt: { system: string; user: string };
  papers: PublishedDigestPaperJson[];
}

/** One paper as the published JSON files hold it. */
export interface PublishedDigestPaperJson {
  rank: number;
  title: string;
  id: string;
  authors: string[];
  /** Empty when none could be had: the published shape always has a string. */
  abstract: string;
  comment: string;
  relevance: number | null;
  novelty: number | null;
  authorMatch: boolean;
}

/** The digest as a value in the published JSON shape. */
export function digestRecord(digest: Digest): PublishedDigestJson {
  const { tokens, cost, totals } = digest;
  // A cost that is only a lower bound is written as unknown: a script adding up months of
  // digests should fail loudly rather than come out short.
  const dollars = (amount: number) => (cost.priced ? roundToCents(amount) : null);
  return {
    date: digest.date,
    model: digest.model,
    tokens: {
      prompt: tokens.prompt,
      completion: tokens.completion,
      total: tokens.prompt + tokens.completion,
    },
    costUsd: {
      prompt: dollars(cost.prompt),
      completion: dollars(cost.completion),
      total: dollars(cost.total),
    },
    totalPapers: totals.onPage,
    scannedPapers: totals.scanned,
    relevantPapers: totals.relevant,
    prompt: { system: digest.selectionPrompt.system, user: digest.selectionPrompt.user },
    papers: digest.papers.map(paperRecord),
  };
}

/** The digest as the published JSON files are written: one-space indent and a final newline. */
export function digestJson(digest: Digest): string {
  return `${JSON.stringify(digestRecord(digest), null, 1)}\n`;
}

function paperRecord(paper: DigestPaper): PublishedDigestPaperJson {
  return {
    rank: paper.rank,
    title: paper.title,
    id: paper.id,
    authors: [...paper.authors],
    abstract: paper.abstract ?? '',
    comment: paper.comment,
    relevance: paper.relevance,
    novelty: paper.novelty,
    authorMatch: paper.authorMatch,
  };
}

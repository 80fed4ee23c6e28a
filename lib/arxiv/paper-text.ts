import { normaliseWhitespace } from './listing-text';
import type { Paper } from './types';

/**
 * A paper as the page read it (`readListingPage`: whitespace as arXiv wrote it) with its
 * whitespace collapsed, as `parseListing` gives it and the store keeps it. The content script
 * leaves this to the background, off the page's main thread. Idempotent: a normalised paper
 * comes back equal.
 */
export function normalisePaper(paper: Paper): Paper {
  const authors: string[] = [];
  for (const author of paper.authors) {
    const name = normaliseWhitespace(author);
    if (name !== '') authors.push(name);
  }
  return {
    ...paper,
    title: normaliseWhitespace(paper.title),
    authors,
    comments: optional(paper.comments),
    journalRef: optional(paper.journalRef),
    abstract: optional(paper.abstract),
  };
}

function optional(text: string | null): string | null {
  if (text === null) return null;
  const clean = normaliseWhitespace(text);
  return clean === '' ? null : clean;
}

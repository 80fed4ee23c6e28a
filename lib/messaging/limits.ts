import { normaliseWhitespace } from '../arxiv/listing-text';
import type { Paper, PaperReading } from '../arxiv/types';

// How long each field of a paper may be when it crosses to the background. The background
// refuses anything longer (a hostile page must not make us store megabytes); the page clips to
// the same limits first, so one absurd entry costs its own tail, not the whole page's scoring.
export const PAPER_LIMITS = {
  title: 2_000,
  author: 500,
  authors: 5_000,
  long: 20_000,
  subjectName: 300,
  subjects: 50,
} as const;

const ELLIPSIS = '…';

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // The page sends text as read and the background collapses its whitespace: a field too long
  // is collapsed first, so it is clipped only if it is too long as the background will keep it.
  const clean = normaliseWhitespace(text);
  return clean.length <= max ? clean : clean.slice(0, max - ELLIPSIS.length) + ELLIPSIS;
}

function clipOrNull(text: string | null, max: number): string | null {
  return text === null ? null : clip(text, max);
}

/**
 * The paper as read within the limits the background accepts. The subjects line is parsed (and
 * its subjects clipped by `clipPaper`) in the background, which accepts it as long as an abstract.
 */
export function clipReading(reading: PaperReading): PaperReading {
  return {
    ...reading,
    ...clipText(reading),
    subjectsLine: clipOrNull(reading.subjectsLine, PAPER_LIMITS.long),
    primarySubjectText: clipOrNull(reading.primarySubjectText, PAPER_LIMITS.long),
  };
}

/** Title, authors, comments, journal ref and abstract within their limits. */
function clipText(paper: PaperReading | Paper) {
  return {
    title: clip(paper.title, PAPER_LIMITS.title),
    authors: paper.authors
      .slice(0, PAPER_LIMITS.authors)
      .map((author) => clip(author, PAPER_LIMITS.author)),
    comments: clipOrNull(paper.comments, PAPER_LIMITS.long),
    journalRef: clipOrNull(paper.journalRef, PAPER_LIMITS.long),
    abstract: clipOrNull(paper.abstract, PAPER_LIMITS.long),
  };
}

/** The paper within the limits the store keeps. */
export function clipPaper(paper: Paper): Paper {
  return {
    ...paper,
    ...clipText(paper),
    subjects: paper.subjects
      .slice(0, PAPER_LIMITS.subjects)
      .map((subject) => ({ ...subject, name: clip(subject.name, PAPER_LIMITS.subjectName) })),
    primarySubject: paper.primarySubject && {
      ...paper.primarySubject,
      name: clip(paper.primarySubject.name, PAPER_LIMITS.subjectName),
    },
  };
}

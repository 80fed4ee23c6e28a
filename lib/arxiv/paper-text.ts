import { normaliseWhitespace } from './listing-text';
import type { Paper, PaperReading, Subject } from './types';

const SUBJECT = /^(.*?)\s*\(([A-Za-z-]+(?:\.[A-Za-z-]+)?)\)$/;

/**
 * The paper the page read (`readListingPage`): whitespace collapsed, whitespace-only text left
 * out and the subjects line parsed, as `parseListing` gives it and the store keeps it. The
 * content script leaves this to the background, off the page's main thread.
 */
export function paperFromReading(reading: PaperReading): Paper {
  const { subjectsLine, primarySubjectText, ...paper } = reading;
  const authors: string[] = [];
  for (const author of paper.authors) {
    const name = normaliseWhitespace(author);
    if (name !== '') authors.push(name);
  }
  const primarySubject = primarySubjectText === null ? null : parseSubject(primarySubjectText);
  return {
    ...paper,
    title: normaliseWhitespace(paper.title),
    authors,
    comments: optional(paper.comments),
    journalRef: optional(paper.journalRef),
    subjects: subjectsLine === null ? [] : subjectsOf(subjectsLine, primarySubject),
    primarySubject,
    abstract: optional(paper.abstract),
  };
}

/** Parses "Materials Science (cond-mat.mtrl-sci)"; a name without a code keeps code null. */
export function parseSubject(text: string): Subject {
  const clean = normaliseWhitespace(text);
  const match = SUBJECT.exec(clean);
  if (!match) return { code: null, name: clean };
  const code = match[2] ?? '';
  return { code, name: match[1] || code };
}

/** The subjects of a "Subjects:" line, the primary one first when the line marks one. */
function subjectsOf(line: string, primary: Subject | null): Subject[] {
  const subjects = primary ? [primary] : [];
  for (const part of normaliseWhitespace(line).split(';')) {
    const name = part.trim();
    if (name === '') continue;
    const subject = parseSubject(name);
    if (!primary || !sameSubject(subject, primary)) subjects.push(subject);
  }
  return subjects;
}

function sameSubject(a: Subject, b: Subject): boolean {
  return a.code !== null || b.code !== null ? a.code === b.code : a.name === b.name;
}

function optional(text: string | null): string | null {
  if (text === null) return null;
  const clean = normaliseWhitespace(text);
  return clean === '' ? null : clean;
}

/** An arXiv identifier split into its canonical id and the version, when one was given. */
export interface ArxivIdParts {
  /** Canonical id without version: `2510.09660`, `0704.0001` or `hep-th/9901001`. */
  id: string;
  /** `2510.09660v2` → 2; null when no version was written. */
  version: number | null;
}

// YYMM.NNNN(N) with an optional version. The digit count is checked against the month below.
const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
// archive(.SUBJECT-CLASS)/YYMMNNN; the subject class is not part of the canonical id.
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/;
const ARXIV_PREFIX = /^arxiv:\s*/i;
const LOWER_A = 0x61;
const LOWER_CASE_BIT = 0x20;
// An /abs/ link, relative or on an arxiv.org host (any subdomain, http, https or protocol-relative).
const ABS_HREF = /^(?:(?:https?:)?\/\/(?:[a-z0-9-]+\.)*arxiv\.org(?::\d+)?)?\/abs\/([^?#]+)/i;

// New-style ids began in April 2007; five-digit numbers replaced four-digit ones in January 2015.
const FIRST_NEW_STYLE_YYMM = 704;
const FIVE_DIGIT_FROM_YYMM = 1501;
// Old-style ids ran from August 1991 to March 2007; a two-digit year ≥ 91 is in the 1900s.
const OLD_STYLE_FIRST_YEAR = 91;

/** Parses a bare id (`2510.09660v2`, `arXiv:hep-th/9901001`, `math.GT/0309136`), else null. */
export function parseArxivId(text: string): ArxivIdParts | null {
  const trimmed = text.trim();
  // Only a candidate opening with "a"/"A" can hold the prefix: no regular expression otherwise.
  const candidate =
    (trimmed.charCodeAt(0) | LOWER_CASE_BIT) === LOWER_A
      ? trimmed.replace(ARXIV_PREFIX, '')
      : trimmed;
  return parseNewStyle(candidate) ?? parseOldStyle(candidate);
}

/** Reads the id from an `/abs/ID` link, relative or absolute on arxiv.org; null for other links. */
export function idFromAbsHref(href: string): ArxivIdParts | null {
  const match = ABS_HREF.exec(href.trim());
  const path = match?.[1];
  if (path === undefined) return null;
  // Most hrefs have nothing to decode.
  const decoded = path.includes('%') ? safeDecode(path) : path;
  return parseArxivId(decoded.replace(/\/+$/, ''));
}

/** Writes an id back with its version (`2510.09660v2`), or bare when the version is unknown. */
export function formatArxivId(parts: ArxivIdParts): string {
  return parts.version === null ? parts.id : `${parts.id}v${parts.version}`;
}

/** True for a canonical id without version, as `Paper.id` holds it. */
export function isCanonicalArxivId(text: string): boolean {
  const parts = parseArxivId(text);
  return parts !== null && parts.version === null && parts.id === text;
}

function parseNewStyle(candidate: string): ArxivIdParts | null {
  const match = NEW_STYLE.exec(candidate);
  if (!match) return null;
  const [, yy = '', mm = '', number = '', version] = match;
  const yymm = Number(yy + mm);
  if (!isMonth(mm) || yymm < FIRST_NEW_STYLE_YYMM) return null;
  const expectedDigits = yymm >= FIVE_DIGIT_FROM_YYMM ? 5 : 4;
  if (number.length !== expectedDigits) return null;
  // Without a version the candidate is the id itself: no new string to build.
  return withVersion(version === undefined ? candidate : `${yy}${mm}.${number}`, version);
}

function parseOldStyle(candidate: string): ArxivIdParts | null {
  const match = OLD_STYLE.exec(candidate);
  if (!match) return null;
  const [, archive = '', yy = '', mm = '', number = '', version] = match;
  if (!isMonth(mm) || !isOldStyleYear(yy, mm)) return null;
  return withVersion(`${archive}/${yy}${mm}${number}`, version);
}

function withVersion(id: string, version: string | undefined): ArxivIdParts | null {
  if (version === undefined) return { id, version: null };
  const n = Number(version);
  // v0 does not exist and a leading zero is not how arXiv writes versions.
  if (n < 1 || version.startsWith('0')) return null;
  return { id, version: n };
}

function isMonth(mm: string): boolean {
  const month = Number(mm);
  return month >= 1 && month <= 12;
}

function isOldStyleYear(yy: string, mm: string): boolean {
  const year = Number(yy);
  if (year >= OLD_STYLE_FIRST_YEAR) return true;
  // 00–07 are 2000–2007; old-style numbering stopped after March 2007.
  return year < 7 || (year === 7 && Number(mm) <= 3);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

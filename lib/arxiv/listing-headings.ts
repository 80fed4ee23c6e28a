import type { SectionKind, SectionPaging } from './types';

/** What a section heading says about its section; the date only when the heading names one. */
export interface SectionHeadingInfo {
  kind: SectionKind;
  date: string | null;
  shown: number | null;
  total: number | null;
  paging: SectionPaging | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// "22 September 2026", "2 Sep 2026", "20 Jul 18": the forms arXiv prints, old and new.
const DAY_MONTH_YEAR =
  /(?:^|[^\d])(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}|\d{2})(?!\d)/gi;
// Two-digit years ≥ 91 belong to the 1900s: arXiv started in August 1991.
const FIRST_TWO_DIGIT_YEAR_OF_1900S = 91;

// "(showing 45 of 45 entries)", "(showing first 25 of 188 entries )",
// "(continued, showing last 13 of 188 entries)", and the ranged "(showing 1-50 of 798 entries)".
const SHOWING =
  /\(\s*(continued\s*,\s*)?showing\s+(first\s+|last\s+)?(\d+)(?:\s*[-–]\s*(\d+))?\s+of\s+(\d+)\s+entries\s*\)/i;
const TOTAL_ENTRIES = /total of\s+(\d+)\s+entries/i;
const WEEKDAY_DATE_START = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d{1,2}\s+[a-z]{3}/i;

/** ISO date (YYYY-MM-DD) of the first day-month-year date in the text, or of the last one. */
export function parseDayDate(text: string, which: 'first' | 'last' = 'first'): string | null {
  let found: string | null = null;
  for (const match of text.matchAll(DAY_MONTH_YEAR)) {
    const iso = isoDate(match[3] ?? '', match[2] ?? '', match[1] ?? '');
    if (iso === null) continue;
    if (which === 'first') return iso;
    found = iso;
  }
  return found;
}

/** The announcement date of a legacy dateline ("… to Thu 19 Jul 18, announced Fri, 20 Jul 18"). */
export function parseDatelineDate(dateline: string): string | null {
  const announced = /announced\b(.*)$/i.exec(dateline);
  return parseDayDate(announced?.[1] ?? dateline, announced ? 'first' : 'last');
}

/** "Total of 101 entries" (current) or "[ total of 188 entries: 1-188 ]" (legacy) → the number. */
export function parseTotalEntries(text: string): number | null {
  const match = TOTAL_ENTRIES.exec(text);
  return match ? Number(match[1]) : null;
}

/** Reads the kind, date and "(showing … of … entries)" note of a section heading. */
export function parseSectionHeading(heading: string): SectionHeadingInfo {
  const counts = parseShowing(heading);
  return { kind: headingKind(heading), date: parseDayDate(heading), ...counts };
}

function headingKind(heading: string): SectionKind {
  const text = heading.trim();
  if (/^new submissions\b/i.test(text)) return 'new';
  if (/^cross[-\s]?(?:lists?|submissions|listings)\b/i.test(text)) return 'cross-list';
  if (/^replace(?:ments|ment submissions|d submissions)\b/i.test(text)) return 'replacement';
  if (WEEKDAY_DATE_START.test(text)) return 'day';
  return 'other';
}

function parseShowing(heading: string): Pick<SectionHeadingInfo, 'shown' | 'total' | 'paging'> {
  const match = SHOWING.exec(heading);
  if (!match) return { shown: null, total: null, paging: null };
  const [, continued, position, first = '', last, total = ''] = match;
  const shown = last === undefined ? Number(first) : Number(last) - Number(first) + 1;
  return { shown, total: Number(total), paging: pagingOf(continued !== undefined, position) };
}

function pagingOf(continued: boolean, position: string | undefined): SectionPaging {
  const where = position?.trim().toLowerCase();
  if (continued) return where === 'last' ? 'last' : 'continued';
  if (where === 'first') return 'first';
  // arXiv writes "last" only after "continued"; a bare "showing N of M" is the whole section.
  return where === 'last' ? 'last' : 'all';
}

function isoDate(yearText: string, monthName: string, dayText: string): string | null {
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  const day = Number(dayText);
  let year = Number(yearText);
  if (yearText.length === 2) year += year >= FIRST_TWO_DIGIT_YEAR_OF_1900S ? 1900 : 2000;
  if (month < 1 || !isRealDay(year, month, day)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

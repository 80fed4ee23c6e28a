import { describe, expect, it } from 'vitest';
import {
  parseDatelineDate,
  parseDayDate,
  parseSectionHeading,
  parseTotalEntries,
} from '../../lib/arxiv/listing-headings';
import { parseListingUrl } from '../../lib/arxiv/listing-page';

describe('parseSectionHeading', () => {
  it.each([
    // current /new and /catchup
    ['New submissions (showing 45 of 45 entries)', 'new', null, 45, 45, 'all'],
    ['Cross submissions (showing 21 of 21 entries)', 'cross-list', null, 21, 21, 'all'],
    ['Replacement submissions (showing 35 of 35 entries)', 'replacement', null, 35, 35, 'all'],
    [
      'New submissions for Tuesday, 22 September 2026 (showing first 50 of 120 entries )',
      'new',
      '2026-09-22',
      50,
      120,
      'first',
    ],
    // legacy /new
    ['New submissions for Fri, 20 Jul 18', 'new', '2018-07-20', null, null, null],
    ['Cross-lists for Fri, 20 Jul 18', 'cross-list', '2018-07-20', null, null, null],
    ['Replacements for Fri, 20 Jul 18', 'replacement', '2018-07-20', null, null, null],
    // recent / pastweek day sections
    ['Wed, 2 Sep 2026 (showing 202 of 202 entries )', 'day', '2026-09-02', 202, 202, 'all'],
    ['Fri, 5 Jun 2026 (showing first 25 of 188 entries)', 'day', '2026-06-05', 25, 188, 'first'],
    [
      'Fri, 5 Jun 2026 (continued, showing 25 of 188 entries)',
      'day',
      '2026-06-05',
      25,
      188,
      'continued',
    ],
    [
      'Fri, 5 Jun 2026 (continued, showing last 13 of 188 entries)',
      'day',
      '2026-06-05',
      13,
      188,
      'last',
    ],
    ['Fri, 5 Jun 2026 (showing 1-50 of 798 entries)', 'day', '2026-06-05', 50, 798, 'all'],
    ['Thu, 17 Sep 2026', 'day', '2026-09-17', null, null, null],
    // headings arXiv does not print
    ["Editor's picks (showing 2 of 2 entries)", 'other', null, 2, 2, 'all'],
    ['', 'other', null, null, null, null],
  ])('%j', (heading, kind, date, shown, total, paging) => {
    expect(parseSectionHeading(heading)).toEqual({ kind, date, shown, total, paging });
  });
});

describe('dates', () => {
  it.each([
    ['Showing new listings for Tuesday, 22 September 2026', '2026-09-22'],
    ['Wed, 2 Sep 2026', '2026-09-02'],
    ['Catchup results for Materials Science on Tue, 22 Sep 2026', '2026-09-22'],
    ['Fri, 20 Jul 18', '2018-07-20'],
    ['Mon, 3 Aug 98', '1998-08-03'],
    ['Wed, 29 Feb 2028', '2028-02-29'],
    ['Tue, 29 Feb 2026', null], // not a leap year
    ['Authors and titles for September 2026', null], // a month, not a day
    ['no date here', null],
  ])('%s → %s', (text, iso) => {
    expect(parseDayDate(text)).toBe(iso);
  });

  it('reads the announcement day of a legacy dateline, not the submission days', () => {
    const dateline =
      'Submissions received from Wed 18 Jul 18 to Thu 19 Jul 18, announced Fri, 20 Jul 18';
    expect(parseDatelineDate(dateline)).toBe('2018-07-20');
    expect(parseDayDate(dateline)).toBe('2018-07-18');
    expect(parseDayDate(dateline, 'last')).toBe('2018-07-20');
  });

  it.each([
    ['Total of 101 entries', 101],
    ['[ total of 188 entries: 1-188 ]', 188],
    ['Total of 66 entries : 1-25 26-50 51-66', 66],
    ['Showing up to 2000 entries per page', null],
  ])('%s → total %s', (text, total) => {
    expect(parseTotalEntries(text)).toBe(total);
  });
});

describe('parseListingUrl', () => {
  it.each([
    ['https://arxiv.org/list/cond-mat.mtrl-sci/new', 'cond-mat.mtrl-sci', 'new', 0, null],
    ['https://arxiv.org/list/cs/recent', 'cs', 'recent', 0, null],
    ['https://arxiv.org/list/cs/pastweek?skip=25&show=25', 'cs', 'pastweek', 25, 25],
    ['https://arxiv.org/list/cs/new?skip=0&show=1000#item12', 'cs', 'new', 0, 1000],
    ['https://arxiv.org/list/cs.LG/2026-09', 'cs.LG', 'month', 0, null],
    ['https://arxiv.org/list/cs/1807?skip=50&show=50', 'cs', 'month', 50, 50],
    ['https://arxiv.org/list/hep-th/202609', 'hep-th', 'month', 0, null],
    ['https://arxiv.org/list/math/current', 'math', 'month', 0, null],
    ['https://arxiv.org/list/cs/2026', 'cs', 'other', 0, null], // a year listing
    ['https://arxiv.org/catchup/cs/2026-09-22', 'cs', 'catchup', 0, 2000],
    ['https://arxiv.org/catchup/cs/2026-09-22?abs=True&page=2', 'cs', 'catchup', 2000, 2000],
    ['/list/physics.ins-det/new?skip=x&show=-5', 'physics.ins-det', 'new', 0, null],
    ['https://arxiv.org/abs/2609.22268', null, 'other', 0, null],
    ['', null, 'other', 0, null],
  ])('%s', (url, category, pageKind, skip, show) => {
    expect(parseListingUrl(url)).toEqual({ category, pageKind, skip, show });
  });
});

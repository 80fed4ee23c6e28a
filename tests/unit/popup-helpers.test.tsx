import { describe, expect, it } from 'vitest';
import { digestFileName } from '../../lib/popup/file-names';
import { countOf, formatCost, formatCount, formatDollars } from '../../lib/popup/format';
import { listingOfUrl, pageKindLabel, runUrlCandidates } from '../../lib/popup/listing-url';
import { findPageDigest, notScored, scoringProgress } from '../../lib/popup/page-digest';
import { backgroundProblem, tabProblem } from '../../lib/popup/problems';
import { tabParam } from '../../lib/popup/tab-param';
import { digestFromPublished, publishedJson } from '../support/published-digest';

const digest = digestFromPublished(publishedJson('2025-10-16'));

describe('which tabs show a listing', () => {
  it.each([
    ['https://arxiv.org/list/cs.LG/new', 'cs.LG', 'new'],
    [
      'https://arxiv.org/list/cond-mat.mtrl-sci/recent?skip=0&show=100',
      'cond-mat.mtrl-sci',
      'recent',
    ],
    ['https://arxiv.org/list/math/pastweek?show=25', 'math', 'pastweek'],
    ['https://arxiv.org/list/hep-th/2026-09', 'hep-th', 'month'],
    ['https://arxiv.org/catchup/cond-mat.mtrl-sci/2026-09-22', 'cond-mat.mtrl-sci', 'catchup'],
    ['https://arxiv.org/list/cs.LG/new#item12', 'cs.LG', 'new'],
  ])('%s is %s (%s)', (url, category, pageKind) => {
    expect(listingOfUrl(url)).toEqual({ url, category, pageKind });
  });

  it.each([
    'https://arxiv.org/abs/2510.12744',
    'https://arxiv.org/',
    'https://arxiv.org/list/',
    'http://arxiv.org/list/cs.LG/new',
    'https://export.arxiv.org/list/cs.LG/new',
    'https://arxiv.org.evil.example/list/cs.LG/new',
    'chrome://extensions',
    'not a url',
    '',
    null,
    undefined,
  ])('%s is not', (url) => {
    expect(listingOfUrl(url)).toBeNull();
  });

  it('looks for a run under the address, then without its fragment', () => {
    expect(runUrlCandidates('https://arxiv.org/list/cs.LG/new')).toEqual([
      'https://arxiv.org/list/cs.LG/new',
    ]);
    expect(runUrlCandidates('https://arxiv.org/list/cs.LG/new#item3')).toEqual([
      'https://arxiv.org/list/cs.LG/new#item3',
      'https://arxiv.org/list/cs.LG/new',
    ]);
  });

  it('names each kind of listing', () => {
    expect(pageKindLabel('new')).toBe('new');
    expect(pageKindLabel('pastweek')).toBe('past week');
    expect(pageKindLabel('catchup')).toBe('catch-up');
  });
});

describe('the popup’s address', () => {
  it.each([
    ['', null],
    ['?tab=12', { tabId: 12, url: null }],
    [
      '?tab=12&url=https%3A%2F%2Farxiv.org%2Flist%2Fcs.LG%2Fnew',
      { tabId: 12, url: 'https://arxiv.org/list/cs.LG/new' },
    ],
    ['?tab=abc', null],
    ['?tab=-1', null],
    ['?tab=1.5', null],
    ['?tab=99999999999999999999', null],
  ])('%s', (search, expected) => {
    expect(tabParam(search)).toEqual(expected);
  });
});

describe('file names and numbers', () => {
  it('names exports by day', () => {
    expect(digestFileName('2025-10-16', 'markdown')).toBe('paper-sieve-2025-10-16.md');
    expect(digestFileName('2025-10-16', 'json')).toBe('paper-sieve-2025-10-16.json');
    expect(digestFileName('../../etc', 'json')).toBe('paper-sieve-digest.json');
  });

  it.each([
    [0, '$0.00'],
    [0.0042, '$0.0042'],
    [0.61, '$0.61'],
    [1.7, '$1.70'],
  ])('%s dollars read %s', (amount, text) => {
    expect(formatDollars(amount)).toBe(text);
  });

  it('says what is known of a cost whose price is unknown', () => {
    expect(formatCost(0.09, true)).toBe('$0.09');
    expect(formatCost(0.09, false)).toBe('$0.09+');
    expect(formatCost(0, false)).toBe('n/a');
  });

  it('groups thousands and counts in words', () => {
    expect(formatCount(133422)).toBe('133,422');
    expect(countOf(1, 'paper')).toBe('1 paper');
    expect(countOf(1204, 'paper')).toBe('1,204 papers');
  });
});

describe('problems in words', () => {
  it.each([
    'Could not establish connection. Receiving end does not exist.',
    'Paper Sieve’s background did not answer.',
    'The message port closed before a response was received.',
  ])('an unreachable background: %s', (message) => {
    const problem = backgroundProblem(new Error(message), 'read this page’s digest');
    expect(problem.text).toMatch(
      /^Paper Sieve’s background is not answering\. Try again; .*chrome:\/\/extensions/,
    );
    expect(problem.retry).toBe(true);
  });

  it('a failure the background reported', () => {
    expect(backgroundProblem(new Error('IndexedDB is full'), 'stop scoring').text).toBe(
      'Paper Sieve could not stop scoring: IndexedDB is full',
    );
  });

  it('a tab without the content script says to reload it', () => {
    const problem = tabProblem(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    expect(problem.text).toMatch(/Reload the arXiv page, then try again\.$/);
  });
});

describe('finding the page’s run', () => {
  it('takes the first address with a run', async () => {
    const asked: string[] = [];
    const found = await findPageDigest('https://arxiv.org/list/cs.LG/new#item3', async (url) => {
      asked.push(url);
      return url.endsWith('#item3') ? { digest: null, pending: 0 } : { digest, pending: 2 };
    });
    expect(asked).toEqual([
      'https://arxiv.org/list/cs.LG/new#item3',
      'https://arxiv.org/list/cs.LG/new',
    ]);
    expect(found).toMatchObject({ url: 'https://arxiv.org/list/cs.LG/new', pending: 2 });
  });

  it('answers for the tab’s own address when no address has a run', async () => {
    const found = await findPageDigest('https://arxiv.org/list/cs.LG/new#x', async () => ({
      digest: null,
      pending: 0,
    }));
    expect(found).toEqual({ digest: null, pending: 0, url: 'https://arxiv.org/list/cs.LG/new#x' });
  });

  it('measures progress against the papers on the page', () => {
    expect(scoringProgress({ digest, pending: 39 })).toEqual({ done: 500, total: 539 });
    expect(scoringProgress({ digest: null, pending: 3 })).toBeNull();
  });

  it.each([
    ['no run', null, 0, true],
    [
      'a run with nothing judged',
      { ...digest, papers: [], totals: { ...digest.totals, scanned: 0 } },
      0,
      true,
    ],
    ['a run with papers queued', null, 5, false],
    ['a run with judgements', digest, 0, false],
  ])('%s is %s', (_what, answer, pending, expected) => {
    expect(notScored(answer, pending)).toBe(expected);
  });
});

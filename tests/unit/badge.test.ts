import { describe, expect, it } from 'vitest';
import type { JudgementView } from '../../lib/messaging/protocol';
import { badgeFor, keptOf, standing, type BadgeModel } from '../../lib/page/badge';
import type { EntryStatus } from '../../lib/page/scores';

const thresholds = { minRelevance: 7, minNovelty: 6 };

function judged(fields: Partial<JudgementView>): EntryStatus {
  const judgement: JudgementView = {
    paperId: '2609.22268',
    kind: 'scored',
    relevance: 9,
    novelty: 8,
    comment: 'Matches criterion 2: spectral solvers for heat transfer.',
    model: 'gpt-5-mini',
    titleOnly: false,
    kept: true,
    ...fields,
  };
  return {
    state: judgement.kind === 'author-match' ? 'author-match' : 'scored',
    phase: null,
    judgement,
    reason: null,
  };
}

function unjudged(
  state: EntryStatus['state'],
  phase: EntryStatus['phase'],
  reason: string | null,
): EntryStatus {
  return { state, phase, judgement: null, reason };
}

const NO_KEY = 'No API key yet — add one in Paper Sieve’s Options to score these papers.';
const AUTO_OFF = 'Automatic scoring is off — press “Score this page” to score it.';
const BUDGET =
  'Today’s budget of $1.00 is spent ($1.02) — scoring is paused; raise the budget in Options to go on.';

const cases: [string, EntryStatus, Partial<BadgeModel>][] = [
  [
    'kept: both scores at or above their thresholds',
    judged({ relevance: 9, novelty: 8 }),
    {
      tone: 'kept',
      text: 'R 9 · N 8',
      label: 'Relevance 9 of 10, novelty 8 of 10, kept',
      tip: 'Matches criterion 2: spectral solvers for heat transfer. — judged by gpt-5-mini',
      titleOnly: false,
      action: null,
      kept: true,
      comment: 'Matches criterion 2: spectral solvers for heat transfer.',
    },
  ],
  [
    'kept: exactly at the thresholds',
    judged({ relevance: 7, novelty: 6 }),
    { tone: 'kept', text: 'R 7 · N 6', kept: true },
  ],
  [
    'near: relevance passes, novelty far below',
    judged({ relevance: 8, novelty: 2 }),
    { tone: 'near', label: 'Relevance 8 of 10, novelty 2 of 10, near the thresholds', kept: false },
  ],
  [
    'near: novelty passes, relevance far below',
    judged({ relevance: 3, novelty: 9 }),
    { tone: 'near', kept: false },
  ],
  [
    'near: both one point short',
    judged({ relevance: 6, novelty: 5 }),
    { tone: 'near', kept: false },
  ],
  [
    'below: one within a point, the other two short',
    judged({ relevance: 6, novelty: 4 }),
    { tone: 'below', label: 'Relevance 6 of 10, novelty 4 of 10, below the thresholds' },
  ],
  [
    'below: a judgement without scores',
    judged({ relevance: null, novelty: null, comment: '' }),
    { tone: 'below', text: 'no scores', tip: 'Judged by gpt-5-mini', kept: false, comment: null },
  ],
  [
    'title-only: marked, and said in the label',
    judged({ relevance: 9, novelty: 7, titleOnly: true }),
    {
      tone: 'kept',
      text: 'R 9 · N 7',
      titleOnly: true,
      label: 'Relevance 9 of 10, novelty 7 of 10, kept, judged on the title only',
    },
  ],
  [
    'author match: named in the label, always kept, no model to name',
    judged({
      kind: 'author-match',
      relevance: null,
      novelty: null,
      comment: 'Author match: Yann LeCun',
      model: '',
      titleOnly: true,
    }),
    {
      tone: 'author',
      text: 'Author match',
      label: 'Author match: Yann LeCun',
      tip: 'Author match: Yann LeCun',
      titleOnly: false,
      action: null,
      kept: true,
      comment: 'Author match: Yann LeCun',
    },
  ],
  [
    'queued',
    unjudged('pending', 'queued', null),
    { tone: 'pending', text: 'queued', label: 'Queued for scoring', action: null, kept: null },
  ],
  [
    'scoring',
    unjudged('pending', 'scoring', null),
    { tone: 'pending', text: 'scoring…', label: 'Being scored', kept: null, comment: null },
  ],
  [
    'error: the reason in words, and a retry',
    unjudged('error', null, 'Your API key was rejected (401) — check it in Options'),
    {
      tone: 'error',
      text: 'error',
      label: 'Scoring failed: Your API key was rejected (401) — check it in Options',
      tip: 'Your API key was rejected (401) — check it in Options',
      action: 'retry',
      kept: null,
    },
  ],
  [
    'error without a reason',
    unjudged('error', null, null),
    { tone: 'error', tip: 'Scoring failed for an unknown reason.', action: 'retry' },
  ],
  [
    'idle, no API key: Options',
    unjudged('idle', null, NO_KEY),
    {
      tone: 'idle',
      text: 'not scored',
      label: `Not scored: ${NO_KEY}`,
      tip: NO_KEY,
      action: 'options',
    },
  ],
  [
    'idle, budget reached: Options',
    unjudged('idle', null, BUDGET),
    { tone: 'idle', tip: BUDGET, action: 'options' },
  ],
  [
    'idle, automatic scoring off: score now',
    unjudged('idle', null, AUTO_OFF),
    { tone: 'idle', tip: AUTO_OFF, action: 'retry', kept: null },
  ],
];

describe('the badge for an entry', () => {
  it.each(cases)('%s', (_name, status, expected) => {
    expect(badgeFor(status, thresholds)).toMatchObject(expected);
  });

  it('follows the thresholds it is given, not the background’s verdict', () => {
    const status = judged({ relevance: 6, novelty: 6, kept: false });
    expect(badgeFor(status, { minRelevance: 6, minNovelty: 6 }).tone).toBe('kept');
    expect(badgeFor(status, { minRelevance: 8, minNovelty: 8 }).tone).toBe('below');
  });

  it.each([
    [10, 10, 'kept'],
    [7, 5, 'near'],
    [5, 6, 'near'],
    [6, 5, 'near'],
    [5, 5, 'below'],
    [1, 1, 'below'],
  ] as const)('stands R %i · N %i as %s against 7 / 6', (relevance, novelty, expected) => {
    expect(standing(relevance, novelty, thresholds)).toBe(expected);
  });
});

describe('keptOf', () => {
  it.each([
    ['kept', judged({ relevance: 9, novelty: 8 })],
    ['near', judged({ relevance: 9, novelty: 5 })],
    ['below', judged({ relevance: 2, novelty: 2 })],
    ['no scores', judged({ relevance: null, novelty: null })],
    ['author match', judged({ kind: 'author-match', relevance: null, novelty: null })],
    ['queued', unjudged('pending', 'queued', null)],
    ['error', unjudged('error', null, 'HTTP 500')],
    ['idle', unjudged('idle', null, NO_KEY)],
  ] as const)('says what the badge says of a %s paper', (_, status) => {
    expect(keptOf(status, thresholds)).toBe(badgeFor(status, thresholds).kept);
  });
});

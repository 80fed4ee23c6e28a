import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../lib/llm/call-options';
import {
  ANSWER_OVERHEAD_TOKENS,
  ANSWER_TOKENS_PER_PAPER,
  MAX_ALLOWANCE_SCALE,
  afterCutOff,
  outputLimit,
  reasoningAllowance,
} from '../../lib/llm/output-limit';
import type { TokenUsage } from '../../lib/llm/types';
import { DIGEST_DATES, loadDigest, UNLISTED_SCORE } from '../support/digest-replay';
import { countTokens } from '../support/tokens';

const MINIMAL: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };
const usage = (completion: number, reasoning: number): TokenUsage => ({
  prompt: 5_000,
  cachedPrompt: 0,
  completion,
  reasoning,
});

/** Every answer the published pipeline's model gave, as the entry each answer format holds. */
function realEntries() {
  return DIGEST_DATES.flatMap((date) =>
    loadDigest(date).papers.map((paper) => {
      const entry = {
        ARXIVID: paper.id,
        COMMENT: paper.comment,
        // Author matches have no scores: the widest a score can be.
        RELEVANCE: paper.relevance ?? 10,
        NOVELTY: paper.novelty ?? 10,
      };
      return {
        id: `${date} ${paper.id}`,
        // json-schema: structured output writes compact JSON; `,` separates the entries.
        'json-schema': countTokens(`${JSON.stringify(entry)},`),
        // text: a JSON line spaced as the prompt shows it.
        text: countTokens(
          `{"ARXIVID": "${entry.ARXIVID}", "COMMENT": ${JSON.stringify(entry.COMMENT)}, "RELEVANCE": ${entry.RELEVANCE}, "NOVELTY": ${entry.NOVELTY}}\n`,
        ),
      };
    }),
  );
}

describe('the answer allowance, measured on the published digests', () => {
  const entries = realEntries();

  it.each(['json-schema', 'text'] as const)(
    'holds every run of 1 to 20 consecutive real %s entries, with the JSON around them',
    (format) => {
      expect(entries.length).toBe(218);
      const options: CallOptions = { ...MINIMAL, structuredOutput: format === 'json-schema' };
      const around = countTokens('{"papers":[]}');
      for (let n = 1; n <= 20; n++) {
        const allowance = outputLimit('gpt-4o-mini', n, options).answer;
        for (let start = 0; start + n <= entries.length; start++) {
          const run = entries.slice(start, start + n).reduce((sum, e) => sum + e[format], 0);
          expect(run + around, `${n} answers from ${entries[start]!.id}`).toBeLessThanOrEqual(
            allowance,
          );
        }
      }
    },
  );

  it('asks at most 60 tokens a paper at the default batch of 20', () => {
    expect(outputLimit('gpt-4o-mini', 20, MINIMAL).answer / 20).toBeLessThanOrEqual(60);
  });

  it('gives an unlisted paper’s short answer room to spare', () => {
    const answer = JSON.stringify({ ARXIVID: '2510.12345', ...UNLISTED_SCORE });
    expect(countTokens(answer)).toBeLessThan((ANSWER_TOKENS_PER_PAPER['json-schema'] * 2) / 3);
  });
});

describe('outputLimit', () => {
  it.each<[string, string, CallOptions, number, number]>([
    // answer = 58 × 20 + 40; reasoning by effort.
    ['gpt-5-mini, minimal', 'gpt-5-mini', MINIMAL, 1_200, 256 + 16 * 20],
    ['gpt-5.1, none', 'gpt-5.1', { ...MINIMAL, reasoningEffort: 'none' }, 1_200, 0],
    ['o4-mini, low', 'o4-mini', { ...MINIMAL, reasoningEffort: 'low' }, 1_200, 1_024 + 128 * 20],
    ['gpt-5, medium', 'gpt-5', { ...MINIMAL, reasoningEffort: 'medium' }, 1_200, 2_048 + 384 * 20],
    ['gpt-5, high', 'gpt-5', { ...MINIMAL, reasoningEffort: 'high' }, 1_200, 4_096 + 1_024 * 20],
    // Effort refused: the model reasons at its default, medium.
    ['gpt-5, effort not sent', 'gpt-5', { ...MINIMAL, reasoningEffort: null }, 1_200, 9_728],
    ['gpt-4o-mini: no reasoning', 'gpt-4o-mini', { ...MINIMAL, reasoningEffort: null }, 1_200, 0],
    // The user chose an effort for a model not known to reason: honoured.
    [
      'gpt-oss with low',
      'openai/gpt-oss-20b',
      { ...MINIMAL, reasoningEffort: 'low' },
      1_200,
      3_584,
    ],
    // Text mode: JSON lines spaced or pretty-printed, 88 a paper.
    ['text mode', 'gpt-4o-mini', { structuredOutput: false, reasoningEffort: null }, 1_800, 0],
    ['grown twice', 'gpt-5-mini', { ...MINIMAL, answerScale: 2, reasoningScale: 4 }, 2_400, 2_304],
  ])('%s', (_case, model, options, answer, reasoning) => {
    const limit = outputLimit(model, 20, options);
    expect(limit).toMatchObject({ param: 'max_completion_tokens', answer, reasoning });
    expect(limit.total).toBe(answer + reasoning);
  });

  it('sizes the answer to the batch: a paper more, its allowance more', () => {
    const one = outputLimit('gpt-4o-mini', 1, MINIMAL).answer;
    expect(one).toBe(ANSWER_TOKENS_PER_PAPER['json-schema'] + ANSWER_OVERHEAD_TOKENS);
    expect(outputLimit('gpt-4o-mini', 2, MINIMAL).answer - one).toBe(58);
  });

  it('reports the effort it sized reasoning for, and the parameter learned', () => {
    expect(outputLimit('gpt-5', 7, { ...MINIMAL, reasoningEffort: null }).effort).toBe('medium');
    expect(outputLimit('llama3.1:8b', 7, { ...MINIMAL, reasoningEffort: null }).effort).toBeNull();
    expect(outputLimit('gpt-5', 7, { ...MINIMAL, outputLimitParam: 'max_tokens' }).param).toBe(
      'max_tokens',
    );
    expect(outputLimit('gpt-5', 7, { ...MINIMAL, outputLimitParam: null }).param).toBeNull();
  });

  it('grows reasoning with the effort, never down', () => {
    const steps = (['none', 'minimal', 'low', 'medium', 'high'] as const).map((effort) =>
      reasoningAllowance(effort, 20),
    );
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});

describe('afterCutOff', () => {
  const limit = outputLimit('gpt-5-mini', 20, MINIMAL); // reasoning 576, answer 1200

  it.each<[string, CallOptions, TokenUsage, CallOptions]>([
    [
      'reasoning used its whole allowance (empty answer): reasoning doubles',
      MINIMAL,
      usage(limit.total, limit.total),
      { ...MINIMAL, reasoningScale: 2 },
    ],
    [
      'reasoning used exactly its allowance: reasoning doubles',
      MINIMAL,
      usage(limit.total, limit.reasoning),
      { ...MINIMAL, reasoningScale: 2 },
    ],
    [
      'reasoning within its allowance: the answer itself ran long',
      MINIMAL,
      usage(limit.total, 100),
      { ...MINIMAL, answerScale: 2 },
    ],
    [
      'an endpoint that reports no reasoning: the answer grows',
      MINIMAL,
      usage(limit.total, 0),
      { ...MINIMAL, answerScale: 2 },
    ],
    [
      'grown before: doubles again',
      { ...MINIMAL, reasoningScale: 2 },
      usage(limit.total, 10_000),
      { ...MINIMAL, reasoningScale: 4 },
    ],
  ])('%s', (_case, options, used, expected) => {
    expect(afterCutOff(options, outputLimit('gpt-5-mini', 20, options), used)).toEqual(expected);
  });

  it('a model without reasoning that reports some: the answer grows, not a zero allowance', () => {
    const options: CallOptions = { structuredOutput: true, reasoningEffort: null };
    const grown = afterCutOff(options, outputLimit('gpt-4o-mini', 5, options), usage(416, 300));
    expect(grown).toEqual({ ...options, answerScale: 2 });
  });

  it('stops growing at its ceiling, so cut-offs cannot raise it forever', () => {
    let options = MINIMAL;
    const seen: CallOptions[] = [];
    for (let i = 0; i < 10; i++) {
      const next = afterCutOff(options, outputLimit('gpt-5-mini', 20, options), usage(1e6, 1e6));
      if (next === options) break;
      seen.push(next);
      options = next;
    }
    expect(seen.map((o) => o.reasoningScale)).toEqual([2, 4, MAX_ALLOWANCE_SCALE]);
    expect(afterCutOff(options, outputLimit('gpt-5-mini', 20, options), usage(1e6, 1e6))).toBe(
      options,
    );
  });

  it('changes nothing when no limit was sent: the cut-off was the endpoint’s own', () => {
    const options: CallOptions = { ...MINIMAL, outputLimitParam: null };
    expect(afterCutOff(options, outputLimit('gpt-5-mini', 20, options), usage(900, 900))).toBe(
      options,
    );
  });
});

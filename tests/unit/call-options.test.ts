import { describe, expect, it } from 'vitest';
import {
  afterRejection,
  endpointModelKey,
  initialCallOptions,
  isReasoningModel,
} from '../../lib/llm/call-options';
import type { CallOptions, EffortSetting } from '../../lib/llm/call-options';

describe('initialCallOptions', () => {
  it.each<[string, EffortSetting, CallOptions]>([
    // gpt-5, -mini and -nano take 'minimal' (not 'none'): the cheapest they accept.
    ['gpt-5', 'auto', { structuredOutput: true, reasoningEffort: 'minimal' }],
    ['gpt-5-mini', 'auto', { structuredOutput: true, reasoningEffort: 'minimal' }],
    ['gpt-5-mini-2025-08-07', 'auto', { structuredOutput: true, reasoningEffort: 'minimal' }],
    ['openai/gpt-5-nano', 'auto', { structuredOutput: true, reasoningEffort: 'minimal' }],
    ['GPT-5-Mini', 'auto', { structuredOutput: true, reasoningEffort: 'minimal' }],
    // gpt-5.1 and later take 'none' (and refuse 'minimal').
    ['gpt-5.1', 'auto', { structuredOutput: true, reasoningEffort: 'none' }],
    [
      'openrouter/openai/gpt-5.1-codex',
      'auto',
      { structuredOutput: true, reasoningEffort: 'none' },
    ],
    // o-series: 'low' is their floor.
    ['o4-mini', 'auto', { structuredOutput: true, reasoningEffort: 'low' }],
    ['o3', 'auto', { structuredOutput: true, reasoningEffort: 'low' }],
    ['openai/o1', 'auto', { structuredOutput: true, reasoningEffort: 'low' }],
    // Models without reasoning get no effort at all, which they would refuse.
    ['gpt-4o-mini', 'auto', { structuredOutput: true, reasoningEffort: null }],
    ['gpt-4.1', 'auto', { structuredOutput: true, reasoningEffort: null }],
    ['llama3.1:8b', 'auto', { structuredOutput: true, reasoningEffort: null }],
    ['openai/gpt-oss-20b', 'auto', { structuredOutput: true, reasoningEffort: null }],
    // An explicit choice is sent as chosen: the user asked for it, and a refusal is learned once.
    ['gpt-5-mini', 'high', { structuredOutput: true, reasoningEffort: 'high' }],
    ['gpt-5.1', 'minimal', { structuredOutput: true, reasoningEffort: 'minimal' }],
    ['o4-mini', 'medium', { structuredOutput: true, reasoningEffort: 'medium' }],
    ['gpt-4o-mini', 'low', { structuredOutput: true, reasoningEffort: 'low' }],
    ['llama3.1:8b', 'none', { structuredOutput: true, reasoningEffort: 'none' }],
  ])('%s with effort %s', (model, effort, expected) => {
    expect(initialCallOptions(model, effort)).toEqual(expected);
  });
});

describe('isReasoningModel', () => {
  it.each<[string, boolean]>([
    ['gpt-5', true],
    ['gpt-5.1', true],
    ['azure/gpt-5-mini', true],
    ['o1', true],
    ['o3-mini', true],
    ['gpt-4o', false],
    ['chatgpt-4o-latest', false],
    ['omni-moderation-latest', false],
    ['qwen3:8b', false],
  ])('%s → %s', (model, expected) => {
    expect(isReasoningModel(model)).toBe(expected);
  });
});

describe('afterRejection', () => {
  const STRUCTURED_MINIMAL: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };

  it.each<[string, CallOptions, string, string, CallOptions | null]>([
    [
      'response_format refused: text mode, effort kept',
      STRUCTURED_MINIMAL,
      'response_format',
      "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
      { structuredOutput: false, reasoningEffort: 'minimal' },
    ],
    [
      'a nested response_format field refused',
      STRUCTURED_MINIMAL,
      'response_format.type',
      'invalid value: `json_schema`, supported values are: `json_object` and `text`.',
      { structuredOutput: false, reasoningEffort: 'minimal' },
    ],
    [
      'response_format refused when it was not sent: nothing to change',
      { structuredOutput: false, reasoningEffort: 'minimal' },
      'response_format',
      "Invalid parameter: 'response_format'.",
      null,
    ],
    [
      "'minimal' refused, 'low' supported: one step up",
      STRUCTURED_MINIMAL,
      'reasoning_effort',
      "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', and 'high'.",
      { structuredOutput: true, reasoningEffort: 'low' },
    ],
    [
      "gpt-5.1's wording for 'minimal'",
      STRUCTURED_MINIMAL,
      'reasoning_effort',
      "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.",
      { structuredOutput: true, reasoningEffort: 'low' },
    ],
    [
      "'none' refused, 'minimal' supported",
      { structuredOutput: true, reasoningEffort: 'none' },
      'reasoning_effort',
      "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
      { structuredOutput: true, reasoningEffort: 'minimal' },
    ],
    [
      "'high' refused: no higher step, so the model's default",
      { structuredOutput: false, reasoningEffort: 'high' },
      'reasoning_effort',
      "Unsupported value: 'reasoning_effort' does not support 'high' with this model.",
      { structuredOutput: false, reasoningEffort: null },
    ],
    [
      'the parameter itself refused: dropped',
      STRUCTURED_MINIMAL,
      'reasoning_effort',
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      { structuredOutput: true, reasoningEffort: null },
    ],
    [
      'gpt-4o-mini does not know it: dropped',
      { structuredOutput: true, reasoningEffort: 'low' },
      'reasoning_effort',
      'Unrecognized request argument supplied: reasoning_effort',
      { structuredOutput: true, reasoningEffort: null },
    ],
    [
      "the Responses API's name for it",
      STRUCTURED_MINIMAL,
      'reasoning.effort',
      "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
      { structuredOutput: true, reasoningEffort: null },
    ],
    [
      'reasoning_effort refused when it was not sent: nothing to change',
      { structuredOutput: true, reasoningEffort: null },
      'reasoning_effort',
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      null,
    ],
    [
      'max_completion_tokens refused (older Azure API versions): max_tokens instead',
      STRUCTURED_MINIMAL,
      'max_completion_tokens',
      'Unrecognized request argument supplied: max_completion_tokens',
      { ...STRUCTURED_MINIMAL, outputLimitParam: 'max_tokens' },
    ],
    [
      'max_tokens refused as well: no limit sent',
      { ...STRUCTURED_MINIMAL, outputLimitParam: 'max_tokens' },
      'max_tokens',
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      { ...STRUCTURED_MINIMAL, outputLimitParam: null },
    ],
    [
      'the other name in the refusal: the step follows what was sent',
      STRUCTURED_MINIMAL,
      'max_tokens',
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      { ...STRUCTURED_MINIMAL, outputLimitParam: 'max_tokens' },
    ],
    [
      'a limit refused when none was sent: nothing to change',
      { ...STRUCTURED_MINIMAL, outputLimitParam: null },
      'max_completion_tokens',
      'Unrecognized request argument supplied: max_completion_tokens',
      null,
    ],
    [
      'learned growth is kept through a refusal',
      { ...STRUCTURED_MINIMAL, reasoningScale: 4 },
      'max_completion_tokens',
      "Unsupported parameter: 'max_completion_tokens' is not supported with this model.",
      { ...STRUCTURED_MINIMAL, reasoningScale: 4, outputLimitParam: 'max_tokens' },
    ],
    [
      'a parameter Paper Sieve does not send',
      STRUCTURED_MINIMAL,
      'temperature',
      "Unsupported parameter: 'temperature' is not supported with this model.",
      null,
    ],
    [
      'the messages themselves (context too long)',
      STRUCTURED_MINIMAL,
      'messages',
      "This model's maximum context length is 128000 tokens.",
      null,
    ],
  ])('%s', (_case, options, param, message, expected) => {
    expect(afterRejection(options, param, message)).toEqual(expected);
  });

  it('never changes the options it was given', () => {
    const options: CallOptions = { structuredOutput: true, reasoningEffort: 'minimal' };
    afterRejection(options, 'response_format', '');
    afterRejection(options, 'reasoning_effort', 'Unsupported value');
    expect(options).toEqual({ structuredOutput: true, reasoningEffort: 'minimal' });
  });
});

describe('endpointModelKey', () => {
  it('tells the same model at two endpoints apart', () => {
    expect(endpointModelKey('https://api.openai.com/v1', 'gpt-5-mini')).not.toBe(
      endpointModelKey('https://openrouter.ai/api/v1', 'gpt-5-mini'),
    );
  });
});

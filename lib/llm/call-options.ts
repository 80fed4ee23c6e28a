/** The optional request parameters an endpoint+model takes, learned from its 400s. */
export interface CallOptions {
  /** `response_format: json_schema`; without it the answer is parsed from text. */
  structuredOutput: boolean;
  /** Sent only to reasoning models; null leaves the model's default. */
  reasoningEffort: Effort | null;
  /**
   * Where the output limit goes: `max_completion_tokens` when absent (OpenAI's name), the older
   * `max_tokens` for endpoints that refuse it, null for those that refuse both.
   */
  outputLimitParam?: OutputLimitParam | null;
  /** Multiplies the answer allowance (1 when absent), grown after answers cut off. */
  answerScale?: number;
  /** Multiplies the reasoning allowance (1 when absent), grown after reasoning used it all. */
  reasoningScale?: number;
}

/** The request parameter that carries the completion limit. */
export type OutputLimitParam = 'max_completion_tokens' | 'max_tokens';

export type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high';
export type EffortSetting = Effort | 'auto';

// Completion tokens, reasoning included, were ~90% of the published pipeline's cost: the lowest
// effort a model accepts is the default. Models differ in which they accept (gpt-5 takes
// 'minimal' but not 'none'; gpt-5.1 the reverse; o-series neither), so a refusal steps up.
const EFFORT_LADDER: Effort[] = ['none', 'minimal', 'low', 'medium', 'high'];

/** gpt-5*, o1/o3/o4*, with or without a provider prefix (`openai/gpt-5-mini`). */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split('/').pop() ?? '';
  return /^(gpt-5|o\d)/.test(name);
}

/** What to send the first time an endpoint+model is used. */
export function initialCallOptions(model: string, effort: EffortSetting): CallOptions {
  if (effort !== 'auto') return { structuredOutput: true, reasoningEffort: effort };
  if (!isReasoningModel(model)) return { structuredOutput: true, reasoningEffort: null };
  const name = model.toLowerCase().split('/').pop() ?? '';
  const lowest: Effort = /^gpt-5(-|$)/.test(name) ? 'minimal' : /^o\d/.test(name) ? 'low' : 'none';
  return { structuredOutput: true, reasoningEffort: lowest };
}

/**
 * The options to try after a 400 named `param`; null when nothing is left to change, so the
 * refusal is final. An unsupported effort value steps up the ladder; an unsupported parameter
 * is dropped; a refused output limit moves from `max_completion_tokens` to `max_tokens`, then
 * goes.
 */
export function afterRejection(
  options: CallOptions,
  param: string,
  message: string,
): CallOptions | null {
  if (param.startsWith('response_format') && options.structuredOutput) {
    return { ...options, structuredOutput: false };
  }
  if (param.startsWith('reasoning') && options.reasoningEffort !== null) {
    const unsupportedValue = /unsupported value|supported values/i.test(message);
    const next = EFFORT_LADDER[EFFORT_LADDER.indexOf(options.reasoningEffort) + 1];
    return { ...options, reasoningEffort: unsupportedValue && next ? next : null };
  }
  // Endpoints name either one whichever was sent (o1: "'max_tokens' … use 'max_completion_tokens'
  // instead"), so the step depends on what was sent, not on the name.
  const sent = outputLimitParamOf(options);
  if (/^max_(completion_)?tokens$/.test(param) && sent !== null) {
    return { ...options, outputLimitParam: sent === 'max_completion_tokens' ? 'max_tokens' : null };
  }
  return null;
}

/** The parameter the output limit is sent in; null when the endpoint takes none. */
export function outputLimitParamOf(options: CallOptions): OutputLimitParam | null {
  return options.outputLimitParam === undefined
    ? 'max_completion_tokens'
    : options.outputLimitParam;
}

/** Key under which the learned options are remembered. */
export function endpointModelKey(baseUrl: string, model: string): string {
  return `${baseUrl}|${model}`;
}

/** What the model is shown of one paper. */
export interface PaperForPrompt {
  id: string;
  title: string;
  authors: string[];
  /** Null when neither the page nor the arXiv API gave one: the model judges the title alone. */
  abstract: string | null;
}

/** One paper's judgement as the model gave it, validated. */
export interface PaperScore {
  id: string;
  /** Names the criterion the paper matches (the published pipeline's COMMENT). */
  comment: string;
  /** 1–10 */
  relevance: number;
  /** 1–10 */
  novelty: number;
}

/** Tokens of one call, from the response's `usage`. */
export interface TokenUsage {
  prompt: number;
  /** `usage.prompt_tokens_details.cached_tokens`: part of `prompt` served from the cache. */
  cachedPrompt: number;
  /** Reasoning included. */
  completion: number;
  /** `usage.completion_tokens_details.reasoning_tokens`: part of `completion`. */
  reasoning: number;
}

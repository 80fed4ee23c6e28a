/**
 * Token counts as OpenAI reports them for the gpt-4o / gpt-5 / o-series family: the o200k_base
 * encoding, and chat messages framed the way the API frames them before counting.
 */
import {
  countTokens as countO200k,
  decode,
  encode,
  encodeChat,
} from 'gpt-tokenizer/encoding/o200k_base';

/** The part of a chat request that is counted: each message's role and its text. */
export interface CountedChat {
  messages: { role: string; content?: unknown }[];
}

/** Tokens of a text in o200k_base. */
export function countTokens(text: string): number {
  return countO200k(text);
}

/** The first `limit` tokens of a text, decoded back: what a model cut off at `limit` has sent. */
export function firstTokens(text: string, limit: number): string {
  return decode(encode(text).slice(0, Math.max(0, limit)));
}

const framed = new WeakMap<CountedChat, number[]>();

/**
 * The prompt's tokens as the model reads them: every message as `<|im_start|>role<|im_sep|>text
 * <|im_end|>` (four tokens besides its text) and `<|im_start|>assistant<|im_sep|>` priming the
 * reply (three), the ~3 per message + 3 of OpenAI's own counting recipe. Remembered per request,
 * since the fake counts a prompt up to three times (usage, cache, rate limit).
 */
export function promptTokenIds(chat: CountedChat): number[] {
  let ids = framed.get(chat);
  if (ids === undefined) {
    const messages = chat.messages.map((m) => ({ role: m.role, content: contentText(m.content) }));
    // Every model of the family frames chats alike; the name only selects that framing.
    ids = encodeChat(messages, 'gpt-4o');
    framed.set(chat, ids);
  }
  return ids;
}

/** `usage.prompt_tokens` for a chat request (a `response_format` schema is not counted). */
export function countPromptTokens(chat: CountedChat): number {
  return promptTokenIds(chat).length;
}

/** A message's text: a string, or the text of its content parts, joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' &&
      part !== null &&
      typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('');
}

// OpenAI caches prompts of at least 1024 tokens and reports hits in steps of 128 tokens.
const CACHE_MIN_TOKENS = 1024;
const CACHE_STEP_TOKENS = 128;

/** cached_tokens for a prompt, given the earlier prompts the cache has seen (all as token ids). */
export function cachedTokensFor(prompt: readonly number[], earlier: readonly number[][]): number {
  let longest = 0;
  for (const previous of earlier) longest = Math.max(longest, commonPrefixLength(prompt, previous));
  if (longest < CACHE_MIN_TOKENS) return 0;
  return Math.floor(longest / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
}

/** How many leading tokens two sequences share. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a[i] === b[i]) i++;
  return i;
}

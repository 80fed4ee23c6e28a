/** How many times a failed call is tried before its papers show an error with a retry. */
export const MAX_CALL_ATTEMPTS = 3;
/** Said after the reason when a paper is out of attempts: what the reader can do about it. */
export const GAVE_UP = `Tried ${MAX_CALL_ATTEMPTS} times — press Retry to try again (later, if the endpoint is busy).`;
/** How many 429s in a row a batch waits out before it shows an error. */
export const MAX_RATE_LIMIT_WAITS = 8;

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** A retry-after beyond this is not waited out: the papers show an error saying when to retry. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Exponential backoff with full jitter, so parallel batches do not retry in lockstep. */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What to wait after a 429: what the endpoint asked for, else a backoff step. */
export function rateLimitDelayMs(
  retryAfterMs: number | null,
  wait: number,
  random: () => number,
): number {
  if (retryAfterMs !== null) return Math.max(retryAfterMs, 50);
  return backoffDelayMs(wait, random);
}

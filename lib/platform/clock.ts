import type { Clock } from '../arxiv/abstract-fetcher';

/** The real clock; tests inject a fake one instead. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

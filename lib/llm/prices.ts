import type { TokenUsage } from './types';

/** Dollars per million tokens. */
export interface Price {
  input: number;
  /** Prompt tokens served from the provider's prompt cache. */
  cachedInput: number;
  output: number;
}

/** What a local model costs: nothing per token. */
export const FREE: Price = { input: 0, cachedInput: 0, output: 0 };

/**
 * List prices by model id, without provider prefix or date suffix. A longer id wins over its
 * prefix (`gpt-5-mini` over `gpt-5`), so variants (`gpt-5-chat-latest`) take their family's price.
 */
export const MODEL_PRICES: Readonly<Record<string, Price>> = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
};

const PER_TOKEN = 1 / 1_000_000;

/**
 * Dollars for one call's tokens; 0 when the price is unknown, so stored costs and their sums stay
 * numbers. Whether a cost is known is `priceFor(…) !== null`, which callers show alongside.
 */
export function costUsd(usage: TokenUsage, price: Price | null): number {
  if (price === null) return 0;
  const cached = Math.min(usage.cachedPrompt, usage.prompt);
  return (
    ((usage.prompt - cached) * price.input +
      cached * price.cachedInput +
      usage.completion * price.output) *
    PER_TOKEN
  );
}

/**
 * The price of `model` at `baseUrl`: the user's override, else free on a local endpoint, else the
 * list price; null when the cost is unknown (a remote model not in the table).
 */
export function priceFor(
  model: string,
  baseUrl: string,
  overrides: Record<string, Price>,
): Price | null {
  const override = matchPrice(model, overrides);
  const listed = matchPrice(model, MODEL_PRICES);
  // An override for `gpt-5` is not meant for `gpt-5-mini`, whose own list price is more specific.
  if (override !== null && override.length >= (listed?.length ?? 0)) return override.price;
  if (isLocalEndpoint(baseUrl)) return FREE;
  return listed?.price ?? null;
}

interface PriceMatch {
  /** Length of the matched key: the longest, most specific key wins. */
  length: number;
  price: Price;
}

// `openai/gpt-5-mini` (OpenRouter) and `gpt-5-mini-2025-08-07` (a dated snapshot) are gpt-5-mini;
// the key must end at a `-` or `:` boundary so that `gpt-50` would not pass for `gpt-5`.
function matchPrice(model: string, table: Readonly<Record<string, Price>>): PriceMatch | null {
  const full = model.trim().toLowerCase();
  const names = [full, full.slice(full.lastIndexOf('/') + 1)];
  let best: PriceMatch | null = null;
  for (const [key, price] of Object.entries(table)) {
    const wanted = key.trim().toLowerCase();
    const matches = names.some(
      (name) => name === wanted || name.startsWith(`${wanted}-`) || name.startsWith(`${wanted}:`),
    );
    if (matches && wanted !== '' && (best === null || wanted.length > best.length)) {
      best = { length: wanted.length, price };
    }
  }
  return best;
}

/** True for endpoints on this machine or the local network (Ollama, LM Studio), which bill nothing. */
export function isLocalEndpoint(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (ipv4 !== null) return isPrivateIpv4(Number(ipv4[1]), Number(ipv4[2]));
  // Loopback, unique local (fc00::/7) and link-local (fe80::/10) IPv6.
  return host === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
}

function isPrivateIpv4(first: number, second: number): boolean {
  return (
    first === 127 ||
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168) ||
    (first === 169 && second === 254)
  );
}

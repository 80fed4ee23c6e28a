// Numbers as the popup prints them: fixed to en-US so the digest reads the same on every machine
// (the exports keep the published format; this is only the popup's own text).
const COUNT = new Intl.NumberFormat('en-US');

/** `72386` → `72,386`. */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

/** `$0.61`; amounts under a cent keep four places (`$0.0042`), so a cheap run is not `$0.00`. */
export function formatDollars(amount: number): string {
  return amount > 0 && amount < 0.01 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(2)}`;
}

/**
 * A cost cell: the amount, or when some model's price is unknown, what is known of it — a lower
 * bound (`$0.12+`), or `n/a` when nothing was priced.
 */
export function formatCost(amount: number, priced: boolean): string {
  if (priced) return formatDollars(amount);
  return amount > 0 ? `${formatDollars(amount)}+` : 'n/a';
}

/** `1 paper`, `42 papers`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

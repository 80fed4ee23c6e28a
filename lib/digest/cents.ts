// The published digests print dollars as Python did, `f"${round(cost, 2)}"`: $1.70 reads `$1.7`
// and nothing reads `$0.0`. Doing the same keeps Paper Sieve's digests in that exact format.

/** Dollars as the published digests print them: `$0.14`, `$1.7`, `$0.0`. */
export function publishedDollars(amount: number): string {
  const rounded = roundToCents(amount);
  // Python writes a whole float with `.0`; otherwise both print the shortest exact digits.
  return `$${Number.isInteger(rounded) ? `${rounded}.0` : String(rounded)}`;
}

/** Python's `round(amount, 2)`: from the exact binary value, and an exact half to the even cent. */
export function roundToCents(amount: number): number {
  // A double lies exactly halfway between two cents only when it is an odd number of eighths
  // (0.125, 0.375…). toFixed rounds those up where Python goes to the even cent; anything else
  // toFixed rounds from the exact value, as Python does.
  const eighths = amount * 8;
  if (Number.isInteger(eighths) && eighths % 2 !== 0) {
    const below = Math.floor(amount * 100);
    return (below % 2 === 0 ? below : below + 1) / 100;
  }
  return Number(amount.toFixed(2));
}

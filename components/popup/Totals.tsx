import type { DigestTotals } from '../../lib/digest/types';
import { formatCount } from '../../lib/popup/format';

export interface TotalsProps {
  totals: DigestTotals;
  /** "on the page" for one listing, "listed" for a day of several. */
  listedLabel: string;
}

/** The published digest's three counts: listed, scanned by the model, kept. */
export function Totals({ totals, listedLabel }: TotalsProps) {
  const items: [string, number][] = [
    [listedLabel, totals.onPage],
    ['scanned', totals.scanned],
    ['relevant', totals.relevant],
  ];
  return (
    <dl class="totals">
      {items.map(([label, count]) => (
        <div key={label} class="totals__item">
          <dt>{label}</dt>
          <dd>{formatCount(count)}</dd>
        </div>
      ))}
    </dl>
  );
}

import type { StoreStatsResponse } from '../messaging/protocol';

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/** `512 bytes`, `3.4 MB`: decimal units, as storage is usually counted. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : Number(value.toFixed(1));
  return `${shown.toLocaleString('en')} ${UNITS[unit]}`;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** `1,204 papers and 980 judgements`. */
export function cacheCounts(stats: StoreStatsResponse): string {
  const papers = count(stats.papers, 'paper', 'papers');
  return `${papers} and ${count(stats.judgements, 'judgement', 'judgements')}`;
}

/** `1,204 papers and 980 judgements, about 3.4 MB`. */
export function cacheSummary(stats: StoreStatsResponse): string {
  return `${cacheCounts(stats)}, about ${formatBytes(stats.approxBytes)}`;
}

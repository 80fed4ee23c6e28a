/** What a digest can be exported as. */
export type ExportFormat = 'markdown' | 'json';

const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json' };

/** MIME types the download is labelled with. */
export const EXPORT_TYPES: Record<ExportFormat, string> = {
  markdown: 'text/markdown;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

/** `paper-sieve-2025-10-16.md`: named by day, as the published digests were. */
export function digestFileName(date: string, format: ExportFormat): string {
  // A date is all a name needs; anything else (never expected) must not make a path.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : 'digest';
  return `paper-sieve-${day}.${EXTENSIONS[format]}`;
}

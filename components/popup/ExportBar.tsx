import { useEffect, useState } from 'preact/hooks';
import { digestJson } from '../../lib/digest/json';
import { digestMarkdown } from '../../lib/digest/markdown';
import type { Digest } from '../../lib/digest/types';
import { digestFileName, EXPORT_TYPES, type ExportFormat } from '../../lib/popup/file-names';

export interface ExportBarProps {
  digest: Digest;
  onDownload: (fileName: string, text: string, type: string) => void;
  onCopy: (text: string) => Promise<void>;
  /** How long "Copied" stays. */
  copiedMs?: number;
}

type CopyState = 'idle' | 'copied' | 'failed';

/** Download the digest as the published Markdown or JSON, or copy the Markdown. */
export function ExportBar({ digest, onDownload, onCopy, copiedMs = 3000 }: ExportBarProps) {
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), copiedMs);
    return () => clearTimeout(timer);
  }, [copy, copiedMs]);

  const download = (format: ExportFormat) => {
    const text = format === 'markdown' ? digestMarkdown(digest) : digestJson(digest);
    onDownload(digestFileName(digest.date, format), text, EXPORT_TYPES[format]);
  };
  const copyMarkdown = () => {
    onCopy(digestMarkdown(digest)).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };

  return (
    <div class="exports" role="group" aria-label="Export the digest">
      <span class="exports__label" aria-hidden="true">
        Download
      </span>
      <button type="button" onClick={() => download('markdown')}>
        <span class="visually-hidden">Download </span>Markdown
      </button>
      <button type="button" onClick={() => download('json')}>
        <span class="visually-hidden">Download </span>JSON
      </button>
      <button type="button" class="exports__copy" onClick={copyMarkdown}>
        Copy Markdown
      </button>
      {/* Always present: a status region announces only changes to a region already there. */}
      <span class="exports__status" role="status">
        {copy === 'copied' && 'Copied'}
        {copy === 'failed' && 'Could not copy — use the Markdown download instead'}
      </span>
    </div>
  );
}

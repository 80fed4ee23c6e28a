import type { Refusal } from '../../lib/options/settings-file';
import { SETTING_LABELS } from '../../lib/options/labels';

export type ImportReport =
  | { ok: true; imported: number; refused: Refusal[]; unknown: string[] }
  | { ok: false; message: string };

export interface TransferSectionProps {
  includeApiKey: boolean;
  report: ImportReport | null;
  onIncludeApiKey: (include: boolean) => void;
  onExport: () => void;
  onImport: (file: File) => void;
}

/** Settings to a JSON file and back; the key only when asked for. */
export function TransferSection(props: TransferSectionProps) {
  const { includeApiKey, report } = props;
  return (
    <fieldset>
      <legend>Import and export</legend>
      <div class="field field--check">
        <input
          id="export-include-key"
          type="checkbox"
          checked={includeApiKey}
          aria-describedby="export-include-key-hint"
          onChange={(event) => props.onIncludeApiKey(event.currentTarget.checked)}
        />
        <label for="export-include-key">Include the API key in the export</label>
        <p id="export-include-key-hint" class="field__hint">
          Off by default, so a file you share does not give your key away.
        </p>
      </div>
      <div class="field__actions">
        <button type="button" onClick={props.onExport}>
          Export settings
        </button>
      </div>
      <div class="field">
        <label for="import-file">Import settings from a file</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          aria-describedby="import-file-hint"
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file) props.onImport(file);
            // The same file chosen again (after fixing it) must fire `change` again.
            input.value = '';
          }}
        />
        <p id="import-file-hint" class="field__hint">
          Each value is checked; refused ones are listed and the rest are saved. A file without the
          key leaves your key as it is.
        </p>
      </div>
      <div role="status" class="import-report">
        {report && <ImportReportText report={report} />}
      </div>
    </fieldset>
  );
}

function ImportReportText({ report }: { report: ImportReport }) {
  if (!report.ok) return <p class="import-report__failed">{report.message}</p>;
  const { imported, refused, unknown } = report;
  return (
    <>
      <p>
        Imported {imported} {imported === 1 ? 'setting' : 'settings'}
        {refused.length > 0 ? `; ${refused.length} refused:` : '.'}
      </p>
      {refused.length > 0 && (
        <ul class="import-report__refused">
          {refused.map(({ key, message }) => (
            <li key={key}>
              <strong>{SETTING_LABELS[key]}</strong>: {message}
            </li>
          ))}
        </ul>
      )}
      {unknown.length > 0 && <p>Not Paper Sieve settings, ignored: {unknown.join(', ')}.</p>}
    </>
  );
}

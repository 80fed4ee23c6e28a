import { useState } from 'preact/hooks';
import type { SettingsForm } from '../../lib/options/autosave';
import { draftOf, valuesShown } from '../../lib/options/drafts';
import {
  readSettingsFile,
  settingsFileName,
  settingsFileText,
} from '../../lib/options/settings-file';
import { SETTING_KEYS, type SettingKey, type Settings } from '../../lib/settings';
import type { ImportReport } from './TransferSection';
import { messageOf, type OptionsServices } from './services';

export interface SettingsTransfer {
  includeApiKey: boolean;
  setIncludeApiKey: (include: boolean) => void;
  report: ImportReport | null;
  exportSettings: () => void;
  importFile: (file: File) => void;
}

/** Export to a JSON file, import from one through the same checks and saves as typing. */
export function useSettingsTransfer(
  form: SettingsForm,
  services: OptionsServices,
): SettingsTransfer {
  const [includeApiKey, setIncludeApiKey] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);

  const exportSettings = () => {
    const now = services.now();
    const { drafts, stored } = form.state();
    const text = settingsFileText(valuesShown(drafts, stored), { includeApiKey, now });
    services.download(settingsFileName(now), text);
  };

  const importText = (text: string) => {
    const result = readSettingsFile(text);
    if (!result.ok) return setReport(result);
    const keys = SETTING_KEYS.filter((key) => key in result.accepted);
    for (const key of keys) commitValue(form, key, result.accepted);
    setReport({
      ok: true,
      imported: keys.length,
      refused: result.refused,
      unknown: result.unknown,
    });
  };

  const importFile = (file: File) => {
    file
      .text()
      .then(importText, (error: unknown) =>
        setReport({ ok: false, message: `The file could not be read: ${messageOf(error)}` }),
      );
  };

  return { includeApiKey, setIncludeApiKey, report, exportSettings, importFile };
}

function commitValue<K extends SettingKey>(
  form: SettingsForm,
  key: K,
  values: Partial<Settings>,
): void {
  const value = values[key];
  if (value !== undefined) form.commit(key, draftOf(key, value as Settings[K]));
}

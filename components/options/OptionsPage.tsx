import { useState } from 'preact/hooks';
import { DEFAULT_CRITERIA } from '../../lib/llm/default-criteria';
import type { FormBinding } from '../../lib/options/binding';
import { draftOf, valueOfDraft, type Drafts } from '../../lib/options/drafts';
import { fieldId } from '../../lib/options/labels';
import { presetById, presetForUrl, type PresetChoice } from '../../lib/options/presets';
import {
  readSettingsFile,
  settingsFileName,
  settingsFileText,
} from '../../lib/options/settings-file';
import {
  REASONING_EFFORTS,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
} from '../../lib/settings';
import { ApiKeyField } from './ApiKeyField';
import { CacheSection } from './CacheSection';
import { ConnectionTest, type TestView } from './ConnectionTest';
import { CostFieldset } from './CostFieldset';
import { CriteriaFieldset } from './CriteriaFieldset';
import { EndpointField } from './EndpointField';
import { HostAccessNote } from './HostAccessNote';
import { ModelField } from './ModelField';
import { SavedNote } from './SavedNote';
import { messageOf, type OptionsServices } from './services';
import { SelectSetting } from './SettingInputs';
import { ThresholdsFieldset } from './ThresholdsFieldset';
import { TransferSection, type ImportReport } from './TransferSection';
import { useCache } from './useCache';
import { useHostAccess } from './useHostAccess';
import { useModelSuggestions } from './useModelSuggestions';
import { useSettingsForm } from './useSettingsForm';
import { WelcomeSteps } from './WelcomeSteps';

export interface OptionsPageProps {
  initial: Settings;
  /** Show the three first-run steps (no key yet, or `?welcome`). */
  welcome: boolean;
  services: OptionsServices;
}

const EFFORT_CHOICES = REASONING_EFFORTS.map((value) => ({
  value,
  label: value === 'auto' ? 'auto — the lowest the model accepts' : value,
}));

/** Every setting, saved as it is changed; the connection test, the cache, import and export. */
export function OptionsPage({ initial, welcome, services }: OptionsPageProps) {
  const [state, form] = useSettingsForm(initial, services);
  const { drafts, stored } = state;
  const host = useHostAccess(stored.baseUrl, services);
  const [models, setModels] = useModelSuggestions(stored.baseUrl, stored.apiKey, services);
  const [cache, clearCache] = useCache(services);
  const [keyShown, setKeyShown] = useState(false);
  const [customEndpoint, setCustomEndpoint] = useState(false);
  const [replacedCriteria, setReplacedCriteria] = useState<string | null>(null);
  const [test, setTest] = useState<TestView>({ state: 'idle' });
  const [includeKey, setIncludeKey] = useState(false);
  const [importReport, setImportReport] = useState<ImportReport | null>(null);

  const binding: FormBinding = {
    drafts,
    errors: state.errors,
    onEdit: (key, draft) => {
      if (key === 'criteria') setReplacedCriteria(null);
      form.edit(key, draft);
    },
    onCommit: (key, draft) => {
      const checked = form.commit(key, draft);
      // Still inside the change event: the one moment the browser lets us ask for access.
      if (key === 'baseUrl' && checked.ok) host.request(String(checked.value));
    },
  };

  const choosePreset = (choice: PresetChoice) => {
    const preset = presetById(choice);
    setCustomEndpoint(preset === null);
    if (preset !== null) binding.onCommit('baseUrl', preset.baseUrl);
    else document.getElementById(fieldId('baseUrl'))?.focus();
  };

  const runTest = () => {
    const baseUrl = valueOfDraft('baseUrl', drafts.baseUrl);
    const apiKey = valueOfDraft('apiKey', drafts.apiKey);
    const model = valueOfDraft('model', drafts.model);
    const refused = [baseUrl, apiKey, model].find((checked) => !checked.ok);
    if (!baseUrl.ok || !apiKey.ok || !model.ok) {
      const message = refused && !refused.ok ? refused.message : '';
      return setTest({ state: 'not-run', message: `Not tested: ${message}` });
    }
    setTest({ state: 'testing' });
    services
      .testConnection({ baseUrl: baseUrl.value, apiKey: apiKey.value, model: model.value })
      .then(
        (report) => {
          setTest({ state: 'done', report });
          if (report.models.length > 0) setModels([...report.models].sort());
        },
        (error: unknown) =>
          setTest({ state: 'not-run', message: `The test could not run: ${messageOf(error)}` }),
      );
  };

  const exportSettings = () => {
    const now = services.now();
    services.download(
      settingsFileName(now),
      settingsFileText(currentValues(state.drafts, stored), { includeApiKey: includeKey, now }),
    );
  };

  const importSettings = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return setImportReport({
        ok: false,
        message: `The file could not be read: ${messageOf(error)}`,
      });
    }
    const result = readSettingsFile(text);
    if (!result.ok) return setImportReport(result);
    const keys = SETTING_KEYS.filter((key) => key in result.accepted);
    for (const key of keys) commitValue(key, result.accepted);
    setImportReport({
      ok: true,
      imported: keys.length,
      refused: result.refused,
      unknown: result.unknown,
    });
  };

  const commitValue = <K extends SettingKey>(key: K, values: Partial<Settings>) => {
    const value = values[key];
    if (value !== undefined) form.commit(key, draftOf(key, value as Settings[K]));
  };

  const preset = customEndpoint ? 'custom' : presetForUrl(drafts.baseUrl);
  const modelExample = presetById(presetForUrl(drafts.baseUrl))?.modelExample ?? 'gpt-5-mini';

  return (
    <main class="options">
      <header class="options__header">
        <h1>Paper Sieve</h1>
        <p>Settings save themselves as you change them.</p>
      </header>
      {welcome && <WelcomeSteps hasKey={stored.apiKey !== ''} />}

      <fieldset>
        <legend>Connection</legend>
        <ApiKeyField form={binding} shown={keyShown} onShow={setKeyShown} />
        <EndpointField form={binding} preset={preset} onPreset={choosePreset} />
        {host.current && (
          <HostAccessNote
            origin={host.current.origin}
            state={host.current.state}
            onAllow={() => host.request(stored.baseUrl)}
          />
        )}
        <ModelField form={binding} suggestions={models} example={modelExample} />
        <SelectSetting
          form={binding}
          setting="reasoningEffort"
          choices={EFFORT_CHOICES}
          hint="How long reasoning models think. Output tokens are most of the cost, so auto asks for the least."
        />
        <ConnectionTest view={test} onTest={runTest} />
      </fieldset>

      <CriteriaFieldset
        form={binding}
        replaced={replacedCriteria}
        onRestoreDefault={() => {
          if (drafts.criteria !== DEFAULT_CRITERIA) setReplacedCriteria(drafts.criteria);
          binding.onCommit('criteria', DEFAULT_CRITERIA);
        }}
        onUndoRestore={() => {
          if (replacedCriteria !== null) binding.onCommit('criteria', replacedCriteria);
          setReplacedCriteria(null);
        }}
      />
      <ThresholdsFieldset form={binding} />
      <CostFieldset form={binding} />
      <CacheSection view={cache} onClear={clearCache} />
      <TransferSection
        includeApiKey={includeKey}
        report={importReport}
        onIncludeApiKey={setIncludeKey}
        onExport={exportSettings}
        onImport={(file) => void importSettings(file)}
      />
      <SavedNote saved={state.saved} />
    </main>
  );
}

/** What the fields show where it is valid, else what is stored: what an export should hold. */
function currentValues(drafts: Drafts, stored: Settings): Settings {
  const values = { ...stored };
  for (const key of SETTING_KEYS) {
    const checked = valueOfDraft(key, drafts[key]);
    if (checked.ok) Object.assign(values, { [key]: checked.value });
  }
  return values;
}

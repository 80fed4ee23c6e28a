import { useState } from 'preact/hooks';
import { DEFAULT_CRITERIA } from '../../lib/llm/default-criteria';
import type { FormBinding } from '../../lib/options/binding';
import { fieldId } from '../../lib/options/labels';
import { presetById, type PresetChoice } from '../../lib/options/presets';
import type { Settings } from '../../lib/settings';
import { CacheSection } from './CacheSection';
import { ConnectionFieldset } from './ConnectionFieldset';
import { CostFieldset } from './CostFieldset';
import { CriteriaFieldset } from './CriteriaFieldset';
import { SavedNote } from './SavedNote';
import type { OptionsServices } from './services';
import { ThresholdsFieldset } from './ThresholdsFieldset';
import { TransferSection } from './TransferSection';
import { useCache } from './useCache';
import { useConnectionTest } from './useConnectionTest';
import { useHostAccess } from './useHostAccess';
import { useModelSuggestions } from './useModelSuggestions';
import { useSettingsForm } from './useSettingsForm';
import { useSettingsTransfer } from './useSettingsTransfer';
import { WelcomeSteps } from './WelcomeSteps';

export interface OptionsPageProps {
  initial: Settings;
  /** Show the three first-run steps (no key yet, or `?welcome`). */
  welcome: boolean;
  services: OptionsServices;
}

/** Every setting, saved as it is changed; the connection test, the cache, import and export. */
export function OptionsPage({ initial, welcome, services }: OptionsPageProps) {
  const [state, form] = useSettingsForm(initial, services);
  const { drafts, stored } = state;
  const host = useHostAccess(stored.baseUrl, services);
  const [models, setModels] = useModelSuggestions(stored.baseUrl, stored.apiKey, services);
  const [test, runTest] = useConnectionTest(drafts, services, setModels);
  const [cache, clearCache] = useCache(services);
  const transfer = useSettingsTransfer(form, services);
  const [replacedCriteria, setReplacedCriteria] = useState<string | null>(null);

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
    if (preset !== null) binding.onCommit('baseUrl', preset.baseUrl);
    else document.getElementById(fieldId('baseUrl'))?.focus();
  };

  return (
    <main class="options">
      <header class="options__header">
        <h1>Paper Sieve</h1>
        <p>Settings save themselves as you change them.</p>
      </header>
      {welcome && <WelcomeSteps hasKey={stored.apiKey !== ''} />}
      <ConnectionFieldset
        form={binding}
        host={host.current}
        models={models}
        test={test}
        onPreset={choosePreset}
        onAllowHost={() => host.request(stored.baseUrl)}
        onTest={runTest}
      />
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
        includeApiKey={transfer.includeApiKey}
        report={transfer.report}
        onIncludeApiKey={transfer.setIncludeApiKey}
        onExport={transfer.exportSettings}
        onImport={transfer.importFile}
      />
      <SavedNote saved={state.saved} />
    </main>
  );
}

import { useState } from 'preact/hooks';
import type { FormBinding } from '../../lib/options/binding';
import { presetById, presetForUrl, type PresetChoice } from '../../lib/options/presets';
import { REASONING_EFFORTS } from '../../lib/settings';
import { ApiKeyField } from './ApiKeyField';
import { ConnectionTest, type TestView } from './ConnectionTest';
import { EndpointField } from './EndpointField';
import { HostAccessNote } from './HostAccessNote';
import { ModelField } from './ModelField';
import { SelectSetting } from './SettingInputs';
import type { HostAccessControl } from './useHostAccess';

export interface ConnectionFieldsetProps {
  form: FormBinding;
  host: HostAccessControl['current'];
  models: readonly string[];
  test: TestView;
  onPreset: (choice: PresetChoice) => void;
  onAllowHost: () => void;
  onTest: () => void;
}

const EFFORT_CHOICES = REASONING_EFFORTS.map((value) => ({
  value,
  label: value === 'auto' ? 'auto — the lowest the model accepts' : value,
}));

/** Where the model is, the key for it, which model, and a test of all three. */
export function ConnectionFieldset(props: ConnectionFieldsetProps) {
  const { form, host, models } = props;
  const [keyShown, setKeyShown] = useState(false);
  // "Custom" stays chosen while a preset's address is being edited into another.
  const [custom, setCustom] = useState(false);
  const matching = presetForUrl(form.drafts.baseUrl);
  return (
    <fieldset>
      <legend>Connection</legend>
      <ApiKeyField form={form} shown={keyShown} onShow={setKeyShown} />
      <EndpointField
        form={form}
        preset={custom ? 'custom' : matching}
        onPreset={(choice) => {
          setCustom(choice === 'custom');
          props.onPreset(choice);
        }}
      />
      {host && (
        <HostAccessNote origin={host.origin} state={host.state} onAllow={props.onAllowHost} />
      )}
      <ModelField
        form={form}
        suggestions={models}
        example={presetById(matching)?.modelExample ?? 'gpt-5-mini'}
      />
      <SelectSetting
        form={form}
        setting="reasoningEffort"
        choices={EFFORT_CHOICES}
        hint="How long reasoning models think. Output tokens are most of the cost, so auto asks for the least."
      />
      <ConnectionTest view={props.test} onTest={props.onTest} />
    </fieldset>
  );
}

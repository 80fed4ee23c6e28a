import type { FormBinding } from '../../lib/options/binding';
import { ENDPOINT_PRESETS, type PresetChoice } from '../../lib/options/presets';
import { TextSetting } from './SettingInputs';

export interface EndpointFieldProps {
  form: FormBinding;
  preset: PresetChoice;
  onPreset: (choice: PresetChoice) => void;
}

/** A provider by name, or any OpenAI-compatible address typed in. */
export function EndpointField({ form, preset, onPreset }: EndpointFieldProps) {
  return (
    <>
      <div class="field">
        <label for="endpoint-preset">Provider</label>
        <select
          id="endpoint-preset"
          value={preset}
          onChange={(event) => onPreset(event.currentTarget.value as PresetChoice)}
        >
          {ENDPOINT_PRESETS.map(({ id, label, baseUrl }) => (
            <option key={id} value={id}>
              {label} — {baseUrl}
            </option>
          ))}
          <option value="custom">Custom — any OpenAI-compatible endpoint</option>
        </select>
      </div>
      <TextSetting
        form={form}
        setting="baseUrl"
        type="url"
        inputMode="url"
        placeholder="https://api.openai.com/v1"
        hint="The address the API’s paths hang from; it usually ends in /v1."
      />
    </>
  );
}

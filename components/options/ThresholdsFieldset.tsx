import type { FormBinding } from '../../lib/options/binding';
import { NumberSetting, SwitchSetting } from './SettingInputs';

export function ThresholdsFieldset({ form }: { form: FormBinding }) {
  return (
    <fieldset>
      <legend>Thresholds and pace</legend>
      <div class="field-grid">
        <NumberSetting
          form={form}
          setting="minRelevance"
          min={1}
          max={10}
          hint="1–10; the published pipeline keeps 8 and up."
        />
        <NumberSetting
          form={form}
          setting="minNovelty"
          min={1}
          max={10}
          hint="1–10; the published pipeline keeps 7 and up."
        />
        <NumberSetting
          form={form}
          setting="batchSize"
          min={1}
          max={100}
          hint="Papers per call, 1–100."
        />
        <NumberSetting
          form={form}
          setting="concurrency"
          min={1}
          max={8}
          hint="Calls at once, 1–8."
        />
        <NumberSetting
          form={form}
          setting="timeoutSeconds"
          min={10}
          max={600}
          hint="Seconds a call may take, 10–600; raise it for slow local models."
        />
      </div>
      <SwitchSetting
        form={form}
        setting="autoScore"
        label="Score listings automatically when they open"
        hint="When off, a listing is scored only when you press “Score this page” in its bar."
      />
    </fieldset>
  );
}

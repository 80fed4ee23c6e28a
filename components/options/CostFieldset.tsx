import type { FormBinding } from '../../lib/options/binding';
import { TextAreaSetting, TextSetting } from './SettingInputs';

export function CostFieldset({ form }: { form: FormBinding }) {
  return (
    <fieldset>
      <legend>Cost</legend>
      <TextSetting
        form={form}
        setting="dailyBudgetUsd"
        inputMode="decimal"
        placeholder="No budget"
        hint="US dollars a day. Scoring pauses once today’s calls have cost this much; leave empty for no budget."
      />
      <TextAreaSetting
        form={form}
        setting="priceOverrides"
        rows={4}
        placeholder={'{\n  "my-model": { "input": 0.5, "cachedInput": 0.05, "output": 2 }\n}'}
        hint="Optional. US dollars per million tokens by model name, as JSON; it replaces the built-in price for that model. Empty uses the built-in prices (local endpoints are free)."
      />
    </fieldset>
  );
}

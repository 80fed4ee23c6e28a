import type { FormBinding } from '../../lib/options/binding';
import { TextSetting } from './SettingInputs';

export interface ModelFieldProps {
  form: FormBinding;
  /** Model ids the endpoint lists; any other name may be typed too. */
  suggestions: readonly string[];
  example: string;
}

const LIST_ID = 'model-suggestions';

export function ModelField({ form, suggestions, example }: ModelFieldProps) {
  const hint =
    suggestions.length > 0
      ? `Suggestions are the ${suggestions.length} models the endpoint lists; any name may be typed.`
      : `The model’s name at this endpoint, e.g. ${example}.`;
  return (
    <>
      <TextSetting form={form} setting="model" list={LIST_ID} placeholder={example} hint={hint} />
      <datalist id={LIST_ID}>
        {suggestions.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </>
  );
}

import type { FormBinding } from '../../lib/options/binding';
import { fieldId } from '../../lib/options/labels';
import { TextSetting } from './SettingInputs';

export interface ApiKeyFieldProps {
  form: FormBinding;
  shown: boolean;
  onShow: (shown: boolean) => void;
}

/** The key, masked unless asked; it leaves the browser only for the configured endpoint. */
export function ApiKeyField({ form, shown, onShow }: ApiKeyFieldProps) {
  return (
    <TextSetting
      form={form}
      setting="apiKey"
      type={shown ? 'text' : 'password'}
      placeholder="sk-…"
      hint="Kept in this browser’s extension storage and sent only to the API base URL below. Local servers usually need none."
      extra={
        <button
          type="button"
          class="button--quiet"
          aria-controls={fieldId('apiKey')}
          aria-pressed={shown}
          onClick={() => onShow(!shown)}
        >
          {shown ? 'Hide key' : 'Show key'}
        </button>
      }
    />
  );
}

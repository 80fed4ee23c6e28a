import { normaliseBaseUrl } from '../settings';

/** A known OpenAI-compatible endpoint the options page offers by name. */
export interface EndpointPreset {
  id: 'openai' | 'openrouter' | 'ollama' | 'lmstudio';
  label: string;
  baseUrl: string;
  /** How model names look there, shown as an example beside the model field. */
  modelExample: string;
}

export type PresetChoice = EndpointPreset['id'] | 'custom';

export const ENDPOINT_PRESETS: readonly EndpointPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    modelExample: 'gpt-5-mini',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    modelExample: 'openai/gpt-5-mini',
  },
  { id: 'ollama', label: 'Ollama', baseUrl: 'http://localhost:11434/v1', modelExample: 'llama3.1' },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    modelExample: 'qwen2.5-7b-instruct',
  },
];

/** The preset whose URL this is (ignoring trailing slashes and case), else `custom`. */
export function presetForUrl(url: string): PresetChoice {
  const wanted = normaliseBaseUrl(url).toLowerCase();
  return ENDPOINT_PRESETS.find((preset) => preset.baseUrl === wanted)?.id ?? 'custom';
}

export function presetById(id: PresetChoice): EndpointPreset | null {
  return ENDPOINT_PRESETS.find((preset) => preset.id === id) ?? null;
}

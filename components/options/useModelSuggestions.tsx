import { useEffect, useState } from 'preact/hooks';
import { isLocalEndpoint } from '../../lib/llm/prices';
import type { OptionsServices } from './services';

/** The endpoint's model ids, asked again whenever the stored endpoint or key changes. */
export function useModelSuggestions(
  baseUrl: string,
  apiKey: string,
  services: OptionsServices,
): [string[], (models: string[]) => void] {
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    // A remote endpoint without a key would only answer 401: not worth a request.
    if (apiKey === '' && !isLocalEndpoint(baseUrl)) return setModels([]);
    let current = true;
    services.listModels(baseUrl, apiKey).then(
      (ids) => current && setModels(ids),
      // No list is no loss: the model field takes any name.
      () => current && setModels([]),
    );
    return () => {
      current = false;
    };
  }, [baseUrl, apiKey, services]);
  return [models, setModels];
}

import { useState } from 'preact/hooks';
import { valueOfDraft, type Drafts } from '../../lib/options/drafts';
import type { TestView } from './ConnectionTest';
import { messageOf, type OptionsServices } from './services';

/** Tests the endpoint, key and model as typed (saved or not); the models it lists are passed on. */
export function useConnectionTest(
  drafts: Drafts,
  services: OptionsServices,
  onModels: (models: string[]) => void,
): [TestView, () => void] {
  const [view, setView] = useState<TestView>({ state: 'idle' });
  const run = () => {
    const baseUrl = valueOfDraft('baseUrl', drafts.baseUrl);
    const apiKey = valueOfDraft('apiKey', drafts.apiKey);
    const model = valueOfDraft('model', drafts.model);
    if (!baseUrl.ok)
      return setView({ state: 'not-run', message: `Not tested: ${baseUrl.message}` });
    if (!apiKey.ok) return setView({ state: 'not-run', message: `Not tested: ${apiKey.message}` });
    if (!model.ok) return setView({ state: 'not-run', message: `Not tested: ${model.message}` });
    setView({ state: 'testing' });
    services
      .testConnection({ baseUrl: baseUrl.value, apiKey: apiKey.value, model: model.value })
      .then(
        (report) => {
          setView({ state: 'done', report });
          if (report.models.length > 0) onModels([...report.models].sort());
        },
        (error: unknown) =>
          setView({ state: 'not-run', message: `The test could not run: ${messageOf(error)}` }),
      );
  };
  return [view, run];
}

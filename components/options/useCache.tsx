import { useEffect, useState } from 'preact/hooks';
import type { CacheView } from './CacheSection';
import { messageOf, type OptionsServices } from './services';

/** The cache's counts, and clearing it. */
export function useCache(services: OptionsServices): [CacheView, () => void] {
  const [view, setView] = useState<CacheView>({ state: 'loading' });
  const refresh = (note: string | null) =>
    services.storeStats().then(
      (stats) => setView({ state: 'ready', stats, note }),
      (error: unknown) =>
        setView({
          state: 'failed',
          message: `The cache could not be counted: ${messageOf(error)}`,
        }),
    );
  useEffect(() => void refresh(null), [services]);
  const clear = () => {
    services.clearStore().then(
      () => refresh('Cache cleared.'),
      (error: unknown) =>
        setView({ state: 'failed', message: `The cache was not cleared: ${messageOf(error)}` }),
    );
  };
  return [view, clear];
}

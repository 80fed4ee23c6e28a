import { useEffect, useMemo, useState } from 'preact/hooks';
import { createSettingsForm, type FormState, type SettingsForm } from '../../lib/options/autosave';
import type { Settings } from '../../lib/settings';
import type { OptionsServices } from './services';

/** The autosaving form, re-rendering on every change and following settings stored elsewhere. */
export function useSettingsForm(
  initial: Settings,
  services: OptionsServices,
): [FormState, SettingsForm] {
  const [state, setState] = useState<FormState | null>(null);
  const form = useMemo(
    () => createSettingsForm({ initial, save: services.save, onChange: setState }),
    // The form lives as long as the page: later stored values arrive through `watch`.
    [],
  );
  useEffect(() => {
    const unwatch = services.watch((settings, changed) => form.storedElsewhere(settings, changed));
    // Text typed within the last moments is saved when the page is left.
    const flush = () => form.flush();
    addEventListener('pagehide', flush);
    return () => {
      unwatch();
      removeEventListener('pagehide', flush);
      form.dispose();
    };
  }, [form, services]);
  return [state ?? form.state(), form];
}

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsPage } from '../../components/options/OptionsPage';
import type { OptionsServices } from '../../components/options/services';
import type { ConnectionReport } from '../../lib/llm/connection-test';
import { DEFAULT_CRITERIA } from '../../lib/llm/default-criteria';
import { DEFAULT_SETTINGS, validateSetting, type Settings } from '../../lib/settings';

let host: HTMLElement;

function fakeServices(overrides: Partial<OptionsServices> = {}) {
  const stored: Settings = { ...DEFAULT_SETTINGS };
  const services = {
    save: vi.fn(async (key, value) => {
      const checked = validateSetting(key, value);
      if (checked.ok) Object.assign(stored, { [key]: checked.value });
      return checked;
    }) as OptionsServices['save'],
    watch: vi.fn(() => () => undefined),
    testConnection: vi.fn(async (): Promise<ConnectionReport> => ({
      ok: true,
      message: 'Connected.',
      models: [],
    })),
    listModels: vi.fn(async () => ['gpt-5-mini', 'gpt-5-nano']),
    storeStats: vi.fn(async () => ({
      papers: 612,
      judgements: 580,
      runs: 3,
      pending: 0,
      approxBytes: 2_300_000,
    })),
    clearStore: vi.fn(async () => undefined),
    hasHostAccess: vi.fn(async () => false),
    requestHostAccess: vi.fn(async () => true),
    download: vi.fn(),
    now: () => new Date(2025, 9, 16),
    ...overrides,
  } satisfies OptionsServices;
  return { services, stored };
}

async function mount(
  services: OptionsServices,
  { initial = { ...DEFAULT_SETTINGS }, welcome = false } = {},
): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.append(host);
  await act(async () => {
    render(<OptionsPage initial={initial} welcome={welcome} services={services} />, host);
  });
  await settle();
  return host;
}

/** Lets pending promises (saves, messages) finish and their renders land. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => await Promise.resolve());
}

function control<T extends HTMLElement>(id: string): T {
  const element = host.querySelector<T>(`#${id}`);
  if (!element) throw new Error(`no #${id}`);
  return element;
}

async function change(id: string, value: string): Promise<void> {
  const input = control<HTMLInputElement>(id);
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

async function click(element: Element | null): Promise<void> {
  if (!(element instanceof HTMLElement)) throw new Error('nothing to click');
  await act(async () => element.click());
  await settle();
}

function button(name: string | RegExp): HTMLButtonElement | null {
  return (
    [...host.querySelectorAll('button')].find((b) =>
      typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? ''),
    ) ?? null
  );
}

afterEach(() => {
  render(null, host);
  host.remove();
});

describe('the options page', () => {
  it('labels every control visibly and groups the fields under legends', async () => {
    await mount(fakeServices().services);
    const controls = host.querySelectorAll('input, select, textarea');
    expect(controls.length).toBeGreaterThan(14);
    for (const element of controls) {
      const label = host.querySelector(`label[for="${element.id}"]`);
      expect(label?.textContent?.trim(), element.id).toBeTruthy();
    }
    const legends = [...host.querySelectorAll('fieldset > legend')].map((l) => l.textContent);
    expect(legends).toEqual([
      'Connection',
      'What to look for',
      'Thresholds and pace',
      'Cost',
      'Import and export',
    ]);
  });

  it('shows the stored values', async () => {
    const { services } = fakeServices();
    const initial = { ...DEFAULT_SETTINGS, batchSize: 10, dailyBudgetUsd: 0.5, apiKey: 'sk-x' };
    await mount(services, { initial });
    expect(control<HTMLInputElement>('setting-batchSize').value).toBe('10');
    expect(control<HTMLInputElement>('setting-dailyBudgetUsd').value).toBe('0.5');
    expect(control<HTMLTextAreaElement>('setting-criteria').value).toBe(DEFAULT_CRITERIA);
    expect(control<HTMLInputElement>('setting-apiKey').type).toBe('password');
  });

  it('refuses an invalid value beside the field, and saves nothing', async () => {
    const { services } = fakeServices();
    await mount(services);
    await change('setting-batchSize', '0');
    const input = control<HTMLInputElement>('setting-batchSize');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('setting-batchSize-error');
    expect(control('setting-batchSize-error').textContent).toBe(
      'Batch size must be a whole number from 1 to 100',
    );
    expect(services.save).not.toHaveBeenCalled();
  });

  it.each([
    ['setting-baseUrl', 'not a url', /must be an http\(s\) URL/],
    ['setting-dailyBudgetUsd', '-2', /cannot be negative/],
    ['setting-priceOverrides', '{oops', /must be JSON/],
  ])('refuses %s = %j', async (id, value, message) => {
    const { services } = fakeServices();
    await mount(services);
    await change(id, value);
    expect(control(`${id}-error`).textContent).toMatch(message);
    expect(services.save).not.toHaveBeenCalled();
  });

  it('saves a valid change and says so', async () => {
    const { services, stored } = fakeServices();
    await mount(services);
    await change('setting-batchSize', '12');
    expect(stored.batchSize).toBe(12);
    expect(host.querySelector('.saved-note')?.textContent).toBe('Saved: Batch size');
    expect(host.querySelector('.saved-note')?.getAttribute('role')).toBe('status');
  });

  it('stores an empty budget as no budget', async () => {
    const { services, stored } = fakeServices();
    await mount(services, { initial: { ...DEFAULT_SETTINGS, dailyBudgetUsd: 3 } });
    await change('setting-dailyBudgetUsd', '');
    expect(stored.dailyBudgetUsd).toBeNull();
  });

  it('shows and hides the key', async () => {
    await mount(fakeServices().services);
    await click(button('Show key'));
    expect(control<HTMLInputElement>('setting-apiKey').type).toBe('text');
    expect(button('Hide key')?.getAttribute('aria-pressed')).toBe('true');
    await click(button('Hide key'));
    expect(control<HTMLInputElement>('setting-apiKey').type).toBe('password');
  });

  it('sets the base URL from a preset and asks for access within the change', async () => {
    const { services, stored } = fakeServices();
    await mount(services);
    await change('endpoint-preset', 'ollama');
    expect(services.requestHostAccess).toHaveBeenCalledWith('http://localhost/*');
    expect(stored.baseUrl).toBe('http://localhost:11434/v1');
    expect(control<HTMLInputElement>('setting-baseUrl').value).toBe('http://localhost:11434/v1');
    expect(host.querySelector('.host-access')?.textContent).toBe(
      'Paper Sieve may reach http://localhost:11434.',
    );
  });

  it('explains the permission and offers it again when it was not given', async () => {
    const { services } = fakeServices({ requestHostAccess: vi.fn(async () => false) });
    await mount(services);
    await change('setting-baseUrl', 'https://openrouter.ai/api/v1');
    const note = host.querySelector('.host-access')?.textContent ?? '';
    expect(note).toMatch(/^Access was not given\. Browsers let an extension reach a site only/);
    await click(button('Allow access to https://openrouter.ai'));
    expect(services.requestHostAccess).toHaveBeenCalledTimes(2);
  });

  it('asks for nothing for OpenAI', async () => {
    const { services } = fakeServices();
    await mount(services);
    await change('endpoint-preset', 'openai');
    expect(services.requestHostAccess).not.toHaveBeenCalled();
    expect(host.querySelector('.host-access')).toBeNull();
  });

  it('suggests the models the endpoint lists, and takes any other name', async () => {
    const { services, stored } = fakeServices();
    await mount(services, { initial: { ...DEFAULT_SETTINGS, apiKey: 'sk-x' } });
    expect(services.listModels).toHaveBeenCalledWith('https://api.openai.com/v1', 'sk-x');
    const options = [...host.querySelectorAll('#model-suggestions option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(options).toEqual(['gpt-5-mini', 'gpt-5-nano']);
    expect(control('setting-model').getAttribute('list')).toBe('model-suggestions');
    await change('setting-model', 'my-own-model');
    expect(stored.model).toBe('my-own-model');
  });

  it('asks a remote endpoint for its models only once there is a key', async () => {
    const { services } = fakeServices();
    await mount(services);
    expect(services.listModels).not.toHaveBeenCalled();
    await change('setting-apiKey', 'sk-new');
    expect(services.listModels).toHaveBeenCalledWith('https://api.openai.com/v1', 'sk-new');
  });

  it.each<[ConnectionReport, string]>([
    [{ ok: true, message: 'Connected: x offers y.', models: ['y'] }, 'Connection works.'],
    [
      { ok: false, kind: 'auth', message: 'Your API key was rejected (401).', models: [] },
      'Key rejected.',
    ],
    [{ ok: false, kind: 'unknown-model', message: 'Not listed.', models: [] }, 'Model unknown.'],
    [
      { ok: false, kind: 'unreachable', message: 'Nothing answered at x.', models: [] },
      'Nothing answered.',
    ],
    [
      { ok: false, kind: 'cors', message: 'Start Ollama with OLLAMA_ORIGINS.', models: [] },
      'Refused by the server (CORS).',
    ],
  ])('tests the typed connection and says what happened: %j', async (report, verdict) => {
    const { services } = fakeServices({ testConnection: vi.fn(async () => report) });
    await mount(services);
    const key = control<HTMLInputElement>('setting-apiKey');
    await act(async () => {
      key.value = 'sk-typed';
      key.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Test connection'));
    expect(services.testConnection).toHaveBeenCalledWith({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-typed',
      model: 'gpt-5-mini',
    });
    const result = control('connection-test-result');
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toBe(`${verdict} ${report.message}`);
  });

  it('does not test a connection whose base URL is refused', async () => {
    const { services } = fakeServices();
    await mount(services);
    await change('setting-baseUrl', 'nowhere');
    await click(button('Test connection'));
    expect(services.testConnection).not.toHaveBeenCalled();
    expect(control('connection-test-result').textContent).toMatch(/^Not tested: The API base URL/);
  });

  it('restores the default criteria, with an undo', async () => {
    const { services, stored } = fakeServices();
    await mount(services, { initial: { ...DEFAULT_SETTINGS, criteria: 'Mine.' } });
    await click(button('Restore default'));
    expect(stored.criteria).toBe(DEFAULT_CRITERIA);
    expect(control<HTMLTextAreaElement>('setting-criteria').value).toBe(DEFAULT_CRITERIA);
    await click(button(/^Undo/));
    expect(stored.criteria).toBe('Mine.');
    expect(button(/^Undo/)).toBeNull();
  });

  it('counts the cache and clears it only after a confirmation', async () => {
    const { services } = fakeServices();
    await mount(services);
    expect(host.querySelector('.cache__stats')?.textContent).toBe(
      'Stored: 612 papers and 580 judgements, about 2.3 MB.',
    );
    await click(button('Clear cache…'));
    expect(services.clearStore).not.toHaveBeenCalled();
    expect(host.querySelector('.confirm')?.textContent).toMatch(
      /^Forget 612 papers and 580 judgements\?/,
    );
    expect(document.activeElement?.textContent).toBe('Keep it');
    await click(button('Keep it'));
    expect(services.clearStore).not.toHaveBeenCalled();
    expect(document.activeElement?.textContent).toBe('Clear cache…');

    vi.mocked(services.storeStats).mockResolvedValue({
      papers: 0,
      judgements: 0,
      runs: 0,
      pending: 0,
      approxBytes: 0,
    });
    await click(button('Clear cache…'));
    await click(button('Yes, clear the cache'));
    expect(services.clearStore).toHaveBeenCalledOnce();
    expect(host.querySelector('.cache__stats')?.textContent).toBe(
      'Stored: 0 papers and 0 judgements, about 0 bytes. Cache cleared.',
    );
  });

  it('exports without the key unless the box is ticked', async () => {
    const { services } = fakeServices();
    await mount(services, { initial: { ...DEFAULT_SETTINGS, apiKey: 'sk-secret' } });
    await click(button('Export settings'));
    expect(services.download).toHaveBeenCalledWith(
      'paper-sieve-settings-2025-10-16.json',
      expect.not.stringContaining('sk-secret'),
    );
    await click(control('export-include-key'));
    await click(button('Export settings'));
    expect(services.download).toHaveBeenLastCalledWith(
      expect.any(String),
      expect.stringContaining('"apiKey": "sk-secret"'),
    );
  });

  it('imports a file, saving what passes and listing each refusal by field', async () => {
    const { services, stored } = fakeServices();
    await mount(services);
    const file = new File(
      [JSON.stringify({ settings: { model: 'gpt-5-nano', batchSize: 0, unknownThing: 1 } })],
      'settings.json',
      { type: 'application/json' },
    );
    const input = control<HTMLInputElement>('import-file');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(stored.model).toBe('gpt-5-nano');
    expect(control<HTMLInputElement>('setting-model').value).toBe('gpt-5-nano');
    const report = host.querySelector('.import-report');
    expect(report?.getAttribute('role')).toBe('status');
    expect(report?.textContent).toBe(
      'Imported 1 setting; 1 refused:Batch size: Batch size must be a whole number from 1 to 100' +
        'Not Paper Sieve settings, ignored: unknownThing.',
    );
  });

  it('shows the three first steps on first run', async () => {
    await mount(fakeServices().services, { welcome: true });
    const steps = [...host.querySelectorAll('.welcome li')];
    expect(steps).toHaveLength(3);
    expect(steps[0]?.querySelector('a')?.getAttribute('href')).toBe('#setting-apiKey');
    expect(steps[1]?.querySelector('a')?.getAttribute('href')).toBe('#setting-criteria');
    expect(steps[2]?.querySelector('a')?.getAttribute('href')).toBe(
      'https://arxiv.org/list/cs.LG/new',
    );
  });

  it('leaves the steps out otherwise', async () => {
    await mount(fakeServices().services);
    expect(host.querySelector('.welcome')).toBeNull();
  });
});

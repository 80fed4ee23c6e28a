import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import type { PopupServices } from '../../components/popup/services';
import { digestJson } from '../../lib/digest/json';
import { digestMarkdown } from '../../lib/digest/markdown';
import type { Digest } from '../../lib/digest/types';
import type { DaySummary } from '../../lib/messaging/protocol';
import { digestFromPublished, publishedJson } from '../support/published-digest';

const TODAY = '2025-10-16';
const days: DaySummary[] = [
  { date: '2025-10-16', pages: 2, scanned: 301, relevant: 42, costUsd: 0.7 },
  { date: '2025-10-14', pages: 1, scanned: 1, relevant: 1, costUsd: 0.0042 },
];
const published = digestFromPublished(publishedJson('2025-10-16'));
const digest: Digest = {
  ...published,
  pages: [
    { url: 'https://arxiv.org/list/cs.LG/new', category: 'cs.LG', listingDate: '2025-10-16' },
    { url: 'https://arxiv.org/list/stat.ML/new', category: 'stat.ML', listingDate: '2025-10-16' },
  ],
};

let host: HTMLElement;

function fakeServices(overrides: Partial<PopupServices> = {}) {
  return {
    pageDigest: vi.fn(async () => ({ digest: null, pending: 0 })),
    days: vi.fn(async () => days),
    dayDigest: vi.fn(async (): Promise<Digest | null> => digest),
    stopScoring: vi.fn(async () => 0),
    sendToTab: vi.fn(async () => undefined),
    openOptions: vi.fn(),
    download: vi.fn(),
    copy: vi.fn(async () => undefined),
    timers: { set: () => 0, clear: () => undefined },
    ...overrides,
  } satisfies PopupServices;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await act(async () => await Promise.resolve());
}

async function mount(services: PopupServices): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.append(host);
  await act(async () => {
    render(<Popup target={{ kind: 'elsewhere' }} hasKey services={services} today={TODAY} />, host);
  });
  await settle();
  return host;
}

/** A button by its accessible text (visually hidden words included). */
async function press(name: string): Promise<void> {
  const found = [...host.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  await act(async () => found.click());
  await settle();
}

afterEach(() => {
  render(null, host);
  host.remove();
});

describe('the popup elsewhere', () => {
  it('lists the days newest first, today marked, with their counts', async () => {
    const services = fakeServices();
    const root = await mount(services);
    expect(services.days).toHaveBeenCalledWith(30);
    expect(root.querySelector('h1')?.textContent).toBe('Your digests');
    const rows = [...root.querySelectorAll('.day')].map(
      (row) => row.querySelector('.day__what')?.textContent,
    );
    expect(rows).toEqual([
      '2025-10-16 (today)2 pages · 42 kept of 301 papers scanned · $0.70',
      '2025-10-14' + '1 page · 1 kept of 1 paper scanned · $0.0042',
    ]);
  });

  it('opens a day’s digest, without “Show on page”, and goes back', async () => {
    const services = fakeServices();
    const root = await mount(services);
    await press('Open the digest of 2025-10-14');
    expect(services.dayDigest).toHaveBeenCalledWith('2025-10-14');
    expect(root.querySelector('h1')?.textContent).toBe('Digest of 2025-10-16 · today');
    expect(document.activeElement).toBe(root.querySelector('h1'));
    expect(root.querySelector('.heading__sub')?.textContent).toBe('From cs.LG, stat.ML');
    expect(root.querySelectorAll('.paper')).toHaveLength(digest.papers.length);
    expect(root.querySelector('.paper__reveal')).toBeNull();
    expect(root.querySelector('.totals dt')?.textContent).toBe('listed');
    await press('← All days');
    expect(root.querySelectorAll('.day')).toHaveLength(2);
  });

  it('downloads a day without opening it', async () => {
    const download = vi.fn<PopupServices['download']>();
    await mount(fakeServices({ download }));
    await press('Markdown of 2025-10-16');
    await press('JSON of 2025-10-16');
    expect(download.mock.calls).toEqual([
      ['paper-sieve-2025-10-16.md', digestMarkdown(digest), 'text/markdown;charset=utf-8'],
      ['paper-sieve-2025-10-16.json', digestJson(digest), 'application/json;charset=utf-8'],
    ]);
  });

  it('says when a day’s digest is gone', async () => {
    const root = await mount(fakeServices({ dayDigest: vi.fn(async () => null) }));
    await press('Open the digest of 2025-10-14');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'No digest is stored for 2025-10-14.',
    );
    expect(root.querySelectorAll('.day')).toHaveLength(2);
  });

  it('explains an empty history with where to start', async () => {
    const root = await mount(fakeServices({ days: vi.fn(async () => []) }));
    expect(root.querySelector('.days__empty')?.textContent).toMatch(/^No digests yet\./);
    expect(root.querySelector('.days__empty a')?.getAttribute('href')).toBe(
      'https://arxiv.org/list/cs.LG/new',
    );
  });

  it('explains an unreachable background and tries again', async () => {
    const daysOnce = vi
      .fn<PopupServices['days']>()
      .mockRejectedValueOnce(new Error('Paper Sieve’s background did not answer.'))
      .mockResolvedValue(days);
    const root = await mount(fakeServices({ days: daysOnce }));
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(
      /background is not answering/,
    );
    await press('Try again');
    expect(root.querySelectorAll('.day')).toHaveLength(2);
  });

  it('always offers Options', async () => {
    const services = fakeServices();
    await mount(services);
    await press('Options');
    expect(services.openOptions).toHaveBeenCalledTimes(1);
  });
});

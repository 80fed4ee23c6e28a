import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import type { PopupServices, PopupTarget } from '../../components/popup/services';
import { digestMarkdown } from '../../lib/digest/markdown';
import type { Digest } from '../../lib/digest/types';
import type { PageDigestAnswer } from '../../lib/popup/page-digest';
import { digestFromPublished, publishedJson } from '../support/published-digest';

const TODAY = '2026-11-22';
const URL_OF_PAGE = 'https://arxiv.org/list/cs.LG/new';
const published = digestFromPublished(publishedJson('2025-10-16'));
const digest: Digest = {
  ...published,
  date: TODAY,
  pages: [{ url: URL_OF_PAGE, category: 'cs.LG', categoryName: null, listingDate: '2025-10-16' }],
  tokens: { ...published.tokens, cachedPrompt: 40_960 },
};
const target: PopupTarget = {
  kind: 'listing',
  tabId: 7,
  url: URL_OF_PAGE,
  category: 'cs.LG',
  pageKind: 'new',
};
const UNREACHABLE = new Error('Could not establish connection. Receiving end does not exist.');

let host: HTMLElement;

function fakeServices(overrides: Partial<PopupServices> = {}) {
  return {
    pageDigest: vi.fn(async (): Promise<PageDigestAnswer> => ({ digest, pending: 0 })),
    days: vi.fn(async () => []),
    dayDigest: vi.fn(async () => digest),
    stopScoring: vi.fn(async () => 12),
    sendToTab: vi.fn(async () => undefined),
    openOptions: vi.fn(),
    download: vi.fn(),
    copy: vi.fn(async () => undefined),
    timers: {
      set: (callback: () => void, ms: number) => setTimeout(callback, ms),
      clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    ...overrides,
  } satisfies PopupServices;
}

/** Lets pending promises (messages) finish and their renders land. */
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await act(async () => await Promise.resolve());
}

async function mount(services: PopupServices, hasKey = true): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.append(host);
  await act(async () => {
    render(<Popup target={target} hasKey={hasKey} services={services} today={TODAY} />, host);
  });
  await settle();
  return host;
}

function button(name: string | RegExp): HTMLButtonElement {
  const found = [...host.querySelectorAll('button')].find((b) => {
    const label = b.getAttribute('aria-label') ?? b.textContent ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`no button ${String(name)}`);
  return found;
}

async function click(element: HTMLElement): Promise<void> {
  await act(async () => element.click());
  await settle();
}

afterEach(() => {
  render(null, host);
  host.remove();
  vi.useRealTimers();
});

describe('the popup on a scored listing', () => {
  it('heads the digest with the category, the day and the listing’s date', async () => {
    const root = await mount(fakeServices());
    expect(root.querySelector('h1')?.textContent).toBe('cs.LG · new');
    expect(root.querySelector('.heading__sub')?.textContent).toBe(
      `Digest of ${TODAY} · listing of 2025-10-16`,
    );
    const totals = [...root.querySelectorAll('.totals__item')].map((item) => [
      item.querySelector('dt')?.textContent,
      item.querySelector('dd')?.textContent,
    ]);
    expect(totals).toEqual([
      ['on the page', '539'],
      ['scanned', '301'],
      ['relevant', '42'],
    ]);
  });

  it('prints tokens and dollars as Prompt / Completion / Total, cached tokens noted', async () => {
    const root = await mount(fakeServices());
    const rows = [...root.querySelectorAll('.usage tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ['', 'Prompt', 'Completion', 'Total'],
      ['Tokens', '72,386', '61,036', '133,422'],
      ['Cost', '$0.09', '$0.61', '$0.70'],
    ]);
    expect(root.querySelector('caption')?.textContent).toBe('Tokens and cost · gpt-5');
    expect(root.querySelector('.usage__note')?.textContent).toBe(
      'Cached: 40,960 of the prompt tokens, billed at the cheaper cached price.',
    );
  });

  it('says when a price is unknown instead of printing a wrong cost', async () => {
    const unpriced = {
      ...digest,
      cost: { ...digest.cost, priced: false, prompt: 0, completion: 0, total: 0 },
    };
    const root = await mount(
      fakeServices({ pageDigest: async () => ({ digest: unpriced, pending: 0 }) }),
    );
    const cost = [...root.querySelectorAll('.usage tbody tr:nth-child(2) td')].map(
      (td) => td.textContent,
    );
    expect(cost).toEqual(['n/a', 'n/a', 'n/a']);
    expect(root.textContent).toContain('The price of gpt-5 is unknown');
  });

  it('lists the kept papers in rank order with links, authors, scores and comments', async () => {
    const root = await mount(fakeServices());
    const items = [...root.querySelectorAll('.paper')];
    expect(items.map((item) => item.getAttribute('data-paper-id'))).toEqual(
      digest.papers.map((paper) => paper.id),
    );
    const first = items[0];
    const paper = digest.papers[0];
    const link = first?.querySelector('a');
    expect(link?.getAttribute('href')).toBe(`https://arxiv.org/abs/${paper?.id}`);
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noreferrer');
    expect(link?.textContent).toBe(paper?.title);
    expect(first?.querySelector('.paper__authors')?.textContent).toBe(paper?.authors.join(', '));
    expect(first?.querySelector('.paper__rn')?.textContent).toBe(
      `R ${paper?.relevance} / N ${paper?.novelty}`,
    );
    expect(first?.querySelector('.paper__comment')?.textContent).toBe(paper?.comment);
  });

  it('puts author matches first, marked with the followed name', async () => {
    const match = {
      ...digest.papers[5]!,
      rank: 1,
      authorMatch: true,
      matchedAuthor: 'Albert Gu',
      relevance: null,
      novelty: null,
      comment: 'Author match: Albert Gu',
    };
    const withMatch = { ...digest, papers: [match, ...digest.papers.slice(0, 3)] };
    const root = await mount(
      fakeServices({ pageDigest: async () => ({ digest: withMatch, pending: 0 }) }),
    );
    const first = root.querySelector('.paper');
    expect(first?.querySelector('.paper__badge')?.textContent).toBe('Author match: Albert Gu');
    expect(first?.querySelector('.paper__rn')).toBeNull();
  });

  it('renders hostile text as text', async () => {
    const hostile = {
      ...digest,
      papers: [
        {
          ...digest.papers[0]!,
          title: '<img src=x onerror=alert(1)>',
          comment: '<script>x</script>',
        },
      ],
    };
    const root = await mount(
      fakeServices({ pageDigest: async () => ({ digest: hostile, pending: 0 }) }),
    );
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.querySelector('.paper a')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('asks the tab to show a paper', async () => {
    const services = fakeServices();
    await mount(services);
    await click(button(`Show on page: ${digest.papers[2]?.title}`));
    expect(services.sendToTab).toHaveBeenCalledWith(7, {
      type: 'page/reveal',
      paperId: digest.papers[2]?.id,
    });
  });

  it('says to reload a tab that does not answer', async () => {
    const services = fakeServices({ sendToTab: vi.fn(async () => Promise.reject(UNREACHABLE)) });
    const root = await mount(services);
    await click(button(/^Show on page: /));
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(
      /not connected to Paper Sieve.*Reload the arXiv page, then try again\./,
    );
  });
});

describe('exports', () => {
  it('downloads the published Markdown and the JSON, named by day', async () => {
    const download = vi.fn<PopupServices['download']>();
    await mount(fakeServices({ download }));
    await click(button('Download Markdown'));
    await click(button('Download JSON'));
    expect(download).toHaveBeenNthCalledWith(
      1,
      `paper-sieve-${TODAY}.md`,
      digestMarkdown(digest),
      'text/markdown;charset=utf-8',
    );
    const [name, json, type] = download.mock.calls[1] ?? [];
    expect([name, type]).toEqual([`paper-sieve-${TODAY}.json`, 'application/json;charset=utf-8']);
    expect(JSON.parse(json ?? '').papers).toHaveLength(digest.papers.length);
  });

  it('copies the Markdown and says “Copied”, then steps aside', async () => {
    vi.useFakeTimers();
    const services = fakeServices();
    const root = await mount(services);
    const status = root.querySelector('.exports__status');
    expect(status?.getAttribute('role')).toBe('status');
    await click(button('Copy Markdown'));
    expect(services.copy).toHaveBeenCalledWith(digestMarkdown(digest));
    expect(status?.textContent).toBe('Copied');
    await act(async () => void vi.advanceTimersByTime(3000));
    expect(status?.textContent).toBe('');
  });

  it('says when the clipboard refused', async () => {
    const root = await mount(
      fakeServices({ copy: async () => Promise.reject(new Error('denied')) }),
    );
    await click(button('Copy Markdown'));
    expect(root.querySelector('.exports__status')?.textContent).toMatch(/^Could not copy/);
  });
});

describe('scoring from the popup', () => {
  it('says a page without a run has not been scored, and scores it on Score now', async () => {
    vi.useFakeTimers();
    const answers: PageDigestAnswer[] = [
      { digest: null, pending: 0 },
      { digest: null, pending: 0 },
      {
        digest: { ...digest, papers: [], totals: { ...digest.totals, scanned: 0, relevant: 0 } },
        pending: 42,
      },
      { digest: { ...digest, papers: digest.papers.slice(0, 3) }, pending: 30 },
      { digest, pending: 0 },
    ];
    let call = 0;
    const pageDigest = vi.fn(async () => answers[Math.min(call++, answers.length - 1)]!);
    const services = fakeServices({ pageDigest });
    const root = await mount(services);
    expect(root.querySelector('.notice')?.textContent).toBe(
      'This page has not been scored yet — press Score now.Score now',
    );
    await click(button('Score now'));
    expect(services.sendToTab).toHaveBeenCalledWith(7, { type: 'page/score-now' });

    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(root.querySelector('.scoring__progress')?.textContent).toBe(
      'Scoring… 42 papers still queued',
    );
    expect(root.querySelector('.papers__empty')?.textContent).toMatch(/^No paper is kept yet/);
    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(root.querySelectorAll('.paper')).toHaveLength(3);
    expect(root.querySelector('progress')?.getAttribute('value')).toBe('509');
    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(root.querySelectorAll('.paper')).toHaveLength(digest.papers.length);
    expect(root.querySelector('.scoring__progress')?.textContent).toBe('');
    const calls = pageDigest.mock.calls.length;
    await act(async () => void vi.advanceTimersByTime(10_000));
    expect(pageDigest.mock.calls.length).toBe(calls);
  });

  it('stops a run under way and says how many papers it took off the queue', async () => {
    let pending = 12;
    const services = fakeServices({
      pageDigest: vi.fn(async () => ({ digest, pending })),
      stopScoring: vi.fn(async () => {
        const stopped = pending;
        pending = 0;
        return stopped;
      }),
    });
    const root = await mount(services);
    await click(button('Stop'));
    expect(services.stopScoring).toHaveBeenCalledWith(URL_OF_PAGE);
    expect(root.querySelector('.note')?.textContent).toBe(
      'Stopped: 12 papers taken off the queue.',
    );
    expect(button('Score now')).toBeTruthy();
  });

  it('explains an unreachable background, and tries again', async () => {
    const pageDigest = vi
      .fn<PopupServices['pageDigest']>()
      .mockRejectedValueOnce(UNREACHABLE)
      .mockResolvedValue({ digest, pending: 0 });
    const root = await mount(fakeServices({ pageDigest }));
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(
      /^Paper Sieve’s background is not answering\./,
    );
    await click(button('Try again'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelectorAll('.paper')).toHaveLength(digest.papers.length);
  });

  it('says when nothing passed the thresholds', async () => {
    const none = { ...digest, papers: [], totals: { ...digest.totals, relevant: 0 } };
    const root = await mount(
      fakeServices({ pageDigest: async () => ({ digest: none, pending: 0 }) }),
    );
    expect(root.querySelector('.papers__empty')?.textContent).toBe(
      'No paper on this page passed your thresholds. You can change them in Options.',
    );
  });
});

describe('without an API key', () => {
  it('explains what is missing and opens Options', async () => {
    const services = fakeServices();
    const root = await mount(services, false);
    expect(root.querySelector('h1')?.textContent).toBe('Welcome to Paper Sieve');
    expect(services.pageDigest).not.toHaveBeenCalled();
    await click(button('Open Options to add a key'));
    expect(services.openOptions).toHaveBeenCalledTimes(1);
  });
});

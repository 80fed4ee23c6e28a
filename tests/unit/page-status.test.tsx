import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PageStatus, abstractsText } from '../../components/PageStatus';
import type { PageStatus as Status } from '../../lib/page/status';

const base: Status = {
  papers: 101,
  sections: [
    { kind: 'new', label: '45 new submissions', count: 45 },
    { kind: 'cross-list', label: '21 cross-lists', count: 21 },
    { kind: 'replacement', label: '35 replacements', count: 35 },
  ],
  skipped: [],
  abstracts: { state: 'shown' },
  scoring: null,
};

let host: HTMLElement;
function mount(status: Status): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  render(<PageStatus status={status} />, host);
  return host;
}

afterEach(() => {
  render(null, host);
  host.remove();
});

describe('the page status', () => {
  it('says how many papers were read in which sections', () => {
    const line = mount(base).querySelector('[role="status"]');
    expect(line?.textContent).toBe(
      'Paper Sieve read 101 papers: 45 new submissions · 21 cross-lists · 35 replacements',
    );
  });

  it('lists entries it could not read, with the reason', () => {
    const root = mount({ ...base, skipped: [{ where: 'item 7', reason: 'no arXiv id' }] });
    expect(root.querySelector('summary')?.textContent).toBe('1 entry could not be read');
    expect(root.querySelector('li')?.textContent).toBe('item 7: no arXiv id');
  });

  it('renders hostile text as text', () => {
    const root = mount({
      ...base,
      skipped: [{ where: '<img src=x onerror=alert(1)>', reason: '<script>alert(1)</script>' }],
    });
    expect(root.querySelector('img, script')).toBeNull();
  });
});

describe('the abstracts note', () => {
  it.each([
    [{ state: 'shown' } as const, null],
    [{ state: 'fetching', missing: 65 } as const, 'fetching 65 abstracts from the arXiv API…'],
    [
      { state: 'done', fetched: 65, remembered: 0, titleOnly: 0, reason: null } as const,
      '65 abstracts from the arXiv API',
    ],
    [
      { state: 'done', fetched: 60, remembered: 6, titleOnly: 0, reason: null } as const,
      '60 abstracts from the arXiv API, 6 remembered from earlier pages',
    ],
    [
      { state: 'done', fetched: 0, remembered: 66, titleOnly: 0, reason: null } as const,
      '66 remembered from earlier pages',
    ],
    [
      {
        state: 'done',
        fetched: 60,
        remembered: 0,
        titleOnly: 5,
        reason: 'arXiv API answered 503',
      } as const,
      '60 abstracts from the arXiv API; 5 title-only (arXiv API answered 503)',
    ],
    [
      { state: 'failed', missing: 3, reason: 'background unreachable' } as const,
      '3 papers are title-only: background unreachable',
    ],
  ])('%o reads %s', (abstracts, text) => {
    expect(abstractsText(abstracts)).toBe(text);
  });
});

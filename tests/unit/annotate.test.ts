import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { listingEntries, type ListingEntry } from '../../lib/arxiv/listing';
import type { JudgementView } from '../../lib/messaging/protocol';
import { annotateEntry, installAnnotationListener } from '../../lib/page/annotate';
import type { BadgeTone } from '../../lib/page/badge';
import type { EntryStatus } from '../../lib/page/scores';
import { htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const LEGACY = 'arxiv/list-cs-new-2018-07-20-legacy-trimmed.html';
const thresholds = { minRelevance: 7, minNovelty: 6 };

const queued: EntryStatus = { state: 'pending', phase: 'queued', judgement: null, reason: null };
const scoring: EntryStatus = { state: 'pending', phase: 'scoring', judgement: null, reason: null };
const NO_KEY = 'No API key yet — add one in Paper Sieve’s Options to score these papers.';

function judged(paperId: string, fields: Partial<JudgementView> = {}): EntryStatus {
  return {
    state: fields.kind === 'author-match' ? 'author-match' : 'scored',
    phase: null,
    reason: null,
    judgement: {
      paperId,
      kind: 'scored',
      relevance: 9,
      novelty: 8,
      comment: 'Matches criterion 1: phase-field models.',
      model: 'gpt-5-mini',
      titleOnly: false,
      kept: true,
      ...fields,
    },
  };
}

function failed(reason: string): EntryStatus {
  return { state: 'error', phase: null, judgement: null, reason };
}

function idle(reason: string): EntryStatus {
  return { state: 'idle', phase: null, judgement: null, reason };
}

function handlers() {
  return { onRetry: vi.fn<(paperId: string) => void>(), onOpenOptions: vi.fn<() => void>() };
}

/** A fresh parse of a real page, with its entries. */
function page(fixture: string): { doc: Document; entries: (ListingEntry & { id: string })[] } {
  const doc = htmlDocument(sharedFixture(fixture));
  const entries = listingEntries(doc).filter(
    (entry): entry is ListingEntry & { id: string } => entry.id !== null,
  );
  return { doc, entries };
}

function firstEntry(fixture: string) {
  const { doc, entries } = page(fixture);
  const entry = entries[0];
  if (!entry?.dd) throw new Error(`no first entry in ${fixture}`);
  return { doc, entry: { ...entry, dd: entry.dd } };
}

function annotate(entry: ListingEntry & { id: string }, status: EntryStatus, on = handlers()) {
  annotateEntry(entry.dt, entry.dd, status, thresholds, on, entry.id);
}

function badgeOf(dt: Element): HTMLElement {
  const badge = dt.querySelector<HTMLElement>('.paper-sieve-badge');
  if (!badge) throw new Error('no badge');
  return badge;
}

describe('annotating an entry of a real listing page', () => {
  it.each([
    ['current', CURRENT, 'a[title="Abstract"]'],
    ['legacy', LEGACY, 'span.list-identifier > a[title="Abstract"]'],
  ])(
    'puts the badge right after the arXiv id link (%s design)',
    (_design, fixture, linkSelector) => {
      const { entry } = firstEntry(fixture);
      annotate(entry, judged(entry.id));
      const link = entry.dt.querySelector(linkSelector);
      expect(link?.nextElementSibling?.className).toBe('paper-sieve-entry');
      expect(link?.textContent?.trim()).toBe(`arXiv:${entry.id}`);
      expect(badgeOf(entry.dt).querySelector('.paper-sieve-score')?.textContent).toBe('R 9 · N 8');
    },
  );

  it.each([
    ['current', CURRENT],
    ['legacy', LEGACY],
  ])('puts the comment after the title, not inside it (%s design)', (_design, fixture) => {
    const { entry } = firstEntry(fixture);
    const title = entry.dd.querySelector('.list-title');
    const titleBefore = title?.innerHTML;
    annotate(entry, judged(entry.id));
    const comment = title?.nextElementSibling;
    expect(comment?.className).toBe('paper-sieve-comment');
    expect(comment?.textContent).toBe('Matches criterion 1: phase-field models.');
    expect(title?.innerHTML).toBe(titleBefore);
  });

  it.each([
    ['current', CURRENT],
    ['legacy', LEGACY],
  ])('leaves MathJax elements, links and anchors as they were (%s design)', (_design, fixture) => {
    const { doc, entries } = page(fixture);
    const mathjax = () => [...doc.querySelectorAll('.mathjax')].map((element) => element.innerHTML);
    const pageLinks = () =>
      [...doc.querySelectorAll('#dlpage a')].map((link) => link.outerHTML).join('\n');
    const mathjaxBefore = mathjax();
    const linksBefore = pageLinks();
    expect(mathjaxBefore.length).toBeGreaterThan(entries.length);

    const states = [
      () => scoring,
      (id: string) => judged(id, { titleOnly: true }),
      () => failed('Timed out'),
      () => idle(NO_KEY),
    ];
    entries.forEach((entry, index) => {
      annotate(entry, queued);
      annotate(entry, (states[index % states.length] ?? (() => queued))(entry.id));
    });

    expect(mathjax()).toEqual(mathjaxBefore);
    expect(pageLinks()).toBe(linksBefore);
    expect(doc.querySelectorAll('a[name^="item"]')).toHaveLength(entries.length);
  });

  it('updates in place: the same elements, no duplicates', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, queued);
    const badge = badgeOf(entry.dt);
    annotate(entry, scoring);
    annotate(entry, judged(entry.id, { relevance: 5, novelty: 5, comment: 'First.' }));
    annotate(entry, judged(entry.id, { relevance: 9, novelty: 8, comment: 'Second.' }));

    expect(badgeOf(entry.dt)).toBe(badge);
    expect(entry.dt.querySelectorAll('.paper-sieve-entry')).toHaveLength(1);
    expect(entry.dd.querySelectorAll('.paper-sieve-comment')).toHaveLength(1);
    expect(entry.dd.querySelector('.paper-sieve-comment')?.textContent).toBe('Second.');
    expect(doc.querySelectorAll('.paper-sieve-badge')).toHaveLength(1);
  });

  it('touches only what changed: nothing for a repeated state, the tone for new thresholds', () => {
    const { entry } = firstEntry(CURRENT);
    const status = judged(entry.id, { relevance: 7, novelty: 6 });
    annotate(entry, status);
    const Observer = entry.dt.ownerDocument.defaultView?.MutationObserver;
    if (!Observer) throw new Error('no MutationObserver');
    const observer = new Observer(() => undefined);
    const everything = { subtree: true, childList: true, attributes: true, characterData: true };
    observer.observe(entry.dt, everything);
    observer.observe(entry.dd, everything);

    annotate(entry, status);
    expect(observer.takeRecords()).toHaveLength(0);

    annotateEntry(
      entry.dt,
      entry.dd,
      status,
      { minRelevance: 8, minNovelty: 6 },
      handlers(),
      entry.id,
    );
    const changed = observer
      .takeRecords()
      .map(
        (record) =>
          `${(record.target as Element).className || record.target.nodeName} ${record.attributeName ?? record.type}`,
      );
    expect(changed.sort()).toEqual([
      'DD data-sieve-kept',
      'DT data-sieve-kept',
      'paper-sieve-badge aria-label',
      'paper-sieve-badge data-tone',
      'paper-sieve-comment data-tone',
    ]);
    observer.disconnect();
  });

  it('shows each state on the badge, with its text alternative and tooltip', () => {
    const { doc, entry } = firstEntry(CURRENT);
    const shown = () => {
      const badge = badgeOf(entry.dt);
      const tip = doc.getElementById(badge.getAttribute('aria-describedby') ?? '');
      const tag = badge.querySelector<HTMLElement>('.paper-sieve-tag');
      return {
        tone: badge.getAttribute('data-tone'),
        text: badge.querySelector('.paper-sieve-score')?.textContent,
        label: badge.getAttribute('aria-label'),
        tip: tip?.getAttribute('role') === 'tooltip' ? tip.textContent : null,
        titleOnly: tag?.hidden === false,
      };
    };

    annotate(entry, queued);
    expect(shown()).toMatchObject({ tone: 'pending', text: 'queued', titleOnly: false });
    const badge = badgeOf(entry.dt);
    expect(badge.getAttribute('role')).toBe('img');
    expect(badge.getAttribute('tabindex')).toBe('0');

    annotate(entry, judged(entry.id, { relevance: 8, novelty: 7, titleOnly: true }));
    expect(shown()).toEqual({
      tone: 'kept',
      text: 'R 8 · N 7',
      label: 'Relevance 8 of 10, novelty 7 of 10, kept, judged on the title only',
      tip: 'Matches criterion 1: phase-field models. — judged by gpt-5-mini',
      titleOnly: true,
    });

    annotate(
      entry,
      judged(entry.id, {
        kind: 'author-match',
        relevance: null,
        novelty: null,
        comment: 'Author match: Yann LeCun',
        model: '',
      }),
    );
    expect(shown()).toMatchObject({
      tone: 'author',
      text: 'Author match',
      label: 'Author match: Yann LeCun',
      titleOnly: false,
    });
    expect(entry.dt.getAttribute('data-sieve-state')).toBe('author-match');
  });

  it('marks dt and dd kept or not once judged, and keeps the data-sieve hook', () => {
    const { entry } = firstEntry(CURRENT);
    const kept = () => [
      entry.dt.getAttribute('data-sieve-kept'),
      entry.dd.getAttribute('data-sieve-kept'),
    ];
    annotate(entry, queued);
    expect(kept()).toEqual([null, null]);
    expect(entry.dt.getAttribute('data-sieve-state')).toBe('pending');

    annotate(entry, judged(entry.id, { relevance: 3, novelty: 2 }));
    expect(kept()).toEqual(['false', 'false']);
    expect(entry.dt.getAttribute('data-sieve-relevance')).toBe('3');
    expect(entry.dt.getAttribute('data-sieve-novelty')).toBe('2');

    annotate(entry, judged(entry.id, { relevance: 7, novelty: 6 }));
    expect(kept()).toEqual(['true', 'true']);

    annotate(entry, failed('Timed out'));
    expect(kept()).toEqual([null, null]);
    expect(entry.dt.hasAttribute('data-sieve-relevance')).toBe(false);
  });

  it('hides the comment again when the entry has none to show', () => {
    const { entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    annotate(entry, failed('Timed out'));
    const comment = entry.dd.querySelector<HTMLElement>('.paper-sieve-comment');
    expect(comment?.hidden).toBe(true);
  });

  it('renders hostile titles, comments, models and reasons as text', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    const { entry } = firstEntry(CURRENT);
    const elementsBefore =
      entry.dt.querySelectorAll('*').length + entry.dd.querySelectorAll('*').length;

    annotate(entry, judged(entry.id, { comment: hostile, model: `<i>${hostile}</i>` }));
    const comment = entry.dd.querySelector('.paper-sieve-comment');
    expect(comment?.textContent).toBe(hostile);
    expect(entry.dt.querySelector('.paper-sieve-tip')?.textContent).toBe(
      `${hostile} — judged by <i>${hostile}</i>`,
    );

    annotate(entry, failed(hostile));
    expect(badgeOf(entry.dt).getAttribute('aria-label')).toBe(`Scoring failed: ${hostile}`);
    expect(entry.dt.querySelector('.paper-sieve-tip')?.textContent).toBe(hostile);

    for (const root of [entry.dt, entry.dd]) {
      expect(root.querySelectorAll('script, img, b, i')).toHaveLength(0);
      expect(root.querySelectorAll('[onerror]')).toHaveLength(0);
    }
    const ours = 6 + 1; // the badge's six elements and the comment
    expect(entry.dt.querySelectorAll('*').length + entry.dd.querySelectorAll('*').length).toBe(
      elementsBefore + ours,
    );
  });
});

describe('the badges’ buttons', () => {
  it('offer a retry on error, carrying the paper id, and call back through one listener', () => {
    const { doc, entries } = page(CURRENT);
    const on = handlers();
    const listen = vi.spyOn(doc, 'addEventListener');
    for (const entry of entries) annotate(entry, failed('The model timed out after 60 s'), on);
    expect(listen.mock.calls.filter(([type]) => type === 'click')).toHaveLength(1);

    const second = entries[1];
    const button = second?.dt.querySelector<HTMLElement>('button.paper-sieve-action');
    expect(button?.hidden).toBe(false);
    expect(button?.textContent).toBe('Retry');
    expect(button?.getAttribute('type')).toBe('button');
    expect(button?.getAttribute('data-paper-id')).toBe(second?.id);
    button?.click();
    expect(on.onRetry).toHaveBeenCalledExactlyOnceWith(second?.id);
    expect(on.onOpenOptions).not.toHaveBeenCalled();
    expect(doc.activeElement).toBe(second && badgeOf(second.dt));
  });

  it('offer Options when there is no API key, and Score now when automatic scoring is off', () => {
    const { entry } = firstEntry(CURRENT);
    const on = handlers();
    annotate(entry, idle(NO_KEY), on);
    const button = entry.dt.querySelector<HTMLElement>('button.paper-sieve-action');
    expect(button?.textContent).toBe('Open Options');
    button?.click();
    expect(on.onOpenOptions).toHaveBeenCalledOnce();
    expect(on.onRetry).not.toHaveBeenCalled();

    annotate(entry, idle('Automatic scoring is off — press “Score this page” to score it.'), on);
    expect(button?.textContent).toBe('Score now');
    button?.click();
    expect(on.onRetry).toHaveBeenCalledExactlyOnceWith(entry.id);

    annotate(entry, queued, on);
    expect(button?.hidden).toBe(true);
    expect(button?.hasAttribute('data-sieve-action')).toBe(false);
  });

  it('go quiet once the listener is removed; a second install swaps the handlers', () => {
    const { doc, entry } = firstEntry(CURRENT);
    const first = handlers();
    const second = handlers();
    annotate(entry, failed('Timed out'), first);
    const remove = installAnnotationListener(doc, second);
    const button = entry.dt.querySelector<HTMLElement>('button.paper-sieve-action');
    button?.click();
    expect(first.onRetry).not.toHaveBeenCalled();
    expect(second.onRetry).toHaveBeenCalledOnce();
    remove();
    button?.click();
    expect(second.onRetry).toHaveBeenCalledOnce();
  });

  it('let Escape hide a focused badge’s tooltip until it loses focus', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    const badge = badgeOf(entry.dt);
    const KeyboardEvent = doc.defaultView?.KeyboardEvent;
    if (!KeyboardEvent) throw new Error('no KeyboardEvent');
    badge.focus();
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(badge.hasAttribute('data-tip-dismissed')).toBe(true);
    badge.blur();
    expect(badge.hasAttribute('data-tip-dismissed')).toBe(false);
  });
});

describe('the badges’ floating tooltip', () => {
  function shownTip(doc: Document): string | null {
    const tip = doc.querySelector<HTMLElement>('.paper-sieve-floating-tip');
    return tip && !tip.hidden ? tip.textContent : null;
  }

  function pointer(target: Element) {
    const MouseEvent = target.ownerDocument.defaultView!.MouseEvent;
    target.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  }

  it('shows the badge’s own description, outside the listing’s entries', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    const badge = badgeOf(entry.dt);
    pointer(badge);
    const described = doc.getElementById(badge.getAttribute('aria-describedby')!)?.textContent;
    expect(shownTip(doc)).toBe(described);
    const tip = doc.querySelector('.paper-sieve-floating-tip')!;
    expect(tip.closest('#dlpage')).toBeNull();
    // A copy for the eye: screen readers hear the description through aria-describedby.
    expect(tip.getAttribute('aria-hidden')).toBe('true');
  });

  it('stays while the pointer moves from the badge onto it, and goes when it leaves both', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    const badge = badgeOf(entry.dt);
    pointer(badge);
    const tip = doc.querySelector('.paper-sieve-floating-tip')!;
    pointer(tip);
    expect(shownTip(doc)).not.toBeNull();
    pointer(entry.dd ?? doc.body);
    expect(shownTip(doc)).toBeNull();
  });

  it('follows keyboard focus, and Escape hides it', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    const badge = badgeOf(entry.dt);
    badge.focus();
    expect(shownTip(doc)).not.toBeNull();
    const KeyboardEvent = doc.defaultView!.KeyboardEvent;
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shownTip(doc)).toBeNull();
    badge.blur();
    badge.focus();
    expect(shownTip(doc)).not.toBeNull();
    badge.blur();
    expect(shownTip(doc)).toBeNull();
  });

  it('is removed with the listeners', () => {
    const { doc, entry } = firstEntry(CURRENT);
    annotate(entry, judged(entry.id));
    pointer(badgeOf(entry.dt));
    installAnnotationListener(doc, handlers())();
    expect(doc.querySelector('.paper-sieve-floating-tip')).toBeNull();
  });
});

describe('the annotations’ stylesheet', () => {
  it('is the browser’s to inject: annotating adds no stylesheet to the page', () => {
    const { doc, entries } = page(CURRENT);
    const before = doc.querySelectorAll('style, link').length;
    for (const entry of entries) annotate(entry, queued);
    for (const entry of entries) annotate(entry, judged(entry.id));
    expect(doc.querySelectorAll('style, link')).toHaveLength(before);
    // The content script lists it in the manifest (WXT: CSS imported in `manifest` mode).
    const script = readFileSync(
      resolve(process.cwd(), 'entrypoints/arxiv.content/index.tsx'),
      'utf8',
    );
    expect(script).toContain(`import '../../lib/page/annotation-style.css';`);
    expect(script).toContain(`cssInjectionMode: 'manifest'`);
  });

  it('styles only our elements, plus the filter, dim and current-entry hooks', () => {
    const rules = STYLESHEET.replace(/@media[^{]*\{/g, '').split('}');
    const selectors = rules
      .map((rule) => rule.split('{')[0]?.trim() ?? '')
      .filter((selector) => selector !== '')
      .flatMap((selector) => selector.split(/,(?![^(]*\))/).map((part) => part.trim()));
    expect(selectors.length).toBeGreaterThan(20);
    for (const selector of selectors) {
      expect(selector).toMatch(/\.paper-sieve-|\[data-sieve-out\]/);
    }
    expect(STYLESHEET).toContain(`#dlpage[data-sieve-filter='kept']`);
    expect(STYLESHEET).toContain(`#dlpage[data-sieve-filter='dim']`);
    expect(STYLESHEET).toContain(DARK);
    expect(STYLESHEET).not.toMatch(/\d(rem|em)\b/);
  });

  it('paints each badge and comment edge with its tone', () => {
    const badge = schemeRules('light').get(`${OURS} .paper-sieve-badge`);
    expect(badge).toMatchObject({
      color: 'var(--sieve-text)',
      background: 'var(--sieve-background)',
      'border-color': 'var(--sieve-border)',
    });
    const comment = schemeRules('light').get(`${OURS} .paper-sieve-comment`);
    expect(comment?.['border-left']).toContain('var(--sieve-border)');
  });

  it.each(['light', 'dark'] as const)('keeps every text at 4.5:1 or more (%s scheme)', (name) => {
    const rules = schemeRules(name);
    const swatches: (readonly [string, string | undefined, string | undefined])[] = [
      ...TONES.map((tone) => {
        const colours = rules.get(`${OURS} ${TONED}[data-tone='${tone}']`);
        expect(colours?.['--sieve-border'], tone).toMatch(/^#[0-9a-f]{6}$/);
        return [tone, colours?.['--sieve-text'], colours?.['--sieve-background']] as const;
      }),
      ...['floating-tip', 'action', 'comment'].map((element) => {
        const colours = rules.get(`${OURS} .paper-sieve-${element}`);
        return [element, colours?.color, colours?.background] as const;
      }),
    ];
    for (const [element, text, background] of swatches) {
      expect(text, element).toMatch(/^#[0-9a-f]{6}$/);
      expect(background, element).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrast(text ?? '', background ?? ''), element).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('the annotation code', () => {
  it('reads no layout and parses no HTML', () => {
    const sources = ['annotate.ts', 'badge.ts'].map((file) =>
      readFileSync(resolve(process.cwd(), 'lib/page', file), 'utf8'),
    );
    for (const source of sources) {
      expect(source).not.toMatch(
        /getBoundingClientRect|getComputedStyle|offset(Width|Height|Top|Left)|client(Width|Height)|innerHTML|outerHTML|insertAdjacentHTML/,
      );
    }
  });
});

const STYLESHEET = readFileSync(
  resolve(process.cwd(), 'lib/page/annotation-style.css'),
  'utf8',
).replace(/\/\*[\s\S]*?\*\//g, '');
const DARK = '@media (prefers-color-scheme: dark)';
const OURS = ':is(#dlpage, :root)';
const TONED = ':is(.paper-sieve-badge, .paper-sieve-comment)';
const TONES = ['kept', 'near', 'below', 'author', 'pending', 'error', 'idle'] as const;
// Every tone the badges wear is checked: a new one fails to compile here until it is listed.
const everyTone: [Exclude<BadgeTone, (typeof TONES)[number]>] extends [never] ? true : never = true;
void everyTone;

/**
 * One scheme's rules, selector → declarations, rules of one selector merged in order (as the
 * cascade would): light is the stylesheet outside the dark block, dark the block.
 */
function schemeRules(scheme: 'light' | 'dark'): Map<string, Record<string, string>> {
  const [light = '', dark = ''] = STYLESHEET.split(DARK);
  const rules = new Map<string, Record<string, string>>();
  for (const [, selector = '', body = ''] of (scheme === 'light' ? light : dark).matchAll(
    /([^{}]+)\{([^{}]*)\}/g,
  )) {
    const key = selector.trim().replace(/\s+/g, ' ');
    const declarations = { ...rules.get(key) };
    for (const declaration of body.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon !== -1) {
        declarations[declaration.slice(0, colon).trim()] = declaration.slice(colon + 1).trim();
      }
    }
    rules.set(key, declarations);
  }
  return rules;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

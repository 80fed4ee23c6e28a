import { afterEach, describe, expect, it, vi } from 'vitest';
import { listingEntries } from '../../lib/arxiv/listing';
import { createKeyboardNavigation, KEYBOARD_SHORTCUTS } from '../../lib/page/keyboard';
import { captureOrder, sortByScore } from '../../lib/page/ordering';
import { htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';

/** A listing of four entries (the third not kept) and the fields a reader may type into. */
function fakePage(): { dts: HTMLElement[]; kept: () => HTMLElement[] } {
  const ids = ['2609.00001', '2609.00002', '2609.00003', 'cond-mat/0102536'];
  document.body.innerHTML =
    '<div id="dlpage"><dl>' +
    ids
      .map(
        (id, index) =>
          `<dt data-kept="${index !== 2}"><a name="item${index + 1}">[${index + 1}]</a> ` +
          `<a href="/abs/${id}" title="Abstract" id="${id}">arXiv:${id}</a> ` +
          `[<a href="/pdf/${id}" title="Download PDF">pdf</a>]</dt><dd>Paper ${index + 1}</dd>`,
      )
      .join('') +
    '</dl></div>' +
    '<input id="field"><textarea id="notes"></textarea><select id="choice"><option>a</option></select>' +
    '<div contenteditable="true"><p id="editable">text</p></div><div id="host"></div>';
  const dts = [...document.querySelectorAll<HTMLElement>('dt')];
  const kept = () => [...document.querySelectorAll<HTMLElement>('dt[data-kept="true"]')];
  return { dts, kept };
}

function setUp(keptEntries: () => HTMLElement[], doc: Document = document) {
  const open = vi.fn<(url: string) => void>();
  const onHelp = vi.fn<() => void>();
  const markCurrent = vi.fn<(dt: HTMLElement | null) => void>();
  const navigation = createKeyboardNavigation({ doc, keptEntries, open, onHelp, markCurrent });
  active.push(navigation);
  return { navigation, open, onHelp, markCurrent };
}

const active: { dispose(): void }[] = [];
afterEach(() => {
  for (const navigation of active.splice(0)) navigation.dispose();
  document.body.innerHTML = '';
});

function key(value: string, init: KeyboardEventInit = {}): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: value, bubbles: true, composed: true, ...init });
}

function press(target: EventTarget, value: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = key(value, { cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('keyboard navigation over the kept papers', () => {
  it('lists its keys for the help panel', () => {
    expect(KEYBOARD_SHORTCUTS.map((shortcut) => shortcut.key)).toEqual(['j', 'k', 'o', '?']);
    for (const shortcut of KEYBOARD_SHORTCUTS) expect(shortcut.description).not.toBe('');
  });

  it('j and k step over kept papers only, scroll each into view and stop at the ends', () => {
    const { dts, kept } = fakePage();
    const scroll = vi.spyOn(HTMLElement.prototype, 'scrollIntoView');
    const { navigation, markCurrent } = setUp(kept);
    const current = () => markCurrent.mock.lastCall?.[0];

    expect(navigation.handleKey(key('j'))).toBe(true);
    expect(current()).toBe(dts[0]);
    expect(scroll.mock.contexts.at(-1)).toBe(dts[0]);
    expect(scroll).toHaveBeenLastCalledWith({ block: 'center' });

    navigation.handleKey(key('j'));
    navigation.handleKey(key('j'));
    expect(current()).toBe(dts[3]); // the third paper is not kept
    expect(navigation.handleKey(key('j'))).toBe(true);
    expect(current()).toBe(dts[3]); // no wrapping round to the first
    expect(markCurrent).toHaveBeenCalledTimes(3);

    navigation.handleKey(key('k'));
    navigation.handleKey(key('k'));
    navigation.handleKey(key('k'));
    expect(current()).toBe(dts[0]);
    expect(markCurrent).toHaveBeenCalledTimes(5);
    expect(scroll).toHaveBeenCalledTimes(5);
  });

  it('starts from the first kept paper; without kept papers the keys pass through', () => {
    const { dts, kept } = fakePage();
    const first = setUp(kept);
    first.navigation.handleKey(key('k'));
    expect(first.markCurrent).toHaveBeenLastCalledWith(dts[0]);

    const none = setUp(() => []);
    expect(none.navigation.handleKey(key('j'))).toBe(false);
    expect(none.markCurrent).not.toHaveBeenCalled();
  });

  it('o opens the abstract page of the current paper, old-style ids included', () => {
    const { kept } = fakePage();
    const { navigation, open } = setUp(kept);
    expect(navigation.handleKey(key('o'))).toBe(false); // no current paper yet
    expect(open).not.toHaveBeenCalled();

    navigation.handleKey(key('j'));
    expect(navigation.handleKey(key('o'))).toBe(true);
    expect(open).toHaveBeenLastCalledWith('https://arxiv.org/abs/2609.00001');

    navigation.handleKey(key('j'));
    navigation.handleKey(key('j'));
    navigation.handleKey(key('o'));
    expect(open).toHaveBeenLastCalledWith('https://arxiv.org/abs/cond-mat/0102536');
  });

  it('? asks for help (Shift is how it is typed)', () => {
    const { kept } = fakePage();
    const { navigation, onHelp } = setUp(kept);
    expect(navigation.handleKey(key('?', { shiftKey: true }))).toBe(true);
    expect(onHelp).toHaveBeenCalledTimes(1);
    expect(navigation.handleKey(key('x'))).toBe(false);
  });

  it.each([
    ['Ctrl', { ctrlKey: true }],
    ['Alt', { altKey: true }],
    ['Meta', { metaKey: true }],
  ])('leaves %s combinations to the browser', (_name, modifier) => {
    const { kept } = fakePage();
    const { navigation, markCurrent, onHelp } = setUp(kept);
    for (const value of ['j', 'k', 'o', '?']) {
      expect(navigation.handleKey(key(value, modifier))).toBe(false);
    }
    expect(markCurrent).not.toHaveBeenCalled();
    expect(onHelp).not.toHaveBeenCalled();
  });

  it.each([
    ['an input', () => document.getElementById('field')],
    ['a textarea', () => document.getElementById('notes')],
    ['a select', () => document.getElementById('choice')],
    ['a contenteditable element', () => document.getElementById('editable')],
    ['an input in a shadow root', () => shadowInput()],
  ])('ignores keys typed into %s', (_name, target) => {
    const { kept } = fakePage();
    const { navigation, markCurrent, onHelp } = setUp(kept);
    navigation.install();
    const field = target();
    if (!field) throw new Error('no field');

    for (const value of ['j', 'k', 'o', '?']) {
      expect(press(field, value).defaultPrevented).toBe(false);
    }
    expect(markCurrent).not.toHaveBeenCalled();
    expect(onHelp).not.toHaveBeenCalled();
  });

  it('looks past the shadow host a browser gives as target, to the input typed into', () => {
    const { kept } = fakePage();
    const { navigation, markCurrent } = setUp(kept);
    const input = shadowInput();
    const host = document.getElementById('host');
    // What a listener on the document sees in a browser: the event retargeted to the host.
    const event = key('j');
    Object.defineProperty(event, 'target', { value: host });
    Object.defineProperty(event, 'composedPath', {
      value: () => [input, input?.getRootNode(), host, document.body, document.documentElement],
    });

    expect(navigation.handleKey(event)).toBe(false);
    expect(markCurrent).not.toHaveBeenCalled();
  });

  it('once installed answers the document’s key presses, until disposed', () => {
    const { dts, kept } = fakePage();
    const { navigation, markCurrent } = setUp(kept);
    navigation.install();
    navigation.install();

    expect(press(document.body, 'j').defaultPrevented).toBe(true);
    expect(markCurrent).toHaveBeenCalledTimes(1); // one listener, however often installed
    expect(markCurrent).toHaveBeenLastCalledWith(dts[0]);
    expect(press(document.body, 'x').defaultPrevented).toBe(false);

    navigation.dispose();
    expect(markCurrent).toHaveBeenLastCalledWith(null);
    expect(press(document.body, 'j').defaultPrevented).toBe(false);
    expect(markCurrent).toHaveBeenCalledTimes(2);
  });

  it('goes on from a paper that is no longer kept', () => {
    const { dts, kept } = fakePage();
    const { navigation, markCurrent } = setUp(kept);
    navigation.handleKey(key('j'));
    navigation.handleKey(key('j'));
    expect(markCurrent).toHaveBeenLastCalledWith(dts[1]);

    dts[1]?.setAttribute('data-kept', 'false');
    navigation.handleKey(key('j'));
    expect(markCurrent).toHaveBeenLastCalledWith(dts[3]);
    dts[3]?.setAttribute('data-kept', 'false');
    navigation.handleKey(key('k'));
    expect(markCurrent).toHaveBeenLastCalledWith(dts[0]);
  });
});

describe('keyboard navigation on a reordered page', () => {
  it('keeps the same paper current and steps in the order the page shows now', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    const entries = listingEntries(doc).filter((entry) => entry.section === 0);
    const keptIds = new Set(entries.slice(0, 5).map((entry) => entry.id));
    const kept = () =>
      listingEntries(doc)
        .filter((entry) => keptIds.has(entry.id))
        .map((entry) => entry.dt);
    const { navigation, markCurrent, open } = setUp(kept, doc);
    navigation.handleKey(key('j'));
    navigation.handleKey(key('j'));
    expect(markCurrent).toHaveBeenLastCalledWith(entries[1]?.dt);

    // Reversed scores: the fifth kept paper comes first, the first last.
    const rank = new Map(entries.slice(0, 5).map((entry, index) => [entry.id, index + 1]));
    sortByScore(captureOrder(listingEntries(doc)), (id) => {
      const relevance = rank.get(id);
      return relevance === undefined ? null : { kind: 'scored', relevance, novelty: 0 };
    });
    expect(kept()).toEqual([4, 3, 2, 1, 0].map((index) => entries[index]?.dt));

    navigation.handleKey(key('o'));
    expect(open).toHaveBeenLastCalledWith(`https://arxiv.org/abs/${entries[1]?.id}`);
    navigation.handleKey(key('j'));
    expect(markCurrent).toHaveBeenLastCalledWith(entries[0]?.dt);
    navigation.handleKey(key('k'));
    navigation.handleKey(key('k'));
    expect(markCurrent).toHaveBeenLastCalledWith(entries[2]?.dt);
  });
});

function shadowInput(): HTMLElement | null {
  const host = document.getElementById('host');
  const root = host?.attachShadow({ mode: 'open' });
  if (!root) return null;
  root.innerHTML = '<input id="inner">';
  return root.querySelector('input');
}

import { readDt } from '../arxiv/listing-entry';

/** A key the listing answers to, as the help panel lists it. */
export interface KeyboardShortcut {
  key: string;
  description: string;
}

/** Every key the listing answers to, in the order the help panel shows them. */
export const KEYBOARD_SHORTCUTS: readonly KeyboardShortcut[] = [
  { key: 'j', description: 'Next kept paper' },
  { key: 'k', description: 'Previous kept paper' },
  { key: 'o', description: 'Open the abstract page of the current paper' },
  { key: '?', description: 'Show these keys' },
];

export interface KeyboardNavigationOptions {
  doc: Document;
  /** The `<dt>`s of the kept papers, in the page's current order. */
  keptEntries: () => HTMLElement[];
  open: (url: string) => void;
  onHelp: () => void;
  /** Shows which paper is current; null when none is. */
  markCurrent: (dt: HTMLElement | null) => void;
}

export interface KeyboardNavigation {
  /** Acts on one key press; true when the key was ours and the page should not see it. */
  handleKey(event: KeyboardEvent): boolean;
  /** Listens to the document's key presses (once, however often it is called). */
  install(): void;
  /** Stops listening and unmarks the current paper. */
  dispose(): void;
}

const TYPING_ELEMENTS = new Set(['input', 'textarea', 'select']);
/** Inputs that take no text: a key pressed on one (the bar's Show radios) is not typing. */
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/**
 * j/k move over the kept papers in the order the page shows them now, `o` opens the current
 * paper's abstract page, `?` asks for help. The current paper is an element, not an index, so it
 * stays the same paper when the entries are reordered.
 */
export function createKeyboardNavigation(options: KeyboardNavigationOptions): KeyboardNavigation {
  let current: HTMLElement | null = null;
  let installed = false;

  function handleKey(event: KeyboardEvent): boolean {
    if (event.defaultPrevented || event.isComposing || hasCommandModifier(event)) return false;
    if (isTyping(event, options.doc)) return false;
    switch (event.key) {
      case 'j':
        return step(1);
      case 'k':
        return step(-1);
      case 'o':
        return openCurrent();
      case '?':
        options.onHelp();
        return true;
      default:
        return false;
    }
  }

  function step(direction: 1 | -1): boolean {
    const kept = options.keptEntries();
    const next = current === null ? kept[0] : neighbour(kept, current, direction);
    // At either end the cursor stays where it is: no wrapping round to the other end.
    if (next === undefined) return kept.length > 0;
    current = next;
    options.markCurrent(next);
    next.scrollIntoView({ block: 'center' });
    return true;
  }

  function openCurrent(): boolean {
    const id = current ? abstractIdOf(current) : null;
    if (id === null) return false;
    options.open(`https://arxiv.org/abs/${id}`);
    return true;
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (handleKey(event)) event.preventDefault();
  }

  return {
    handleKey,
    install() {
      if (installed) return;
      installed = true;
      options.doc.addEventListener('keydown', onKeyDown, false);
    },
    dispose() {
      if (installed) options.doc.removeEventListener('keydown', onKeyDown, false);
      installed = false;
      if (current !== null) options.markCurrent(null);
      current = null;
    },
  };
}

/**
 * The kept paper after (or before) `from` in the page as it is now. A paper no longer kept
 * still tells where the reader was: the search goes on from its place on the page.
 */
function neighbour(
  kept: readonly HTMLElement[],
  from: HTMLElement,
  direction: 1 | -1,
): HTMLElement | undefined {
  const index = kept.indexOf(from);
  if (index !== -1) return kept[index + direction];
  if (!from.isConnected) return kept[0];
  const side =
    direction === 1 ? Node.DOCUMENT_POSITION_FOLLOWING : Node.DOCUMENT_POSITION_PRECEDING;
  const onSide = (dt: HTMLElement) => (from.compareDocumentPosition(dt) & side) !== 0;
  return direction === 1 ? kept.find(onSide) : kept.findLast(onSide);
}

/** The id the entry's "Abstract" link names; null for an entry without one. */
function abstractIdOf(dt: HTMLElement): string | null {
  try {
    return readDt(dt).id?.id ?? null;
  } catch {
    return null;
  }
}

/** Ctrl/Alt/Meta combinations belong to the browser and the page; Shift is how `?` is typed. */
function hasCommandModifier(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.altKey || event.metaKey;
}

/** A key typed into a field, anywhere along the path (our own shadow-root UI included). */
function isTyping(event: KeyboardEvent, doc: Document): boolean {
  if (doc.designMode === 'on') return true;
  // The path is empty once dispatch is over; the target is all that is left then.
  const path = event.composedPath();
  const targets = path.length > 0 ? path : [event.target];
  return targets.some((target) => isElement(target) && takesText(target));
}

function takesText(element: Element): boolean {
  if (element.localName === 'input') {
    return !NON_TEXT_INPUTS.has((element as HTMLInputElement).type);
  }
  return TYPING_ELEMENTS.has(element.localName) || (element as HTMLElement).isContentEditable;
}

function isElement(target: EventTarget | null): target is Element {
  return (target as Node | null)?.nodeType === 1;
}

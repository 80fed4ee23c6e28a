/**
 * The badges' tooltip, drawn by one element outside the listing's entries. Entries are
 * paint-contained (entrypoints/arxiv.content/entries.css) and would clip a tooltip drawn inside
 * one; a single element also spares 2000 entries a box each.
 *
 * It shows the text of the badge's own tooltip element (the one its `aria-describedby` names, so
 * screen readers get the same words), just under the badge, while the pointer is on the badge or
 * on the tooltip (so it can be read at leisure), or while the badge has keyboard focus. Escape
 * hides it until the badge loses focus. Layout is read only then, on the reader's move.
 */
export interface FloatingTip {
  /** Shows `badge`'s tooltip, unless dismissed with Escape. */
  show(badge: Element): void;
  hide(): void;
  /** The badge whose tooltip is shown, if any. */
  readonly owner: Element | null;
  /** Whether `node` is inside the tooltip (the pointer moved onto it). */
  contains(node: Node | null): boolean;
  remove(): void;
}

const CLASS = 'paper-sieve-floating-tip';
/** Gap between the badge and its tooltip, px. */
const GAP = 4;

export function createFloatingTip(doc: Document): FloatingTip {
  let tip: HTMLElement | null = null;
  let owner: Element | null = null;

  function element(): HTMLElement {
    if (tip?.isConnected) return tip;
    tip = doc.createElement('div');
    tip.className = CLASS;
    // A copy of the description the badge already names: read once, not twice.
    tip.setAttribute('aria-hidden', 'true');
    tip.hidden = true;
    doc.body.append(tip);
    return tip;
  }

  return {
    show(badge) {
      const describedBy = badge.getAttribute('aria-describedby');
      const text = describedBy ? doc.getElementById(describedBy)?.textContent : null;
      if (!text || badge.hasAttribute('data-tip-dismissed')) return this.hide();
      const shown = element();
      shown.textContent = text;
      const box = badge.getBoundingClientRect();
      const view = doc.defaultView;
      shown.style.left = `${box.left + (view?.scrollX ?? 0)}px`;
      shown.style.top = `${box.bottom + GAP + (view?.scrollY ?? 0)}px`;
      shown.hidden = false;
      owner = badge;
    },
    hide() {
      if (tip) tip.hidden = true;
      owner = null;
    },
    get owner() {
      return owner;
    },
    contains(node) {
      return node !== null && tip !== null && tip.contains(node);
    },
    remove() {
      tip?.remove();
      tip = null;
      owner = null;
    },
  };
}

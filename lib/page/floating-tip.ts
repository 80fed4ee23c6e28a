/**
 * The badges' tooltip, drawn by one element outside the listing's entries. Entries are
 * paint-contained (entrypoints/arxiv.content/entries.css) and would clip a tooltip drawn inside
 * one; a single element also spares 2000 entries a box each.
 *
 * It shows the text of the badge's own tooltip element (the one its `aria-describedby` names, so
 * screen readers get the same words) just under the badge. Layout is read only then, on the
 * reader's move. When it shows and hides is the listeners' call (lib/page/annotate.ts).
 */
export function createFloatingTip(doc: Document) {
  const element = doc.createElement('div');
  element.className = 'paper-sieve-floating-tip';
  // A copy of the description the badge already names: read once, not twice.
  element.setAttribute('aria-hidden', 'true');
  element.hidden = true;
  let owner: Element | null = null;

  return {
    element,
    /** The badge whose tooltip is shown, if any. */
    get owner() {
      return owner;
    },
    /** Shows `badge`'s tooltip, unless Escape dismissed it. */
    show(badge: Element): void {
      const text = doc.getElementById(badge.getAttribute('aria-describedby') ?? '')?.textContent;
      if (!text || badge.hasAttribute('data-tip-dismissed')) return this.hide();
      if (!element.isConnected) doc.body.append(element);
      element.textContent = text;
      const box = badge.getBoundingClientRect();
      const view = doc.defaultView;
      // 4 px under the badge, in page coordinates: it scrolls with the page.
      element.style.left = `${box.left + (view?.scrollX ?? 0)}px`;
      element.style.top = `${box.bottom + 4 + (view?.scrollY ?? 0)}px`;
      element.hidden = false;
      owner = badge;
    },
    hide(): void {
      element.hidden = true;
      owner = null;
    },
  };
}

/**
 * A shadow root of our own before `anchor`, holding `css` and a container to render into:
 * nothing of the page's styles reaches in, nothing of ours leaks out. Hand-made rather than
 * WXT's `createShadowRootUi`, which would add ~9 kB to a content script that runs on every
 * listing visit.
 */
export function mountShadowHost(
  anchor: Element,
  tagName: string,
  css: string,
): { container: HTMLElement; remove: () => void } {
  const doc = anchor.ownerDocument;
  const host = doc.createElement(tagName);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  shadow.append(style, container);
  anchor.before(host);
  return { container, remove: () => host.remove() };
}

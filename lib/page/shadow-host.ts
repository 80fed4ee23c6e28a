/**
 * A shadow root of our own before `anchor`, holding the stylesheet at `cssUrl` and a container
 * to render into: nothing of the page's styles reaches in, nothing of ours leaks out. The host
 * stays hidden until the stylesheet has loaded (or failed to), so the bar never shows unstyled.
 * Hand-made rather than WXT's `createShadowRootUi`, which would add ~9 kB to a content script
 * that runs on every listing visit; and the stylesheet is a file of its own (entrypoints/
 * sieve-bar.css) rather than a string in that script.
 */
export function mountShadowHost(
  anchor: Element,
  tagName: string,
  cssUrl: string,
): { container: HTMLElement; remove: () => void } {
  const doc = anchor.ownerDocument;
  const host = doc.createElement(tagName);
  host.hidden = true;
  const shadow = host.attachShadow({ mode: 'open' });
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = cssUrl;
  const show = () => (host.hidden = false);
  link.addEventListener('load', show, { once: true });
  link.addEventListener('error', show, { once: true });
  const container = doc.createElement('div');
  shadow.append(link, container);
  anchor.before(host);
  return { container, remove: () => host.remove() };
}

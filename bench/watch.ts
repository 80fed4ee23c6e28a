/**
 * What the bench watches in a page, and how it hears of it without running anything there:
 * polling with `waitForFunction` injects Playwright's utility script (~13 ms) and evaluates the
 * predicate in the page, main-thread work that landed in the very window being measured.
 */
import type { Page } from 'playwright-core';

/** Installed before any page script: long tasks, the bar's mount, and when entries got scored. */
export const WATCH_SCRIPT = `(() => {
  const b = (window.__bench = { longtasks: [], barAt: null, firstScoredAt: null, allScoredAt: null, allDecoratedAt: null, expected: 0, scored: new Set(), decorated: new Set() });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  const start = () => {
    b.expected = document.querySelectorAll('#dlpage dt').length;
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'childList') {
          for (const n of r.addedNodes) {
            if (b.barAt === null && n.nodeName === 'PAPER-SIEVE-BAR') { b.barAt = performance.now(); console.timeStamp('sieve-bar'); }
            const dt = n.nodeType === 1 && n.classList.contains('paper-sieve-entry') ? n.closest('dt') : null;
            if (dt && !b.decorated.has(dt)) {
              b.decorated.add(dt);
              if (b.decorated.size === b.expected) { b.allDecoratedAt = performance.now(); console.timeStamp('sieve-decorated'); console.debug('__bench:sieve-decorated'); }
            }
          }
        } else if (r.target.getAttribute('data-sieve-state') === 'scored' && !b.scored.has(r.target)) {
          b.scored.add(r.target);
          if (b.firstScoredAt === null) b.firstScoredAt = performance.now();
          if (b.scored.size === b.expected) { b.allScoredAt = performance.now(); console.timeStamp('sieve-done'); console.debug('__bench:sieve-done'); }
        }
      }
    }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-sieve-state'] });
  };
  document.addEventListener('DOMContentLoaded', start);
})();`;

/** The page's watch script says it saw `name` (`sieve-done`, `sieve-decorated`). */
export function watchSignal(
  page: Page,
  name: 'sieve-done' | 'sieve-decorated',
  timeout: number,
): Promise<unknown> {
  return page.waitForEvent('console', {
    predicate: (message) => message.text() === `__bench:${name}`,
    timeout,
  });
}

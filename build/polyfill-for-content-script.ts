import type { Plugin } from 'vite';

/**
 * webextension-polyfill wraps every API it has metadata for: a table of ~150 methods across 30
 * namespaces, 5 kB of the content script's bundle, which loads on every listing visit. The
 * content script (and WXT's code in it) calls `browser.runtime` only, so its build keeps the
 * table's `runtime` entry and drops the rest; APIs left out of the table are still reachable,
 * just not promise-wrapped. Other bundles keep the whole table.
 *
 * The table is the polyfill's `const apiMetadata = {…};`, generated from its JSON metadata;
 * where it cannot be found or read, the code is left as it is (and the bench shows the size).
 */
export function polyfillForContentScript(keep: readonly string[] = ['runtime']): Plugin {
  return {
    name: 'paper-sieve:polyfill-for-content-script',
    transform(code, id) {
      if (!/webextension-polyfill[\\/]dist[\\/]browser-polyfill(\.min)?\.js$/.test(id)) return null;
      const trimmed = trimApiMetadata(code, keep);
      return trimmed === code ? null : { code: trimmed, map: null };
    },
  };
}

const START = 'const apiMetadata = ';
const END = /\n\s*};\n\s*if \(Object\.keys\(apiMetadata\)\.length === 0\)/;

/** The polyfill's source with its metadata table cut down to the `keep` namespaces. */
export function trimApiMetadata(code: string, keep: readonly string[]): string {
  const start = code.indexOf(START);
  if (start === -1) return code;
  const end = END.exec(code.slice(start));
  if (!end) return code;
  const literalEnd = start + end.index + end[0].indexOf('}') + 1;
  const literal = code.slice(start + START.length, literalEnd);
  let table: Record<string, unknown>;
  try {
    table = JSON.parse(literal) as Record<string, unknown>;
  } catch {
    return code;
  }
  const kept = Object.fromEntries(Object.entries(table).filter(([name]) => keep.includes(name)));
  return code.slice(0, start + START.length) + JSON.stringify(kept) + code.slice(literalEnd);
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { polyfillForContentScript, trimApiMetadata } from '../../build/polyfill-for-content-script';

const source = readFileSync(
  createRequire(import.meta.url).resolve('webextension-polyfill/dist/browser-polyfill.js'),
  'utf8',
);

/** The polyfill's metadata table, as the (trimmed) source declares it. */
function table(code: string): Record<string, unknown> {
  const start = code.indexOf('const apiMetadata = ') + 'const apiMetadata = '.length;
  const end = code.indexOf('if (Object.keys(apiMetadata)', start);
  return JSON.parse(code.slice(start, code.lastIndexOf('}', end) + 1)) as Record<string, unknown>;
}

describe('the content script’s webextension-polyfill', () => {
  it('keeps the runtime namespace’s metadata, whole, and drops the rest', () => {
    const full = table(source);
    expect(Object.keys(full).length).toBeGreaterThan(20);
    const trimmed = trimApiMetadata(source, ['runtime']);
    expect(table(trimmed)).toEqual({ runtime: full['runtime'] });
    expect(source.length - trimmed.length).toBeGreaterThan(10_000);
    // Still a script that parses, with everything after the table as it was.
    expect(() => new Function(trimmed)).not.toThrow();
    expect(trimmed.slice(trimmed.indexOf('if (Object.keys(apiMetadata)'))).toBe(
      source.slice(source.indexOf('if (Object.keys(apiMetadata)')),
    );
  });

  it('leaves code it does not recognise as it is', () => {
    expect(trimApiMetadata('const x = 1;', ['runtime'])).toBe('const x = 1;');
    const broken = source.replace('"alarms": {', '"alarms": {,');
    expect(trimApiMetadata(broken, ['runtime'])).toBe(broken);
  });

  it('transforms the polyfill only', () => {
    const plugin = polyfillForContentScript();
    const transform = plugin.transform as (code: string, id: string) => unknown;
    expect(transform(source, '/x/lib/page/annotate.ts')).toBeNull();
    const result = transform(
      source,
      '/x/node_modules/webextension-polyfill/dist/browser-polyfill.js',
    );
    expect(source.length - (result as { code: string }).code.length).toBeGreaterThan(10_000);
  });
});

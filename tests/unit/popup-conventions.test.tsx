import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The popup's components and helpers get the extension through props (entrypoints/popup/main.tsx
// wires them), so they render in tests with fakes and never reach for the browser themselves.
const ROOT = resolve(__dirname, '../..');
const files = ['components/popup', 'lib/popup'].flatMap((dir) =>
  readdirSync(resolve(ROOT, dir)).map((name) => `${dir}/${name}`),
);

describe('the popup’s house rules', () => {
  it.each(files)('%s uses no browser API', (file) => {
    const source = readFileSync(resolve(ROOT, file), 'utf8');
    expect(source).not.toMatch(
      /from 'wxt\/browser'|\bbrowser\.\w|\bchrome\.\w|navigator\.clipboard/,
    );
  });
});

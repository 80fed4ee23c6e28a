import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The content script runs on every listing visit, and its bundle has a size budget (issue 7): its
// Preact views use the classic JSX runtime, whose `h` is Preact's own createElement, already in
// the bundle; the automatic runtime would add a vnode factory of its own.
const ROOT = resolve(__dirname, '../..');
const views = [
  ...readdirSync(resolve(ROOT, 'components'))
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => `components/${name}`),
  'entrypoints/arxiv.content/index.tsx',
];

describe('the content script’s house rules', () => {
  it.each(views)('%s uses the classic JSX runtime', (file) => {
    const source = readFileSync(resolve(ROOT, file), 'utf8');
    expect(source).toMatch(/^\/\*\* @jsxRuntime classic \*\/$/m);
    expect(source).toMatch(/^\/\*\* @jsx h \*\/$/m);
  });
});

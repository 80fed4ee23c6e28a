import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of a file in the shared fixtures (`<repo>/../shared/fixtures/<relPath>`). */
export function sharedFixturePath(relPath: string): string {
  return resolve(repoRoot, '../shared/fixtures', relPath);
}

/** Text of a shared fixture, e.g. `sharedFixture('arxiv/list-cs-new-2018-07-20-legacy-trimmed.html')`. */
export function sharedFixture(relPath: string): string {
  return readFileSync(sharedFixturePath(relPath), 'utf8');
}

/** Absolute path of a page made by the `scripts/derive-*.mjs` scripts in `tests/fixtures/derived/`. */
export function derivedFixturePath(name: string): string {
  return resolve(repoRoot, 'tests/fixtures/derived', name);
}

/** Text of a page made by the `scripts/derive-*.mjs` scripts in `tests/fixtures/derived/`. */
export function derivedFixture(name: string): string {
  return readFileSync(derivedFixturePath(name), 'utf8');
}

// A window of its own that never fetches the pages' stylesheets and scripts, nor runs them: the
// parser under test reads the DOM only, and failed loads would only add noise to the test output.
const inertWindow = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

/** Parses HTML into an inert document, as `DOMParser` does in a browser. */
export function htmlDocument(html: string): Document {
  const parser = new inertWindow.DOMParser();
  // happy-dom implements the DOM interfaces; its own type declarations just are not lib.dom's.
  return parser.parseFromString(html, 'text/html') as unknown as Document;
}

#!/usr/bin/env node
// Derives one arXiv cs.LG /new listing page per published digest (shared/fixtures/digests/
// YYYY-MM-DD.json), so end-to-end tests can replay a real day: the page lists the digest's papers
// and tests/support/digest-replay.ts answers the model calls with the digest's real labels.
// Each page is written in arXiv's current /new markup, copied from the one real page we have
// (shared/fixtures/arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html): its site chrome
// unchanged, the #dlpage head and the entry layout with the digest's texts put in, HTML-escaped.
//
// Usage: node scripts/derive-digest-fixtures.mjs   (writes tests/fixtures/derived/, same output
// each run, and its own section of tests/fixtures/derived/README.md between two markers)

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const digestDir = resolve(repoRoot, '../shared/fixtures/digests');
const outDir = resolve(repoRoot, 'tests/fixtures/derived');
const readmePath = resolve(outDir, 'README.md');

const SOURCE = 'list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const sourcePath = resolve(repoRoot, '../shared/fixtures/arxiv', SOURCE);
const CATEGORY = 'cs.LG';
const CATEGORY_NAME = 'Machine Learning';
const ARCHIVE = 'cs';

const README_START =
  '<!-- digest-replay pages: start (written by scripts/derive-digest-fixtures.mjs) -->';
const README_END = '<!-- digest-replay pages: end -->';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// The digests carry arXiv's TeX accents (`Zdeborov\'a`); arXiv's pages print them as letters.
const COMBINING = { "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303' };

main();

function main() {
  const source = readSource();
  const digestFiles = readdirSync(digestDir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name))
    .sort();
  expect(digestFiles.length > 0, `no digests in ${digestDir}`);
  mkdirSync(outDir, { recursive: true });
  const pages = digestFiles.map((file) => derivePage(source, file));
  for (const page of pages) writeFileSync(resolve(outDir, page.name), page.html);
  writeReadmeSection(pages);
  console.log(`wrote ${pages.length} pages and their README section to ${outDir}`);
}

// ---------------------------------------------------------------------------------------------
// The real page: chrome around #dlpage, and the head of #dlpage up to the first section

function readSource() {
  const html = readFileSync(sourcePath, 'utf8');
  const dlpageStart = html.indexOf("<div id='dlpage'>");
  const firstList = html.indexOf("      <dl id='articles'>");
  const lastListEnd = html.lastIndexOf('</dl>') + '</dl>'.length;
  const lastMoreFewer = html.lastIndexOf("<div class='morefewer'>");
  const dlpageEnd = html.indexOf('</div>', html.indexOf('</div>', lastMoreFewer) + 1);
  expect(
    dlpageStart > 0 &&
      firstList > dlpageStart &&
      lastListEnd > firstList &&
      dlpageEnd > lastListEnd,
    `${SOURCE}: page layout changed`,
  );
  return {
    prefix: replaceOnce(
      html.slice(0, dlpageStart),
      '<title>Materials Science  </title>',
      `<title>${CATEGORY_NAME}  </title>`,
    ),
    dlpageHead: html.slice(dlpageStart, firstList),
    // The pager after the last section, then the chrome after #dlpage.
    tail: html.slice(lastListEnd, dlpageEnd),
    suffix: html.slice(dlpageEnd),
  };
}

// ---------------------------------------------------------------------------------------------
// One page per digest

function derivePage(source, file) {
  const digest = JSON.parse(readFileSync(resolve(digestDir, file), 'utf8'));
  const date = digest.date;
  expect(`${date}.json` === file, `${file}: its date is ${date}`);
  const papers = [...digest.papers].sort((a, b) => compareArxivIds(a.id, b.id));
  expect(new Set(papers.map((p) => p.id)).size === papers.length, `${file}: repeated ids`);
  const count = papers.length;
  const name = `list-${CATEGORY}-new-derived-from-digest-${date}.html`;

  const head = dlpageHead(source.dlpageHead, date, count);
  const entries = papers.map((paper, i) => entry(paper, i + 1));
  const section =
    `      <dl id='articles'>\n    <h3>New submissions (showing ${count} of ${count} entries)</h3>\n\n\n` +
    `${entries.join('\n')}\n</dl>`;
  const tail = replaceAll(
    replaceOnce(source.tail, 'Total of 101 entries', `Total of ${count} entries`),
    'cond-mat.mtrl-sci',
    CATEGORY,
  );
  const comment = headerComment({ file, date, count, digest });
  const html = `${comment}${source.prefix}${head}${section}${tail}${source.suffix}`;
  return { name, file, date, count, digest, html };
}

/** The real #dlpage head with this category, this day and one section ("New submissions"). */
function dlpageHead(realHead, date, count) {
  let head = realHead;
  head = replaceOnce(head, '<h1>Materials Science</h1>', `<h1>${CATEGORY_NAME}</h1>`);
  // The digest keeps no record of which papers were cross-lists or replacements.
  head = replaceOnce(head, '  <li><a href="#item46">Cross-lists</a></li>\n', '');
  head = replaceOnce(head, '  <li><a href="#item67">Replacements</a></li>\n', '');
  head = replaceOnce(
    head,
    'Showing new listings for Tuesday, 22 September 2026',
    `Showing new listings for ${longDate(date)}`,
  );
  head = replaceOnce(head, 'Total of 101 entries', `Total of ${count} entries`);
  return replaceAll(head, 'cond-mat.mtrl-sci', CATEGORY);
}

/** One `<dt>`/`<dd>` pair in the real page's layout (an entry without arXiv comments). */
function entry(paper, n) {
  const id = escapeHtml(paper.id);
  const authors = paper.authors.map(authorLink).join(', ');
  return [
    '    <dt>',
    `      <a name='item${n}'>[${n}]</a>`,
    `      <a href ="/abs/${id}" title="Abstract" id="${id}">`,
    `        arXiv:${id}`,
    '      </a>',
    '      ',
    `        [<a href="/pdf/${id}" title="Download PDF" id="pdf-${id}" aria-labelledby="pdf-${id}">pdf</a>, ` +
      `<a href="https://arxiv.org/html/${id}v1" title="View HTML" id="html-${id}" aria-labelledby="html-${id}" rel="noopener noreferrer" target="_blank">html</a>, ` +
      `<a href="/format/${id}" title="Other formats" id="oth-${id}" aria-labelledby="oth-${id}">other</a>]`,
    '    </dt>',
    '    <dd>',
    "      <div class='meta'>",
    "        <div class='list-title mathjax'><span class='descriptor'>Title:</span>",
    `          ${escapeHtml(texAccentsToUnicode(paper.title))}`,
    '        </div>',
    `        <div class='list-authors'>${authors}</div>`,
    '',
    '',
    '',
    "        <div class='list-subjects'><span class='descriptor'>Subjects:</span>",
    `          <span class="primary-subject">${CATEGORY_NAME} (${CATEGORY})</span>`,
    '        </div>',
    '',
    "        <p class='mathjax'>",
    `          ${escapeHtml(texAccentsToUnicode(paper.abstract))}`,
    '        </p>',
    '      </div>',
    '    </dd>',
  ].join('\n');
}

/** arXiv links each author to a search for "Surname, Initials" (`query=Upadhyay,+M+V`). */
function authorLink(author) {
  const name = texAccentsToUnicode(author).trim();
  const words = name.split(/\s+/);
  const surname = encodeURIComponent(words.at(-1) ?? name);
  const initials = words.slice(0, -1).map((word) => encodeURIComponent(word.charAt(0)));
  const query = initials.length === 0 ? surname : `${surname},+${initials.join('+')}`;
  const href = `https://arxiv.org/search/${ARCHIVE}?searchtype=author&query=${query}`;
  return `<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>`;
}

// ---------------------------------------------------------------------------------------------
// Text

/** New-style ids by year-month then number; anything else after them, as text. */
function compareArxivIds(a, b) {
  const parse = (id) => /^(\d{4})\.(\d{4,5})$/.exec(id);
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) return Number(pa[1]) - Number(pb[1]) || Number(pa[2]) - Number(pb[2]);
  if (pa || pb) return pa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2025-09-30" → "Tuesday, 30 September 2025", as the /new page's date heading writes it. */
function longDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${day} ${MONTHS[month - 1]} ${year}`;
}

/** `\'a`, `\"{o}`, `\'{\i}`, `\c{C}` → á, ö, í, Ç; TeX math and other macros stay as written. */
function texAccentsToUnicode(text) {
  return text
    .replace(/\\(['`^"~])(?:\{\\i\}|\{([A-Za-z])\}|([A-Za-z]))/g, (_, accent, braced, bare) =>
      `${braced ?? bare ?? 'i'}${COMBINING[accent]}`.normalize('NFC'),
    )
    .replace(/\\c\{([A-Za-z])\}/g, (_, letter) => `${letter}\u0327`.normalize('NFC'));
}

/** Escapes text for HTML as arXiv's templates (Jinja autoescape) do. */
function escapeHtml(text) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&#34;')
    .replaceAll("'", '&#39;');
}

function replaceOnce(text, search, replacement) {
  const at = text.indexOf(search);
  expect(at >= 0 && text.indexOf(search, at + 1) < 0, `expected "${search}" exactly once`);
  return text.replace(search, () => replacement);
}

function replaceAll(text, search, replacement) {
  return text.split(search).join(replacement);
}

function expect(condition, message) {
  if (!condition) throw new Error(`derive-digest-fixtures: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Provenance: the comment atop each page and the README section

function headerComment({ file, date, count, digest }) {
  const text =
    `DERIVED FIXTURE, not served by arXiv. Stands for https://arxiv.org/list/${CATEGORY}/new as ` +
    `announced on ${longDate(date)}.\n` +
    `     Derived from ../shared/fixtures/digests/${file} (the published pipeline's digest of that ` +
    `day, model ${digest.model}) by scripts/derive-digest-fixtures.mjs:\n` +
    `     the digest's ${count} papers (of the day's ${digest.totalPapers}; the digest keeps only ` +
    `the relevant ones) in arXiv id order, with its ids, titles, authors and abstracts\n` +
    `     (TeX accents turned into letters, everything HTML-escaped), written in the entry markup ` +
    `of ../shared/fixtures/arxiv/${SOURCE},\n` +
    `     all in one "New submissions" section with primary subject ${CATEGORY_NAME} ` +
    `(${CATEGORY}); site chrome copied from that page. The digest records no arXiv comments,\n` +
    `     cross-lists, replacements or versions: no entry has comments, html links say v1.`;
  expect(!text.includes('--'), 'an HTML comment may not hold "--"');
  return `<!-- ${text} -->\n`;
}

function writeReadmeSection(pages) {
  const rows = pages.map(
    (page) =>
      `| \`${page.name}\` | \`/list/${CATEGORY}/new\` on ${longDate(page.date)} | ${page.count} | ` +
      `\`../shared/fixtures/digests/${page.file}\` (${page.digest.model}; ` +
      `author matches: ${page.digest.papers.filter((p) => p.authorMatch).length}) |`,
  );
  const section = [
    README_START,
    '## Pages derived from published digests',
    '',
    'Generated by `node scripts/derive-digest-fixtures.mjs`; do not edit by hand (the script',
    'rewrites this section between its markers and leaves the rest of the file alone). Each page',
    'lists the papers of one published digest (`../shared/fixtures/digests/YYYY-MM-DD.json`), in',
    'arXiv id order as a listing has them (the digest is ordered by score), written in the entry',
    `markup of the real page \`../shared/fixtures/arxiv/${SOURCE}\` with its`,
    `site chrome, as one "New submissions" section whose papers all have the primary subject`,
    `${CATEGORY_NAME} (${CATEGORY}). Ids, titles, authors and abstracts are the digest's, TeX`,
    'accents turned into letters as arXiv prints them, all HTML-escaped. The digests keep only the',
    "day's relevant papers and record no arXiv comments, cross-lists, replacements or versions, so",
    'the pages have none of those either (html links say v1). `tests/support/digest-replay.ts`',
    "answers the model's calls about these papers with the digest's real COMMENT, RELEVANCE and",
    'NOVELTY.',
    '',
    '| file | stands for | entries | from |',
    '|---|---|---|---|',
    ...rows,
    README_END,
  ].join('\n');

  const existing = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const start = existing.indexOf(README_START);
  const end = existing.indexOf(README_END);
  let next;
  if (start >= 0 && end > start) {
    next = `${existing.slice(0, start)}${section}${existing.slice(end + README_END.length)}`;
  } else if (existing.trim() === '') {
    next = `${section}\n`;
  } else {
    next = `${existing.replace(/\n*$/, '')}\n\n${section}\n`;
  }
  writeFileSync(readmePath, next);
}

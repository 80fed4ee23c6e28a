#!/usr/bin/env node
// Derives arXiv listing pages the shared fixtures lack (recent, pastweek, month, catchup, an
// empty /new, a malformed /new) from the one real current-design page we have. Entries are the
// real page's own <dt>/<dd> markup, renumbered and without abstracts where arXiv shows none; the
// page around them follows arXiv/arxiv-browse's list templates (list/base.html, list_macros.html,
// recent.html, month.html, new.html, catchup.html) and its list_page/catchup_page controllers.
// Site chrome (head, header, footer) is copied from the real page unchanged.
//
// Usage: node scripts/derive-fixtures.mjs   (writes tests/fixtures/derived/, same output each run)

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedArxiv = resolve(repoRoot, '../shared/fixtures/arxiv');
const outDir = resolve(repoRoot, 'tests/fixtures/derived');
const readmePath = resolve(outDir, 'README.md');
// Other scripts write their own sections of the README: this one rewrites only its own.
const README_START = '<!-- listing pages: start (written by scripts/derive-fixtures.mjs) -->';
const README_END = '<!-- listing pages: end -->';
const README_TITLE = '# Derived listing pages';

const SOURCE = 'list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const CATEGORY = 'cond-mat.mtrl-sci';
const CATEGORY_NAME = 'Materials Science';
const SHOW_VALUES = [5, 10, 25, 50, 100, 250, 500, 1000, 2000];
const RECENT_DEFAULT_SHOW = 25;

// The five announcement days of the derived recent/pastweek pages, newest first, and how many of
// the real page's new submissions and cross-lists each day takes (in page order). The last day
// is empty, as after a holiday, so the "No updates for this time period." case is covered.
const RECENT_DAYS = [
  { day: 'Tue, 22 Sep 2026', news: 19, crosses: 9 },
  { day: 'Mon, 21 Sep 2026', news: 12, crosses: 5 },
  { day: 'Fri, 18 Sep 2026', news: 8, crosses: 4 },
  { day: 'Thu, 17 Sep 2026', news: 6, crosses: 3 },
  { day: 'Wed, 16 Sep 2026', news: 0, crosses: 0 },
];

main();

function main() {
  const source = readSource();
  const pages = [
    recentPage(source, { name: 'list-cond-mat.mtrl-sci-recent-derived-2026-09-22.html' }),
    recentPage(source, {
      name: 'list-cond-mat.mtrl-sci-recent-show100-derived-2026-09-22.html',
      skip: 0,
      show: 100,
    }),
    recentPage(source, {
      name: 'list-cond-mat.mtrl-sci-pastweek-skip25-show25-derived-2026-09-22.html',
      subcontext: 'pastweek',
      skip: 25,
      show: 25,
    }),
    recentPage(source, {
      name: 'list-cond-mat.mtrl-sci-pastweek-skip47-show5-derived-2026-09-22.html',
      subcontext: 'pastweek',
      skip: 47,
      show: 5,
    }),
    monthPage(source),
    catchupPage(source),
    noUpdatesPage(source),
    malformedPage(source),
  ];
  mkdirSync(outDir, { recursive: true });
  for (const page of pages) writeFileSync(resolve(outDir, page.name), page.html);
  writeReadmeSection(readmeSection(pages));
  console.log(`wrote ${pages.length} pages and their README section to ${outDir}`);
}

// ---------------------------------------------------------------------------------------------
// Reading the real page

/** The real page split into chrome before/after #dlpage and its 101 entries, by kind. */
function readSource() {
  const html = readFileSync(resolve(sharedArxiv, SOURCE), 'utf8');
  const dlpageStart = html.indexOf("<div id='dlpage'>");
  const lastMoreFewer = html.lastIndexOf("<div class='morefewer'>");
  const moreFewerEnd = html.indexOf('</div>', lastMoreFewer) + '</div>'.length;
  const dlpageEnd = html.indexOf('</div>', moreFewerEnd);
  expect(dlpageStart > 0 && lastMoreFewer > 0 && dlpageEnd > 0, 'page layout changed');
  const blocks = html.match(/ {4}<dt>\n[\s\S]*?\n {4}<\/dd>/g) ?? [];
  const entries = blocks.map((block) => ({ block, kind: kindOf(block), id: idOf(block) }));
  const byKind = (kind) => entries.filter((entry) => entry.kind === kind);
  const source = {
    prefix: html.slice(0, dlpageStart),
    suffix: html.slice(dlpageEnd),
    news: byKind('new'),
    crosses: byKind('cross'),
    replacements: byKind('rep'),
  };
  const counts = [source.news.length, source.crosses.length, source.replacements.length];
  expect(counts.join() === '45,21,35', `expected 45/21/35 entries, found ${counts.join('/')}`);
  return source;
}

function kindOf(block) {
  if (block.includes('(cross-list from ')) return 'cross';
  if (block.includes('(replaced)')) return 'rep';
  return 'new';
}

function idOf(block) {
  const match = /<a href ="\/abs\/([^"]+)" title="Abstract"/.exec(block);
  expect(match, 'entry without abstract link');
  return match[1];
}

// ---------------------------------------------------------------------------------------------
// Entry edits

/** The entry as arXiv prints it at list position `n` (`<a name='itemN'>[N]</a>`). */
function numbered(entry, n) {
  return replaceOnce(
    entry.block,
    /<a name='item\d+'>\[\d+\]<\/a>/,
    `<a name='item${n}'>[${n}]</a>`,
  );
}

/** Pages other than /new (and catchup with ?abs=True) print no `<p class='mathjax'>` abstract. */
function withoutAbstract(block) {
  return replaceOnce(block, /\n\n {8}<p class='mathjax'>[\s\S]*?<\/p>/, '');
}

function withoutTitle(block) {
  return replaceOnce(block, /\n {8}<div class='list-title mathjax'>[\s\S]*?\n {8}<\/div>/, '');
}

function withoutAbsLink(block) {
  return replaceOnce(
    block,
    /\n {6}<a href ="\/abs\/[^"]+" title="Abstract"[^>]*>[\s\S]*?<\/a>/,
    '',
  );
}

function withoutDd(block) {
  const ddStart = block.indexOf('\n    <dd>');
  expect(ddStart > 0, 'entry without <dd>');
  return block.slice(0, ddStart);
}

function replaceOnce(text, pattern, replacement) {
  expect(pattern.test(text), `pattern ${pattern} not found`);
  return text.replace(pattern, replacement);
}

// ---------------------------------------------------------------------------------------------
// Page pieces (list_macros.html and friends)

/** `item_list(items, heading)`: one `<dl id='articles'>` section. */
function itemList(heading, blocks) {
  const head = heading ? `    <h3>${heading}</h3>\n` : '';
  const empty = blocks.length === 0 ? '\n    <p>No updates for this time period.</p>\n' : '';
  return `\n      <dl id='articles'>\n${head}\n${empty}\n${blocks.join('\n')}\n</dl>\n`;
}

function listUrl(subcontext, skip, show) {
  return `/list/${CATEGORY}/${subcontext}?skip=${skip}&amp;show=${show}`;
}

/** `page_divs()`: the "Total of N entries" pager and the "Showing up to N entries" switch. */
function pageDivs({ count, subcontext, skip, show }) {
  if (count === 0) return '';
  const viewingAll = show >= count;
  const pager = viewingAll ? '' : `:\n${pagerLinks(count, skip, show, subcontext)}\n`;
  const fewer = SHOW_VALUES.find((n, i) => n < show && (SHOW_VALUES[i + 1] ?? 0) >= show);
  const more = SHOW_VALUES.find((n) => n > show && n < count);
  const all = !viewingAll && count < 2000 && show < 2000 ? count : undefined;
  const link = (text, to) =>
    to === undefined
      ? `          <span style="color: #454545">${text}</span>\n`
      : `          <a href=${listUrl(subcontext, skip, to)} rel="nofollow">\n      ${text}</a>\n`;
  return (
    `\n      <div class='paging'>Total of ${count} entries ${pager}\n    </div>\n` +
    `    <div class='morefewer'>Showing up to ${show} entries per page:\n` +
    `${link('fewer', fewer)} |\n${link('more', more)} |\n${link('all', all)}\n    </div>\n`
  );
}

/** paging.py: first page, up to three pages either side of the current one, last page. */
function pagerLinks(count, skip, show, subcontext) {
  const starts = [];
  for (let n = 0; n < count; n += show) starts.push(n);
  const label = (n) => `${n + 1}-${Math.min(count, n + show)}`;
  const link = (n) =>
    `      <a href=${listUrl(subcontext, n, show)} rel="nofollow">${label(n)}</a>`;
  const last = starts[starts.length - 1];
  const before = starts.filter((n) => n > 0 && n < skip && n >= skip - 3 * show);
  const after = starts.filter((n) => n > skip && n <= skip + 3 * show);
  const parts = skip >= show ? [link(0)] : [];
  if (before.length > 0 && before[0] > 3 * show) parts.push('      <span>...</span>');
  parts.push(...before.map(link), `      <span>${label(skip)}</span>`, ...after.map(link));
  const lastAfter = after[after.length - 1];
  if (lastAfter !== undefined && lastAfter < last) parts.push('      <span>...</span>', link(last));
  return parts.join('\n');
}

function page(src, { name, url, description, body, ...counts }) {
  const comment =
    `<!-- DERIVED FIXTURE, not served by arXiv. Stands for ${url}\n` +
    `     Derived from ../shared/fixtures/arxiv/${SOURCE} (the real page's entries, renumbered;\n` +
    `     site chrome copied unchanged) by scripts/derive-fixtures.mjs, following arXiv/arxiv-browse\n` +
    `     list templates. ${description} -->\n`;
  const html = `${comment}${src.prefix}<div id='dlpage'>\n${body}\n${src.suffix}`;
  return { name, url, description, html, ...counts };
}

// ---------------------------------------------------------------------------------------------
// Pages

/** /list/CAT/recent or /pastweek: day sections, paged with ?skip=&show= (sub_sections_for_recent). */
function recentPage(src, { name, subcontext = 'recent', skip = 0, show }) {
  const days = recentDays(src);
  const count = days.reduce((sum, day) => sum + day.entries.length, 0);
  const shown = show ?? RECENT_DEFAULT_SHOW;
  const sections = recentSections(days, skip, shown);
  const query = show === undefined ? '' : `?skip=${skip}&show=${show}`;
  const url = `https://arxiv.org/list/${CATEGORY}/${subcontext}${query}`;

  let index = skip;
  const lists = sections
    .filter((section) => section.visible)
    .map((section) => {
      const blocks = section.entries.map((entry) => withoutAbstract(numbered(entry, ++index)));
      return itemList(section.heading, blocks);
    });
  let cumulative = 0;
  const dayLinks = days.map((day) => {
    const href = listUrl('recent', cumulative, shown);
    cumulative += day.entries.length;
    return `      <li>\n        <a href="${href}" rel="nofollow">\n          ${day.day}\n        </a>\n      </li>`;
  });
  const body =
    `  <h1>${CATEGORY_NAME}</h1>\n\n  <h2>Authors and titles for recent submissions</h2>\n  <ul>\n` +
    `${dayLinks.join('\n')}\n  </ul>\n` +
    `  <p>See today's <a id="new-${CATEGORY}" aria-labelledby="new-${CATEGORY}" href="/list/${CATEGORY}/new">new</a> changes</p>\n` +
    pageDivs({ count, subcontext, skip, show: shown }) +
    lists.join('') +
    pageDivs({ count, subcontext, skip, show: shown });
  const visible = sections.filter((section) => section.visible);
  const perDay = RECENT_DAYS.map((d) => d.news + d.crosses).join('/');
  return page(src, {
    name,
    url,
    description:
      `Five announcement days (${perDay} entries, the last one empty) made of the real page's 45 new ` +
      `submissions and 21 cross-lists in page order (replacements are not listed on recent pages); ` +
      `window skip=${skip}, show=${shown}.`,
    body,
    entries: visible.reduce((sum, section) => sum + section.entries.length, 0),
    sections: visible.map((section) => section.heading),
    total: count,
  });
}

function recentDays(src) {
  let news = 0;
  let crosses = 0;
  return RECENT_DAYS.map(({ day, news: n, crosses: c }) => {
    const entries = [...src.news.slice(news, news + n), ...src.crosses.slice(crosses, crosses + c)];
    news += n;
    crosses += c;
    return { day, entries };
  });
}

/** Which part of each day a ?skip=&show= window shows, and the heading arXiv gives it. */
function recentSections(days, skip, show) {
  let passed = 0;
  let shown = 0;
  return days.map(({ day, entries }) => {
    const count = entries.length;
    const skipped = Math.max(skip - passed, 0);
    const toShow = Math.max(Math.min(count - skipped, show - shown), 0);
    const overskipped = count > 0 ? skip >= passed + count : skip > passed;
    const visible = !overskipped && show !== shown;
    const heading =
      count > 0
        ? `${day} (${showingNote(skipped > 0, skipped + toShow === count)}${toShow} of ${count} entries )`
        : day;
    const section = { heading, visible, entries: entries.slice(skipped, skipped + toShow) };
    passed += count;
    shown += toShow;
    return section;
  });
}

function showingNote(continued, last) {
  if (continued) return last ? 'continued, showing last ' : 'continued, showing ';
  return last ? 'showing ' : 'showing first ';
}

/** /list/CAT/YYYY-MM: one heading-less section, no abstracts (month.html). */
function monthPage(src) {
  const skip = 0;
  const show = 25;
  const all = [...src.news, ...src.crosses];
  const blocks = all
    .slice(skip, skip + show)
    .map((entry, i) => withoutAbstract(numbered(entry, skip + i + 1)));
  const body =
    `  <h1>${CATEGORY_NAME}</h1>\n\n<h2>Authors and titles for September 2026 </h2>\n` +
    pageDivs({ count: all.length, subcontext: '2026-09', skip, show }) +
    itemList('', blocks) +
    pageDivs({ count: all.length, subcontext: '2026-09', skip, show });
  return page(src, {
    name: 'list-cond-mat.mtrl-sci-month-derived-2026-09.html',
    url: `https://arxiv.org/list/${CATEGORY}/2026-09?skip=${skip}&show=${show}`,
    description:
      `A month listing whose ${all.length} entries are the real page's new submissions and ` +
      `cross-lists; this window shows the first ${show}, in one section without heading.`,
    body,
    entries: blocks.length,
    sections: [],
    total: all.length,
  });
}

/** /catchup/CAT/YYYY-MM-DD without ?abs=True: the /new sections, no abstracts (catchup.html). */
function catchupPage(src) {
  const groups = [
    ['New submissions', src.news],
    ['Cross submissions', src.crosses],
    ['Replacement submissions', src.replacements],
  ];
  const count = src.news.length + src.crosses.length + src.replacements.length;
  const headings = groups.map(
    ([label, e]) => `${label} (showing ${e.length} of ${e.length} entries)`,
  );
  let index = 0;
  const lists = groups.map(([, entries], i) => {
    const blocks = entries.map((entry) => withoutAbstract(numbered(entry, ++index)));
    return itemList(headings[i], blocks);
  });
  const crossStart = src.news.length + 1;
  const repStart = crossStart + src.crosses.length;
  const next = `<a href="/catchup/${CATEGORY}/2026-09-23?abs=False&amp;page=1">Continue catchup on Wed, 23 Sep 2026</a>`;
  // catchup.html closes its bottom block with a stray </div> that ends #dlpage early; kept as is.
  const body =
    `  <h1>Catchup results for ${CATEGORY_NAME} on Tue, 22 Sep 2026</h1>\n\n` +
    `    <ul>\n      <li><a href="#item1">New submissions</a></li>\n` +
    `      <li><a href="#item${crossStart}">Cross-lists</a></li>\n` +
    `      <li><a href="#item${repStart}">Replacements</a></li>\n    </ul>\n\n` +
    `    <div>\n      Total of ${count} entries \n      \n      <br>\n        ${next}\n    </div>\n` +
    lists.join('') +
    `\n    <div></div>\n      Total of ${count} entries \n      \n      <br>\n        ${next}\n    </div>\n`;
  return page(src, {
    name: 'catchup-cond-mat.mtrl-sci-derived-2026-09-22.html',
    url: `https://arxiv.org/catchup/${CATEGORY}/2026-09-22`,
    description: `All ${count} entries of the real page in its three sections, without abstracts.`,
    body,
    entries: count,
    sections: headings,
    total: count,
  });
}

/** /list/CAT/new on a day the category had nothing: "No updates today." (new.html). */
function noUpdatesPage(src) {
  const body =
    `  <h1>${CATEGORY_NAME}</h1>\n\n<ul>\n</ul>\n\n` +
    `<p>See <a id="recent-${CATEGORY}" aria-labelledby="recent-${CATEGORY}" href="/list/${CATEGORY}/recent">recent</a> articles</p>\n` +
    `<h3>Showing new listings for Wednesday, 23 September 2026</h3>\n\n\n    <p>No updates today.</p>\n\n`;
  return page(src, {
    name: 'list-cond-mat.mtrl-sci-new-no-updates-derived-2026-09-23.html',
    url: `https://arxiv.org/list/${CATEGORY}/new`,
    description: 'A /new page with no entries at all: no sections, no pager.',
    body,
    entries: 0,
    sections: [],
    total: null,
  });
}

/** A /new page with broken entries and headings arXiv never prints, for robustness tests. */
function malformedPage(src) {
  const [first, second, third, fourth, fifth] = src.news;
  const newBlocks = [
    numbered(first, 1),
    withoutTitle(numbered(second, 2)),
    withoutDd(numbered(third, 3)),
    numbered(fourth, 4),
    withoutAbsLink(numbered(fifth, 5)),
    numbered(first, 6),
  ];
  const crossBlocks = src.crosses.slice(0, 2).map((entry, i) => numbered(entry, 7 + i));
  const updatedBlocks = src.replacements.slice(0, 2).map((entry, i) => numbered(entry, 9 + i));
  const mixedBlocks = [numbered(src.news[5], 11), numbered(src.replacements[2], 12)];
  const sections = [
    ['New submissions (showing 6 of 6 entries)', newBlocks],
    ['Cross submissions (showing 2 of 2 entries)', crossBlocks],
    ['Updated submissions (showing 2 of 2 entries)', updatedBlocks],
    ['Editor&#39;s picks (showing 2 of 2 entries)', mixedBlocks],
  ];
  const count = sections.reduce((sum, [, blocks]) => sum + blocks.length, 0);
  const body =
    `  <h1>${CATEGORY_NAME}</h1>\n\n` +
    `<h3>Showing new listings for Tuesday, 22 September 2026</h3>\n\n` +
    `      <div class='paging'>Total of ${count} entries \n    </div>\n` +
    sections.map(([heading, blocks]) => itemList(heading, blocks)).join('');
  return page(src, {
    name: 'list-cond-mat.mtrl-sci-new-malformed-derived-2026-09-22.html',
    url: `https://arxiv.org/list/${CATEGORY}/new`,
    description:
      'Deliberately broken: item 2 has no title, item 3 is a `<dt>` without `<dd>`, item 5 has no ' +
      'abstract link (no id), item 6 repeats item 1\'s id; "Updated submissions" (all replaced) and ' +
      '"Editor\'s picks" (new and replaced mixed) are headings arXiv does not print.',
    body,
    entries: count,
    sections: sections.map(([heading]) => heading.replace('&#39;', "'")),
    total: count,
  });
}

// ---------------------------------------------------------------------------------------------

function readmeSection(pages) {
  const rows = pages.map(
    (p) =>
      `| \`${p.name}\` | \`${p.url.replace('https://arxiv.org', '')}\` | ${p.entries} | ${p.total ?? '—'} | ${p.sections.length === 0 ? '—' : p.sections.map((s) => `\`${s}\``).join('<br>')} | ${p.description} |`,
  );
  return `${README_START}
${README_TITLE}

Generated by \`node scripts/derive-fixtures.mjs\` (also \`npm run fixtures\`); do not edit by hand
(the script rewrites this section between its markers and leaves the rest of the file alone).
arXiv served none of these pages. Each is built from the entries of the real page
\`../shared/fixtures/arxiv/${SOURCE}\` (their \`<dt>\`/\`<dd>\` markup kept byte for byte, renumbered,
abstracts removed where arXiv shows none) inside the markup of arXiv/arxiv-browse's list templates
(\`list/base.html\`, \`list_macros.html\`, \`recent.html\`, \`month.html\`, \`new.html\`, \`catchup.html\`)
and headings computed as its \`list_page\` controller does. Head, site header and footer are the
real page's. Each file starts with an HTML comment saying the same.

"Entries" counts the \`<dt>\`s on the page; "Total" is the page's "Total of N entries".

| file | stands for | entries | total | sections | how |
|---|---|---|---|---|---|
${rows.join('\n')}
${README_END}`;
}

/** Puts this script's section first in the README, or in its old place, keeping the others. */
function writeReadmeSection(section) {
  const existing = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const start = existing.indexOf(README_START);
  const end = existing.indexOf(README_END);
  let next;
  if (start >= 0 && end > start) {
    next = `${existing.slice(0, start)}${section}${existing.slice(end + README_END.length)}`;
  } else {
    // A copy written before the markers existed opened the file and ran up to the next section.
    const nextMarker = existing.indexOf('<!--');
    const others = existing.startsWith(README_TITLE)
      ? existing.slice(nextMarker === -1 ? existing.length : nextMarker)
      : existing;
    next = others.trim() === '' ? `${section}\n` : `${section}\n\n${others.replace(/^\n+/, '')}`;
  }
  writeFileSync(readmePath, next);
}

function expect(condition, message) {
  if (!condition) throw new Error(`derive-fixtures: ${message}`);
}

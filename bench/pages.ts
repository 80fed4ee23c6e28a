/**
 * Listing pages of any size, for the benchmark and the e2e tests of long pages (worker stops, a
 * 400-entry page): the real "New submissions" entries of a 2026 cond-mat.mtrl-sci page,
 * repeated, each copy with an id of its own: `2609.{firstId + i}`.
 */
import { sharedFixture } from '../tests/support/fixtures.ts';

export interface BenchListing {
  html: string;
  ids: string[];
}

const SOURCE = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';

export function bigListing(papers: number, firstId: number): BenchListing {
  const source = sharedFixture(SOURCE);
  const firstList = source.indexOf("<dl id='articles'>");
  const lastListEnd = source.lastIndexOf('</dl>') + '</dl>'.length;
  const newSection = source.slice(firstList, source.indexOf('</dl>', firstList));
  const entries = [...newSection.matchAll(/<dt>[\s\S]*?<\/dd>/g)].map((match) => match[0]);
  if (entries.length === 0) throw new Error(`No entries found in ${SOURCE}`);

  const ids: string[] = [];
  const blocks: string[] = [];
  for (let i = 0; i < papers; i++) {
    const entry = entries[i % entries.length]!;
    const original = /title="Abstract" id="([^"]+)"/.exec(entry)![1]!;
    const id = `2609.${String(firstId + i).padStart(5, '0')}`;
    ids.push(id);
    blocks.push(
      entry
        .replaceAll(original, id)
        .replace(/<a name='item\d+'>\[\d+\]<\/a>/, `<a name='item${i + 1}'>[${i + 1}]</a>`),
    );
  }
  const html =
    source.slice(0, firstList) +
    `<dl id='articles'>\n    <h3>New submissions (showing ${papers} of ${papers} entries)</h3>\n` +
    blocks.join('\n') +
    '\n</dl>' +
    source.slice(lastListEnd);
  return { html, ids };
}

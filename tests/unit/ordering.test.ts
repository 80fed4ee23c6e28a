import { describe, expect, it, vi } from 'vitest';
import { listingEntries, type ListingEntry } from '../../lib/arxiv/listing';
import { captureOrder, restoreOrder, sortByScore } from '../../lib/page/ordering';
import { rankJudgements, type RankedFields } from '../../lib/scoring/rank';
import { derivedFixture, htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const LEGACY = 'arxiv/list-cs-new-2018-07-20-legacy-trimmed.html';
const RECENT = 'list-cond-mat.mtrl-sci-recent-show100-derived-2026-09-22.html';
const MALFORMED = 'list-cond-mat.mtrl-sci-new-malformed-derived-2026-09-22.html';

const PAGES: [name: string, html: () => string][] = [
  ['current design (<h3> inside each <dl>)', () => sharedFixture(CURRENT)],
  ['legacy design (<h3> before plain <dl>s)', () => sharedFixture(LEGACY)],
  ['recent page (day sections, an empty last day)', () => derivedFixture(RECENT)],
  ['malformed page (a <dt> without <dd>, no id, a repeated id)', () => derivedFixture(MALFORMED)],
];

/** Scores that spread the papers, leave about one in seven unscored and make a few author matches. */
function scoreTable(entries: readonly ListingEntry[]): Map<string, RankedFields> {
  const table = new Map<string, RankedFields>();
  for (const id of entries.map((entry) => entry.id)) {
    if (id === null) continue;
    const hash = [...id].reduce((sum, char, index) => sum + char.charCodeAt(0) * (index + 3), 0);
    if (hash % 7 === 0) continue;
    const kind = hash % 11 === 0 ? 'author-match' : 'scored';
    table.set(id, {
      kind,
      relevance: kind === 'author-match' ? null : (hash % 10) + 1,
      novelty: kind === 'author-match' ? null : (Math.floor(hash / 10) % 10) + 1,
    });
  }
  return table;
}

function lookup(table: ReadonlyMap<string, RankedFields>) {
  return (id: string) => table.get(id) ?? null;
}

/** Each section's `<dt>`s as the parser reads the page now. */
function dtsBySection(doc: Document): HTMLElement[][] {
  const sections: HTMLElement[][] = [];
  for (const entry of listingEntries(doc)) (sections[entry.section] ??= []).push(entry.dt);
  return sections;
}

/** What each section should read after sorting: ranked scored papers, then the rest as arXiv had them. */
function expectedBySection(
  entries: readonly ListingEntry[],
  table: ReadonlyMap<string, RankedFields>,
): HTMLElement[][] {
  const sections: ListingEntry[][] = [];
  for (const entry of entries) (sections[entry.section] ??= []).push(entry);
  return sections.map((section) => {
    const scored = section.flatMap((entry) => {
      const score = entry.id === null ? undefined : table.get(entry.id);
      return score ? [{ ...score, dt: entry.dt }] : [];
    });
    const unscored = section.filter((entry) => entry.id === null || !table.has(entry.id));
    return [...rankJudgements(scored).map((item) => item.dt), ...unscored.map((entry) => entry.dt)];
  });
}

/** Every node of the document in document order: equal lists mean every parent's children are. */
function allNodes(root: Node): Node[] {
  const nodes: Node[] = [root];
  for (let child = root.firstChild; child; child = child.nextSibling)
    nodes.push(...allNodes(child));
  return nodes;
}

function childSequences(entries: readonly ListingEntry[]): Map<Node, Node[]> {
  const parents = new Set(entries.map((entry) => entry.dt.parentNode).filter((node) => !!node));
  return new Map([...parents].map((parent) => [parent, [...parent.childNodes]]));
}

function headingPlaces(doc: Document): [Node | null, Node | null, Node | null][] {
  return [...doc.querySelectorAll('h3')].map((h3) => [
    h3.parentNode,
    h3.previousSibling,
    h3.nextSibling,
  ]);
}

function load(html: string) {
  const doc = htmlDocument(html);
  const entries = listingEntries(doc);
  return { doc, entries, table: scoreTable(entries) };
}

describe.each(PAGES)('reordering the %s', (_name, html) => {
  it('orders each section by score, the unscored after the scored in arXiv’s order', () => {
    const { doc, entries, table } = load(html());
    const kinds = [...table.values()].map((score) => score.kind);
    expect(kinds).toContain('author-match');
    expect(table.size).toBeLessThan(new Set(entries.map((entry) => entry.id)).size);
    const order = captureOrder(entries);
    expect(order.entryCount).toBe(entries.length);

    expect(sortByScore(order, lookup(table))).toBe(true);

    expect(dtsBySection(doc)).toEqual(expectedBySection(entries, table));
    expect(dtsBySection(doc)).not.toEqual(expectedBySection(entries, new Map()));
    expect(order.arrangement).toBe('score');
  });

  it('keeps the headings, the entries, each <dt> with its <dd>, the anchors and every node', () => {
    const { doc, entries, table } = load(html());
    const headings = headingPlaces(doc);
    const nodesBefore = allNodes(doc);
    const anchors = [...doc.querySelectorAll('a[name^="item"]')];
    const dtCount = doc.querySelectorAll('dt').length;
    const ddCount = doc.querySelectorAll('dd').length;

    sortByScore(captureOrder(entries), lookup(table));

    expect(headingPlaces(doc)).toEqual(headings);
    expect(doc.querySelectorAll('dt')).toHaveLength(dtCount);
    expect(doc.querySelectorAll('dd')).toHaveLength(ddCount);
    for (const entry of entries) {
      if (entry.dd) expect(entry.dt.nextElementSibling).toBe(entry.dd);
    }
    for (const anchor of anchors) {
      expect(doc.querySelector(`a[name="${anchor.getAttribute('name')}"]`)).toBe(anchor);
    }
    const nodesAfter = allNodes(doc);
    expect(nodesAfter).toHaveLength(nodesBefore.length);
    expect(new Set(nodesAfter)).toEqual(new Set(nodesBefore));
  });

  it('restores every parent’s exact child sequence', () => {
    const { doc, entries, table } = load(html());
    const sequences = childSequences(entries);
    const nodesBefore = allNodes(doc);
    const order = captureOrder(entries);

    sortByScore(order, lookup(table));
    expect(restoreOrder(order)).toBe(true);

    for (const [parent, children] of sequences) expect([...parent.childNodes]).toEqual(children);
    expect(allNodes(doc)).toEqual(nodesBefore);
    expect(order.arrangement).toBe('arxiv');
  });

  it('sorts and restores idempotently: sort → restore → sort reads the same', () => {
    const { doc, entries, table } = load(html());
    const order = captureOrder(entries);
    const arxivOrder = allNodes(doc);

    sortByScore(order, lookup(table));
    const sorted = allNodes(doc);
    expect(sortByScore(order, lookup(table))).toBe(false);
    expect(allNodes(doc)).toEqual(sorted);

    restoreOrder(order);
    expect(restoreOrder(order)).toBe(false);
    expect(allNodes(doc)).toEqual(arxivOrder);

    sortByScore(order, lookup(table));
    expect(allNodes(doc)).toEqual(sorted);
  });

  it('sorting again as scores arrive reads as sorting once with all of them', () => {
    const { doc, entries, table } = load(html());
    const firstHalf = new Map([...table].slice(0, Math.ceil(table.size / 2)));
    const order = captureOrder(entries);

    sortByScore(order, lookup(firstHalf));
    expect(dtsBySection(doc)).toEqual(expectedBySection(entries, firstHalf));
    sortByScore(order, lookup(table));

    expect(dtsBySection(doc)).toEqual(expectedBySection(entries, table));
  });
});

describe('arXiv markup around the entries', () => {
  it('keeps the current design’s <h3> first in its <dl>, before the entries', () => {
    const { doc, entries, table } = load(sharedFixture(CURRENT));
    sortByScore(captureOrder(entries), lookup(table));

    const lists = [...doc.querySelectorAll('dl')];
    expect(lists).toHaveLength(3);
    for (const dl of lists) expect(dl.firstElementChild?.localName).toBe('h3');
  });

  it('keeps the legacy <h3> right before its <dl>', () => {
    const { doc, entries, table } = load(sharedFixture(LEGACY));
    sortByScore(captureOrder(entries), lookup(table));

    for (const dl of doc.querySelectorAll('dl')) {
      expect(dl.previousElementSibling?.localName).toBe('h3');
      expect(dl.firstElementChild?.localName).toBe('dt');
    }
  });

  it('moves a <dt> without <dd> alone and ranks the entry without id with the unscored', () => {
    const { doc, entries } = load(derivedFixture(MALFORMED));
    const [item1, , item3, item4, item5, item6] = entries;
    expect(item3?.dd).toBeNull();
    expect(item5?.id).toBeNull();
    expect(item6?.id).toBe(item1?.id);
    const table = new Map<string, RankedFields>([
      [item3?.id ?? '', { kind: 'scored', relevance: 9, novelty: 9 }],
      [item4?.id ?? '', { kind: 'scored', relevance: 8, novelty: 8 }],
      [item1?.id ?? '', { kind: 'scored', relevance: 7, novelty: 7 }],
    ]);

    sortByScore(captureOrder(entries), lookup(table));

    // Items 1 and 6 share an id and so a score; item 2 is unscored; item 5 has no id at all.
    const order = [item3, item4, item1, item6, entries[1], item5].map((entry) => entry?.dt);
    expect(dtsBySection(doc)[0]).toEqual(order);
    expect(item3?.dt.nextElementSibling).toBe(item4?.dt);
    expect(item4?.dt.nextElementSibling).toBe(item4?.dd);
  });

  it('leaves headings, comments and text between entries where they are', () => {
    const doc = htmlDocument(
      '<div id="dlpage"><dl>\n<h3>New submissions</h3>\n' +
        entryHtml(1) +
        '\n<!-- kept -->\n' +
        entryHtml(2) +
        '\n' +
        entryHtml(3) +
        '\n<h3>Cross submissions</h3>\n' +
        entryHtml(4) +
        '\n' +
        entryHtml(5) +
        '\n</dl></div>',
    );
    const dl = doc.querySelector('dl');
    const describeChildren = () =>
      [...(dl?.childNodes ?? [])].map((node) =>
        node.nodeType === 1
          ? `${(node as Element).localName}:${node.textContent?.trim()}`
          : node.nodeType === 8
            ? `<!--${node.textContent?.trim()}-->`
            : '~',
      );
    const order = captureOrder(listingEntries(doc));

    sortByScore(order, (id) => ({ kind: 'scored', relevance: Number(id.slice(-1)), novelty: 1 }));

    expect(describeChildren()).toEqual([
      '~',
      'h3:New submissions',
      '~',
      'dt:[3] 2609.00003',
      'dd:Paper 3',
      '~',
      '<!--kept-->',
      '~',
      'dt:[2] 2609.00002',
      'dd:Paper 2',
      '~',
      'dt:[1] 2609.00001',
      'dd:Paper 1',
      '~',
      'h3:Cross submissions',
      '~',
      'dt:[5] 2609.00005',
      'dd:Paper 5',
      '~',
      'dt:[4] 2609.00004',
      'dd:Paper 4',
      '~',
    ]);
  });

  it('moves MathJax’s typeset nodes with their entry instead of re-creating them', () => {
    const { doc, entries, table } = load(sharedFixture(CURRENT));
    const typeset = entries.map((entry) => {
      const title = entry.dd?.querySelector('.list-title');
      const math = doc.createElement('mjx-container');
      math.className = 'MathJax';
      title?.append(math);
      return { title, math };
    });
    const order = captureOrder(entries);

    sortByScore(order, lookup(table));
    restoreOrder(order);
    sortByScore(order, lookup(table));

    for (const { title, math } of typeset) {
      expect(math.parentNode).toBe(title);
      expect(title?.isConnected).toBe(true);
    }
  });
});

describe('moving the nodes', () => {
  it('inserts once per parent, even for 2000 entries', () => {
    const entriesHtml = Array.from({ length: 2000 }, (_, index) => entryHtml(index + 1));
    const doc = htmlDocument(
      `<div id="dlpage"><dl><h3>New submissions</h3>\n${entriesHtml.join('\n')}\n</dl></div>`,
    );
    const dl = doc.querySelector('dl');
    if (!dl) throw new Error('no <dl>');
    const entries = listingEntries(doc);
    const order = captureOrder(entries);
    const insertBefore = vi.spyOn(dl, 'insertBefore');
    const appendChild = vi.spyOn(dl, 'appendChild');

    sortByScore(order, (id) => ({
      kind: 'scored',
      relevance: Number(id.slice(-2)) % 10,
      novelty: 1,
    }));
    expect(insertBefore).toHaveBeenCalledTimes(1);
    restoreOrder(order);
    expect(insertBefore).toHaveBeenCalledTimes(2);
    expect(appendChild).not.toHaveBeenCalled();

    expect(dl.querySelectorAll('dt')).toHaveLength(2000);
    expect(listingEntries(doc).map((entry) => entry.dt)).toEqual(entries.map((entry) => entry.dt));
  });

  it('takes out only the stretch that changes; a <dl> whose order holds is not touched', async () => {
    const doc = htmlDocument(
      `<div id="dlpage"><dl>${[1, 2, 3, 4, 5].map(entryHtml).join('')}</dl>` +
        `<dl>${[6, 7].map(entryHtml).join('')}</dl></div>`,
    );
    const [first, second] = [...doc.querySelectorAll('dl')];
    const entries = listingEntries(doc);
    const order = captureOrder(entries);
    const removed: Node[] = [];
    const observer = new (doc.defaultView as unknown as typeof globalThis).MutationObserver(
      (records) => records.forEach((record) => removed.push(...record.removedNodes)),
    );
    if (first) observer.observe(first, { childList: true });
    if (second) observer.observe(second, { childList: true });

    // Items 3 and 4 swap; items 1, 2 and 5 keep their places, so does the second <dl>.
    const relevance = [5, 4, 2, 3, 1, 2, 1];
    sortByScore(order, (id) => ({
      kind: 'scored',
      relevance: relevance[Number(id.slice(-1)) - 1] ?? null,
      novelty: 1,
    }));
    await Promise.resolve();
    observer.disconnect();

    const moved = entries.filter((entry) => removed.includes(entry.dt)).map((entry) => entry.id);
    expect(moved).toEqual(['2609.00003', '2609.00004']);
    expect(
      dtsBySection(doc)
        .flat()
        .map((dt) => dt.textContent?.trim()),
    ).toEqual(
      ['[1] 2609.00001', '[2] 2609.00002', '[4] 2609.00004', '[3] 2609.00003'].concat([
        '[5] 2609.00005',
        '[6] 2609.00006',
        '[7] 2609.00007',
      ]),
    );
  });

  it('gives focus back to a link it moved', () => {
    const { doc, entries } = load(sharedFixture(CURRENT));
    const last = entries[44];
    const link = last?.dd?.querySelector<HTMLElement>('a');
    if (!link) throw new Error('no link in the last new submission');
    link.focus();
    expect(doc.activeElement).toBe(link);

    sortByScore(captureOrder(entries), (id) =>
      id === last?.id ? { kind: 'author-match', relevance: null, novelty: null } : null,
    );

    expect(dtsBySection(doc)[0]?.[0]).toBe(last?.dt);
    expect(doc.activeElement).toBe(link);
  });
});

/** A minimal current-design entry: `[n]`, an Abstract link and a title. */
function entryHtml(n: number): string {
  const id = `2609.${String(n).padStart(5, '0')}`;
  return (
    `<dt><a name="item${n}">[${n}]</a> <a href="/abs/${id}" title="Abstract">${id}</a></dt>` +
    `<dd><div class="list-title mathjax">Paper ${n}</div></dd>`
  );
}

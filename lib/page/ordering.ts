import type { ListingEntry } from '../arxiv/listing-walk';
import { rankJudgements, type RankedFields } from '../scoring/rank';

// The page is arXiv's: reordering only moves the nodes it found (never clones or re-parses them,
// so anchors, links and typeset MathJax survive) and leaves every other node where it was.

/** What ordering needs of a listing entry; `listingEntries(doc)` gives these. */
export type ListingEntryLike = Pick<ListingEntry, 'dt' | 'dd' | 'id' | 'section'>;

/** One entry as it moves: its `<dt>`, whatever lies before its `<dd>`, and the `<dd>`. */
interface EntryBlock {
  entry: ListingEntryLike;
  nodes: Node[];
}

/** The entries of one parent element (a `<dl>`) and the nodes between them. */
interface ParentGroup {
  parent: Node;
  /**
   * arXiv's sequence from the first entry to the last: null where an entry's block goes, any
   * other node (text, comment, a heading between entries) as itself, to stay where it is.
   */
  sequence: (Node | null)[];
  /** The blocks in arXiv's order: the n-th null of `sequence` held `slots[n]`. */
  slots: EntryBlock[];
  /** Where each slot is in `sequence`. */
  positions: number[];
  /** The block each slot holds now. */
  current: EntryBlock[];
}

/** arXiv's order of a listing page's entries, to sort them and put them back. */
export interface PageOrder {
  readonly groups: readonly ParentGroup[];
  /** Entries captured (each moved with its `<dd>`, if it has one). */
  readonly entryCount: number;
  /** How the page is ordered now. */
  arrangement: 'arxiv' | 'score';
}

/** Records, per parent element, arXiv's sequence of entries and of the nodes between them. */
export function captureOrder(entries: readonly ListingEntryLike[]): PageOrder {
  const byParent = new Map<Node, Map<Node, ListingEntryLike>>();
  for (const entry of entries) {
    const parent = entry.dt.parentNode;
    if (!parent) continue;
    let dts = byParent.get(parent);
    if (!dts) byParent.set(parent, (dts = new Map()));
    if (!dts.has(entry.dt)) dts.set(entry.dt, entry);
  }
  const groups = [...byParent].map(([parent, dts]) => groupOf(parent, dts));
  const entryCount = groups.reduce((count, group) => count + group.slots.length, 0);
  return { groups, entryCount, arrangement: 'arxiv' };
}

/**
 * Orders the entries of each section by `rankJudgements`, the unscored after the scored in
 * arXiv's order. Ranks from arXiv's order every time, so it can be called again as scores
 * arrive. Returns whether anything moved.
 */
export function sortByScore(
  order: PageOrder,
  scoreOf: (paperId: string) => RankedFields | null,
): boolean {
  order.arrangement = 'score';
  let moved = false;
  for (const group of order.groups) {
    if (arrange(group, rankedSlots(group, scoreOf))) moved = true;
  }
  return moved;
}

/** Puts every captured entry back in arXiv's order. Returns whether anything moved. */
export function restoreOrder(order: PageOrder): boolean {
  order.arrangement = 'arxiv';
  let moved = false;
  for (const group of order.groups) {
    if (arrange(group, group.slots)) moved = true;
  }
  return moved;
}

function groupOf(parent: Node, dts: Map<Node, ListingEntryLike>): ParentGroup {
  const sequence: (Node | null)[] = [];
  const slots: EntryBlock[] = [];
  // Walking the children (not the entries given) puts the blocks in document order.
  for (let node = parent.firstChild; node;) {
    const entry = dts.get(node);
    if (!entry) {
      sequence.push(node);
      node = node.nextSibling;
      continue;
    }
    const block = blockOf(entry, dts);
    sequence.push(null);
    slots.push(block);
    node = block.nodes[block.nodes.length - 1]?.nextSibling ?? null;
  }
  // Nodes before the first entry (a current-design <dl>'s <h3>) and after the last are not ours.
  const first = sequence.indexOf(null);
  const last = sequence.lastIndexOf(null);
  const trimmed = sequence.slice(first, last + 1);
  const positions = trimmed.flatMap((item, index) => (item === null ? [index] : []));
  return { parent, sequence: trimmed, slots, positions, current: [...slots] };
}

/** The `<dt>` through its own `<dd>`; a `<dt>` without one moves alone. */
function blockOf(entry: ListingEntryLike, dts: Map<Node, ListingEntryLike>): EntryBlock {
  const alone = { entry, nodes: [entry.dt] };
  if (!entry.dd || entry.dd.parentNode !== entry.dt.parentNode) return alone;
  const nodes: Node[] = [entry.dt];
  for (let node = entry.dt.nextSibling; node && !dts.has(node); node = node.nextSibling) {
    nodes.push(node);
    if (node === entry.dd) return { entry, nodes };
  }
  return alone;
}

/** The block each slot gets when every section of the group is ranked by score. */
function rankedSlots(
  group: ParentGroup,
  scoreOf: (paperId: string) => RankedFields | null,
): EntryBlock[] {
  const slotsBySection = new Map<number, number[]>();
  group.slots.forEach((block, slot) => {
    const slots = slotsBySection.get(block.entry.section);
    if (slots) slots.push(slot);
    else slotsBySection.set(block.entry.section, [slot]);
  });
  const target = [...group.slots];
  for (const slots of slotsBySection.values()) {
    const blocks = slots.map((slot) => group.slots[slot]).filter((block) => block !== undefined);
    const ranked = rankBlocks(blocks, scoreOf);
    slots.forEach((slot, index) => {
      const block = ranked[index];
      if (block) target[slot] = block;
    });
  }
  return target;
}

function rankBlocks(
  blocks: EntryBlock[],
  scoreOf: (paperId: string) => RankedFields | null,
): EntryBlock[] {
  const scored: (RankedFields & { block: EntryBlock })[] = [];
  const unscored: EntryBlock[] = [];
  for (const block of blocks) {
    const score = block.entry.id === null ? null : scoreOf(block.entry.id);
    if (score) {
      const { kind, relevance, novelty } = score;
      scored.push({ kind, relevance, novelty, block });
    } else unscored.push(block);
  }
  return [...rankJudgements(scored).map((item) => item.block), ...unscored];
}

/**
 * Moves the group's nodes so that each slot holds `target`'s block, in one insertion. Only the
 * stretch from the first slot that changes to the last is taken out: entries already in place
 * stay in the document (keeping their focus, selection and layout).
 */
function arrange(group: ParentGroup, target: readonly EntryBlock[]): boolean {
  const first = target.findIndex((block, slot) => block !== group.current[slot]);
  if (first === -1) return false;
  let last = target.length - 1;
  while (last > first && target[last] === group.current[last]) last -= 1;

  const stretch = group.sequence.slice(group.positions[first], (group.positions[last] ?? 0) + 1);
  const moving = new Set<Node>();
  for (const item of stretch) if (item !== null) moving.add(item);
  for (const block of group.current.slice(first, last + 1)) {
    for (const node of block.nodes) moving.add(node);
  }
  const anchor = nodeAfter(group.current[last], moving);

  const { parent } = group;
  const doc = parent.ownerDocument ?? (parent as Document);
  const focused = doc.activeElement;
  const fragment = doc.createDocumentFragment();
  let slot = first;
  for (const item of stretch) {
    const nodes = item === null ? (target[slot++]?.nodes ?? []) : [item];
    for (const node of nodes) fragment.appendChild(node);
  }
  parent.insertBefore(fragment, anchor?.parentNode === parent ? anchor : null);
  group.current = [...target];
  // Taking a node out of the document blurs it; a reader tabbing through links keeps their place.
  if (focused && focused !== doc.activeElement && parent.contains(focused)) {
    (focused as Partial<HTMLElement>).focus?.({ preventScroll: true });
  }
  return true;
}

/** The first node after a block that is not about to move: where the moved stretch goes back. */
function nodeAfter(block: EntryBlock | undefined, moving: ReadonlySet<Node>): Node | null {
  let node = block?.nodes[block.nodes.length - 1]?.nextSibling ?? null;
  // Only a page changed by someone else puts one of the moving nodes here; skip past them.
  while (node && moving.has(node)) node = node.nextSibling;
  return node;
}

import { it } from 'vitest';
import { captureOrder, sortByScore, restoreOrder } from '../../lib/page/ordering';
import { listingEntries } from '../../lib/arxiv/listing';
import { htmlDocument } from '../support/fixtures';

it('probe', () => {
  const parts: string[] = [];
  for (let i = 1; i <= 2000; i++) parts.push(`\n <dt><a name="item${i}">[${i}]</a> <a href="/abs/2609.${String(10000 + i)}" title="Abstract">x</a></dt>\n <dd><div class="meta"><div class="list-title">T${i}</div></div></dd>`);
  const doc = htmlDocument(`<div id="dlpage"><dl id="articles"><h3>New submissions</h3>${parts.join('')}\n</dl></div>`);
  const entries = listingEntries(doc);
  let t = performance.now();
  const order = captureOrder(entries);
  console.log('capture', entries.length, performance.now() - t);
  t = performance.now();
  sortByScore(order, (id) => ({ kind: 'scored', relevance: Number(id.slice(-1)), novelty: Number(id.slice(-2, -1)) }));
  console.log('sort', performance.now() - t);
  t = performance.now();
  restoreOrder(order);
  console.log('restore', performance.now() - t);
});

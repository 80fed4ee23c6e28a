import { describe, expect, it } from 'vitest';
import { publishedDollars } from '../../lib/digest/cents';
import { digestMarkdown } from '../../lib/digest/markdown';
import type { Digest, DigestPaper } from '../../lib/digest/types';
import {
  digestFromPublished,
  publishedJson,
  publishedMarkdownBytes,
  PUBLISHED_DATES,
} from '../support/published-digest';

const PROMPT = { system: 'System line.', user: '## Instructions\n\n[PAPER LIST HERE]' };

function paper(overrides: Partial<DigestPaper> = {}): DigestPaper {
  return {
    rank: 1,
    id: '2510.09660',
    title: 'A Title',
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'An abstract.',
    comment: 'Model Architecture: a comment.',
    relevance: 9,
    novelty: 8,
    authorMatch: false,
    ...overrides,
  };
}

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    date: '2025-10-16',
    pages: [],
    model: 'gpt-5',
    tokens: { prompt: 1, cachedPrompt: 0, completion: 2, reasoning: 0 },
    cost: { prompt: 0, completion: 0, total: 0, priced: true },
    totals: { onPage: 1, scanned: 1, relevant: 1 },
    papers: [paper()],
    selectionPrompt: PROMPT,
    ...overrides,
  };
}

/** The Markdown of a one-paper digest whose paper has these fields. */
function renderPaper(fields: Partial<DigestPaper>): string {
  return digestMarkdown(digest({ papers: [paper(fields)] }));
}

/** The usage table: the lines between the title and the totals. */
function usageTable(markdown: string): string {
  return markdown.split('\n\n')[1] ?? '';
}

describe('digestMarkdown reproduces the published digests', () => {
  it.each(PUBLISHED_DATES)('%s byte for byte', (date) => {
    const published = publishedMarkdownBytes(date);
    const markdown = digestMarkdown(digestFromPublished(publishedJson(date)));
    // The string comparison shows where they differ; the bytes rule out any encoding difference.
    expect(markdown).toBe(published.toString('utf8'));
    expect(Buffer.from(markdown, 'utf8').equals(published)).toBe(true);
  });

  it('ends an author match after its comment, with no score lines (2025-10-14, rank 1)', () => {
    const markdown = digestMarkdown(digestFromPublished(publishedJson('2025-10-14')));
    expect(markdown).toContain('**Comment:** Author match\n\n\n\n---\n\n## 2. [LOTION');
  });

  it('lays out a day with nothing kept as the pipeline did', () => {
    const markdown = digestMarkdown(
      digest({ papers: [], totals: { onPage: 964, scanned: 548, relevant: 0 } }),
    );
    expect(markdown).toContain(
      'Total relevant papers: 0\n\n**Table of contents with paper titles:**\n\n\n\n---\n\n\n\n---\n\n# Paper Selection Prompt\n\n## System Prompt\n\n> System line.\n\n## User Prompt\n\n> ## Instructions\n> \n> [PAPER LIST HERE]',
    );
    expect(markdown.endsWith('> [PAPER LIST HERE]')).toBe(true);
  });
});

describe('the usage table', () => {
  // Expected tables printed by tabulate 0.8.9 called as the pipeline called it (tablefmt
  // "github"), with the separator row centred as the pipeline then rewrote it.
  it.each([
    {
      model: 'gpt-5-mini-2025-08-07',
      tokens: [123456789, 98765432],
      cost: [123.456, 0],
      table: [
        '| *[gpt-5-mini-2025-08-07]*   | Prompt    | Completion   | Total     |',
        '|:---------------------------:|:---------:|:------------:|:---------:|',
        '| **Token**                   | 123456789 | 98765432     | 222222221 |',
        '| **Cost**                    | $123.46   | $0.0         | $123.46   |',
      ],
    },
    {
      model: 'o',
      tokens: [1, 2],
      cost: [0, 0],
      table: [
        '| *[o]*     | Prompt   | Completion   | Total   |',
        '|:---------:|:--------:|:------------:|:-------:|',
        '| **Token** | 1        | 2            | 3       |',
        '| **Cost**  | $0.0     | $0.0         | $0.0    |',
      ],
    },
  ])('sizes its columns as tabulate did ($model)', ({ model, tokens, cost, table }) => {
    const [prompt = 0, completion = 0] = tokens;
    const [promptCost = 0, completionCost = 0] = cost;
    const markdown = digestMarkdown(
      digest({
        model,
        tokens: { prompt, cachedPrompt: 0, completion, reasoning: 0 },
        cost: {
          prompt: promptCost,
          completion: completionCost,
          total: promptCost + completionCost,
          priced: true,
        },
      }),
    );
    expect(usageTable(markdown)).toBe(table.join('\n'));
  });

  it('rounds the total from the unrounded parts, as the pipeline did', () => {
    const cost = { prompt: 0.004, completion: 0.004, total: 0.008, priced: true };
    expect(usageTable(digestMarkdown(digest({ cost })))).toContain(
      '| **Cost**    | $0.0     | $0.0         | $0.01   |',
    );
  });

  it('prints no dollar figure when a price is unknown', () => {
    const cost = { prompt: 0.2, completion: 1.1, total: 1.3, priced: false };
    expect(usageTable(digestMarkdown(digest({ cost })))).toContain(
      '| **Cost**    | n/a      | n/a          | n/a     |',
    );
  });

  it('keeps a pipe or bracket in the model name inside its cell', () => {
    const table = usageTable(digestMarkdown(digest({ model: 'evil|model](x)' })));
    expect(table.split('\n')[0]).toBe(
      '| *[evil&#124;model&#93;(x)]*   | Prompt   | Completion   | Total   |',
    );
  });
});

describe('publishedDollars', () => {
  // Expectations from Python: f"${round(x, 2)}" for the float x.
  it.each([
    [1.7, '$1.7'],
    [0, '$0.0'],
    [10, '$10.0'],
    [0.14, '$0.14'],
    [0.125, '$0.12'],
    [0.375, '$0.38'],
    [0.625, '$0.62'],
    [0.875, '$0.88'],
    [0.615, '$0.61'],
    [1.005, '$1.0'],
    [2.675, '$2.67'],
    [0.005, '$0.01'],
    [0.025, '$0.03'],
    [0.004999, '$0.0'],
    [123.456, '$123.46'],
  ])('prints %s as %s', (amount, printed) => {
    expect(publishedDollars(amount)).toBe(printed);
  });
});

describe('text from outside stays text', () => {
  // What a hostile title, abstract, comment or author list is written as.
  it.each([
    {
      field: 'title',
      input: '<script>alert(1)</script>',
      written: '&lt;script>alert(1)&lt;/script>',
    },
    {
      field: 'title',
      input: 'x <img src=x onerror=alert(1)>',
      written: 'x &lt;img src=x onerror=alert(1)>',
    },
    {
      field: 'title',
      input: 'Click](javascript:alert(1)) [me',
      written: 'Click&#93;(javascript:alert(1)) &#91;me',
    },
    { field: 'title', input: 'Ends in a backslash \\', written: 'Ends in a backslash &#92;' },
    { field: 'title', input: 'Two\nlines\r\n  here', written: 'Two lines here' },
    {
      field: 'abstract',
      input: 'See [the code](javascript:alert(1)) now',
      written: 'See [the code&#93;(javascript:alert(1)) now',
    },
    {
      field: 'abstract',
      input: 'A pixel ![](https://tracker.example/p.png) here',
      written: 'A pixel ![&#93;(https://tracker.example/p.png) here',
    },
    {
      field: 'abstract',
      input: 'Go <javascript:alert(1)>',
      written: 'Go &lt;javascript:alert(1)>',
    },
    { field: 'abstract', input: 'A [ref] [x] link', written: 'A [ref&#93; [x] link' },
    { field: 'abstract', input: '<!-- hide the rest', written: '&lt;!-- hide the rest' },
    {
      field: 'abstract',
      input: '[a](&#106;avascript:alert(1))',
      written: '[a&#93;(&amp;#106;avascript:alert(1))',
    },
    { field: 'abstract', input: 'A &amp; B &lt;i&gt;', written: 'A &amp;amp; B &amp;lt;i&amp;gt;' },
    {
      field: 'comment',
      input: '<b onmouseover=alert(1)>x</b>',
      written: '&lt;b onmouseover=alert(1)>x&lt;/b>',
    },
    {
      field: 'comment',
      input: 'New paragraph\n\n# Heading\n> quote',
      written: 'New paragraph # Heading > quote',
    },
    { field: 'authors', input: '<svg/onload=alert(1)>', written: '&lt;svg/onload=alert(1)>' },
  ] as const)('$field $input', ({ field, input, written }) => {
    const markdown = renderPaper(field === 'authors' ? { authors: [input] } : { [field]: input });
    expect(markdown).toContain(written);
    expect(foreignMarkup(markdown)).toEqual([]);
  });

  it('leaves the characters the published data has where they cannot form markup', () => {
    const text =
      "compression ($m > d_{\\text{model}}$), within <1% gap, ``quoted'', W[1]-hard, $[0,1]^d$, $|V|$, Architecture & Efficiency, xFlickr&CO., Nystr\\\"om, **bold**, *_x_*, #3";
    const markdown = renderPaper({
      title: text.replace(/[[\]]/g, ''),
      abstract: text,
      comment: text,
    });
    expect(markdown).toContain(`**Abstract:** ${text}\n`);
    expect(markdown).toContain(`**Comment:** ${text}\n`);
    expect(markdown).toContain(`[${text.replace(/[[\]]/g, '')}](https://arxiv.org/abs/2510.09660)`);
  });

  it('percent-encodes an id that is not an arXiv id in the link, and writes it as text', () => {
    const markdown = renderPaper({ id: 'x) <b>y' });
    expect(markdown).toContain('](https://arxiv.org/abs/x%29%20%3Cb%3Ey) <a id="link1"></a>');
    expect(markdown).toContain('**ArXiv ID:** x) &lt;b>y');
  });

  it('keeps old-style ids readable in the link', () => {
    expect(renderPaper({ id: 'hep-th/9901001' })).toContain(
      '](https://arxiv.org/abs/hep-th/9901001) <a id="link1"></a>',
    );
  });

  it('keeps the prompt Markdown but turns its HTML and links off', () => {
    const selectionPrompt = {
      system: 'Papers come in <paper id="…"> blocks.',
      user: '## Topics\n\n**Bold** [x](javascript:alert(1))\n[x]: javascript:alert(1)',
    };
    const markdown = digestMarkdown(digest({ selectionPrompt }));
    expect(markdown).toContain('> Papers come in &lt;paper id="…"> blocks.');
    expect(markdown).toContain(
      '> ## Topics\n> \n> **Bold** [x&#93;(javascript:alert(1))\n> [x&#93;: javascript:alert(1)',
    );
    expect(foreignMarkup(markdown)).toEqual([]);
  });
});

/**
 * Markup in the Markdown that the format does not put there itself: an HTML tag, comment or
 * declaration other than the papers' anchors, and any link but the arXiv and table-of-contents
 * ones. Scanned without a renderer, on the rules CommonMark and HTML share.
 */
function foreignMarkup(markdown: string): string[] {
  const found: string[] = [];
  for (const match of markdown.matchAll(/<[A-Za-z/!?][^\n]{0,20}/g)) {
    if (!/^<a id="link\d+"><\/a>|^<\/a>/.test(match[0])) found.push(match[0]);
  }
  for (const match of markdown.matchAll(/\][ \t]*[([:][^\n]{0,30}/g)) {
    if (!/^\]\((?:https:\/\/arxiv\.org\/abs\/|#user-content-link\d+\))/.test(match[0])) {
      found.push(match[0]);
    }
  }
  return found;
}

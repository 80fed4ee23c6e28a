import { publishedDollars } from './cents';
import { inlineText, linkText, markdownBlock, tableCellText } from './markdown-escape';
import type { Digest, DigestPaper } from './types';

// The published pipeline's daily Markdown, which readers and scripts rely on, reproduced to the
// byte: its sections joined by blank lines, no final newline, papers separated by `---`.

// Not in the published format, which always had an abstract: what a title-only paper shows.
const NO_ABSTRACT = '(not available)';
// An unknown price has no honest dollar figure.
const UNPRICED = 'n/a';

/** The digest in the published Markdown format, with every outside text kept inert. */
export function digestMarkdown(digest: Digest): string {
  return [
    `# Personalized Daily ArXiv Papers ${inlineText(digest.date)}`,
    usageTable(digest),
    `Total arXiv papers: ${digest.totals.onPage}`,
    `Total scanned papers: ${digest.totals.scanned}`,
    `Total relevant papers: ${digest.totals.relevant}`,
    '**Table of contents with paper titles:**',
    digest.papers.map(contentsEntry).join('\n\n'),
    '---',
    digest.papers.map(paperSection).join('\n\n---\n\n'),
    '---',
    '# Paper Selection Prompt',
    '## System Prompt',
    quoted(digest.selectionPrompt.system),
    '## User Prompt',
    quoted(digest.selectionPrompt.user),
  ].join('\n\n');
}

function usageTable({ model, tokens, cost }: Digest): string {
  const dollars = (amount: number) => (cost.priced ? publishedDollars(amount) : UNPRICED);
  return pipeTable(
    [`*[${tableCellText(model)}]*`, 'Prompt', 'Completion', 'Total'],
    [
      [
        '**Token**',
        `${tokens.prompt}`,
        `${tokens.completion}`,
        `${tokens.prompt + tokens.completion}`,
      ],
      ['**Cost**', dollars(cost.prompt), dollars(cost.completion), dollars(cost.total)],
    ],
  );
}

// The pipeline's table: tabulate's "github" format with every cell left-aligned (its columns mix
// numbers and strings), each column as wide as its widest cell and at least its header plus two,
// then the separator row rewritten to centre every column.
function pipeTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(length(title) + 2, ...rows.map((row) => length(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => pad(cell, widths[column] ?? 0)).join(' | ')} |`;
  const separator = `|${widths.map((width) => `:${'-'.repeat(width)}:`).join('|')}|`;
  return [line(header), separator, ...rows.map(line)].join('\n');
}

// Python's len: code points, not UTF-16 units.
function length(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - length(text)));
}

function contentsEntry(paper: DigestPaper): string {
  return `${paper.rank}. [${linkText(paper.title)}](#user-content-link${paper.rank})\n${authorsLine(paper)}`;
}

function paperSection(paper: DigestPaper): string {
  const abstract = paper.abstract === null ? NO_ABSTRACT : inlineText(paper.abstract);
  // An author match the model was not asked about has no scores: the pipeline left both lines
  // out, so its section ends with the blank line after the comment.
  const scores =
    paper.relevance !== null && paper.novelty !== null
      ? `**Relevance:** ${paper.relevance}\n**Novelty:** ${paper.novelty}`
      : '';
  return [
    `## ${paper.rank}. [${linkText(paper.title)}](${absUrl(paper.id)}) <a id="link${paper.rank}"></a>`,
    `**ArXiv ID:** ${inlineText(paper.id)}`,
    authorsLine(paper),
    `**Abstract:** ${abstract}`,
    `**Comment:** ${inlineText(paper.comment)}`,
    scores,
  ].join('\n\n');
}

function authorsLine(paper: DigestPaper): string {
  return `**Authors:** ${inlineText(paper.authors.join(', '))}`;
}

// Ids are `2510.09660` or `hep-th/9901001`; anything else is percent-encoded, parentheses too,
// so it cannot end the link's destination early.
function absUrl(id: string): string {
  const path = id
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
  return `https://arxiv.org/abs/${path}`;
}

// Every line behind `> `, blank ones as `> ` too, as the pipeline quoted its prompt.
function quoted(text: string): string {
  return markdownBlock(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

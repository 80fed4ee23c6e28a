// Titles, authors and abstracts come from arXiv pages anyone can submit to, and comments from a
// model those abstracts can talk to: in the Markdown they must stay text, whatever renders it.
// The published digests print the real data raw, `<4-bit`, `>4%`, `A & B`, `W[1]-hard`, LaTeX
// backslashes and all, so only what could become markup is touched, and by character references
// (`&lt;`, `&#93;`), which every renderer shows as the character and which a stray backslash in
// the text cannot undo, as it could a backslash escape:
// - `<` only where HTML would open a tag, comment or declaration (before a letter, `/`, `!`, `?`):
//   that also disables `<javascript:…>` autolinks. A lone `>` then closes nothing.
// - `&` only where it would start a character reference (`&amp;`, `&#60;`), so the text shows as
//   written instead of being decoded.
// - `]` before `(`, `[` or `:`, so no inline link, image, reference link or link definition can
//   form (`[x](javascript:…)`, `![](https://tracker/…)`, `[x]: javascript:…` in the prompt); a
//   bracket elsewhere stays, as without a definition `[x]` alone links nowhere.
// - line breaks become spaces: each field owns one line of the format.
// Emphasis, code spans and the like are left alone: at worst they change how text looks.

const LINE_BREAK = /[ \t]*(?:(?:\r\n?|\n)[ \t]*)+/g;
const REFERENCE_START = /&(?=#\d+;|#[xX][\dA-Fa-f]+;|[A-Za-z][A-Za-z\d]*;)/g;
const TAG_START = /<(?=[A-Za-z/!?])/g;
const LINK_CLOSE = /\](?=[ \t]*[([:])/g;

/** Plain text for one line of the digest (authors, abstract, comment): shown, never interpreted. */
export function inlineText(text: string): string {
  return withoutMarkup(text.replace(LINE_BREAK, ' '));
}

/**
 * Plain text inside a link's `[…]` (titles) or the table's `*[model]*`: every bracket is a
 * reference, so nothing can end the link early or nest another, and a final backslash cannot
 * escape the `]` that follows.
 */
export function linkText(text: string): string {
  return inlineText(text).replace(/\[/g, '&#91;').replace(/\]/g, '&#93;').replace(/\\$/, '&#92;');
}

/** Text for a cell of the usage table: link text whose pipes cannot split the cell. */
export function tableCellText(text: string): string {
  return linkText(text).replace(/\|/g, '&#124;');
}

/**
 * Markdown meant to render (the selection prompt's headings, lists and bold), with HTML and links
 * turned off as in plain text; its lines are kept.
 */
export function markdownBlock(text: string): string {
  return withoutMarkup(text.replace(/\r\n?/g, '\n'));
}

function withoutMarkup(text: string): string {
  return text
    .replace(REFERENCE_START, '&amp;')
    .replace(TAG_START, '&lt;')
    .replace(LINK_CLOSE, '&#93;');
}

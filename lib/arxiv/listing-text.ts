// Matches what `\s+` would replace except a lone space, spelt as an explicit class: V8 runs this
// several times faster than `\s+` on abstract-sized text, which dominates a 2000-entry page.
const WHITESPACE_TO_COLLAPSE =
  /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]\s*| \s+/g;
const NON_WHITESPACE = /\S/;
const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
/** The first character code above ASCII space that `\s` matches: 0x21–0x9f never are. */
const NBSP = 0xa0;

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function normaliseWhitespace(text: string): string {
  return text.replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}

/** True when the text has anything but whitespace: `normaliseWhitespace(text) !== ''`. */
export function hasText(text: string): boolean {
  // Most text opens with ASCII whitespace, if any, then a printable ASCII character: no
  // regular expression needed then (it runs for every field of every entry on the page).
  let at = 0;
  while (at < text.length && isAsciiWhitespace(text.charCodeAt(at))) at++;
  if (at === text.length) return false;
  return text.charCodeAt(at) < NBSP || NON_WHITESPACE.test(text);
}

/** Tab, line feed, vertical tab, form feed, carriage return and space. */
function isAsciiWhitespace(code: number): boolean {
  return code === SPACE || (code >= TAB && code <= CARRIAGE_RETURN);
}

/** `classList.contains('descriptor')`, without making a DOMTokenList unless the name is there. */
function isDescriptor(element: Element): boolean {
  const names = element.getAttribute('class') ?? '';
  if (names === 'descriptor') return true;
  return names.includes('descriptor') && element.classList.contains('descriptor');
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * The text of a listing field as arXiv wrote it: `<span class="descriptor">` labels left out and,
 * where MathJax has already typeset the page, the TeX source instead of the rendered glyphs.
 * `walk` says whether the field may hold typeset math or line breaks; callers reading several
 * fields of one entry can check that once for the whole entry with `needsNodeWalk`.
 */
export function fieldText(element: Element, walk = needsNodeWalk(element)): string {
  return normaliseWhitespace(rawFieldText(element, walk));
}

/**
 * `fieldText` before its whitespace is collapsed: `normaliseWhitespace` of it is `fieldText`.
 * The content script reads this and leaves the collapsing to the background, off the page.
 */
export function rawFieldText(element: Element, walk = needsNodeWalk(element)): string {
  if (!walk) return withoutLabel(element);
  const parts: string[] = [];
  collectText(element, parts);
  return parts.join('');
}

/**
 * True when the element holds typeset math, raw MathML or line breaks, whose text needs a walk
 * over the nodes; plain text (the usual, un-typeset case) is read far faster from textContent.
 * MathJax 2 always leaves a `<script type="math/tex">` beside its output, MathJax 3 an
 * `<mjx-container>`, so tag names are enough to tell.
 */
export function needsNodeWalk(element: Element): boolean {
  return element.querySelector('script, mjx-container, math, br') !== null;
}

/** What `needsNodeWalk` looks for, inside any `<dd>`: one selector for a whole page. */
export const NODE_WALK_IN_DD = 'dd script, dd mjx-container, dd math, dd br';

/**
 * textContent without its leading `<span class="descriptor">` label ("Title:"), whitespace as
 * on the page. The label usually opens the field, and then the field is the text after it: a
 * slice, which V8 makes without copying, where joining would copy the text.
 */
function withoutLabel(element: Element): string {
  const text = element.textContent ?? '';
  const first = element.firstElementChild;
  if (first === null || !isDescriptor(first)) return text;
  const label = first.textContent ?? '';
  if (label === '') return text;
  // The usual case: the label opens the field (indexOf would find it at 0).
  if (text.startsWith(label)) return text.slice(label.length);
  const at = text.indexOf(label);
  return at === -1 ? text : text.slice(0, at) + ' ' + text.slice(at + label.length);
}

function collectText(node: Node, parts: string[]): void {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      parts.push(child.nodeValue ?? '');
    } else if (child.nodeType === ELEMENT_NODE) {
      collectElementText(child as Element, parts);
    }
  }
}

function collectElementText(element: Element, parts: string[]): void {
  const tag = element.localName;
  if (tag === 'script') {
    parts.push(mathJax2Source(element));
  } else if (tag === 'mjx-container') {
    parts.push(mathJax3Source(element));
  } else if (tag === 'math') {
    const tex = normaliseWhitespace(mathMlToTex(element));
    parts.push(tex === '' ? '' : `$${tex}$`);
  } else if (tag === 'br') {
    parts.push(' ');
  } else if (!isSkipped(element)) {
    collectText(element, parts);
  }
}

/** Labels ("Title:") and MathJax's typeset output, whose source is kept elsewhere. */
function isSkipped(element: Element): boolean {
  const tag = element.localName;
  if (tag === 'style' || tag === 'noscript' || tag.startsWith('mjx-')) return true;
  for (const name of Array.from(element.classList)) {
    if (name === 'descriptor' || name.startsWith('MathJax') || name.startsWith('MJX')) return true;
    if (name.startsWith('mjx-')) return true;
  }
  return false;
}

/** MathJax 2 moves each formula's TeX into `<script type="math/tex">`, delimiters removed. */
function mathJax2Source(script: Element): string {
  const type = (script.getAttribute('type') ?? '').toLowerCase();
  if (!type.startsWith('math/tex')) return '';
  const tex = (script.textContent ?? '').trim();
  if (tex === '') return '';
  return type.includes('mode=display') ? `$$${tex}$$` : `$${tex}$`;
}

/**
 * MathJax 3 keeps the TeX only in page memory, out of reach of a content script. Its assistive
 * MathML is in the DOM, though: use a TeX annotation when present, else rebuild rough TeX from
 * the MathML so scripts and fractions stay legible.
 */
function mathJax3Source(container: Element): string {
  const display = container.getAttribute('display') === 'true';
  const wrap = (tex: string) => (tex === '' ? '' : display ? `$$${tex}$$` : `$${tex}$`);
  const annotation = container.querySelector('annotation[encoding="application/x-tex"]');
  if (annotation) return wrap(normaliseWhitespace(annotation.textContent ?? ''));
  const math = container.querySelector('math');
  if (math) return wrap(normaliseWhitespace(mathMlToTex(math)));
  return normaliseWhitespace(container.getAttribute('aria-label') ?? '');
}

function mathMlToTex(element: Element): string {
  const kids = Array.from(element.children);
  const arg = (index: number) => {
    const kid = kids[index];
    return kid ? mathMlToTex(kid) : '';
  };
  switch (element.localName) {
    case 'mi':
    case 'mn':
    case 'mo':
    case 'mtext':
      return element.textContent ?? '';
    case 'msup':
      return `${arg(0)}^{${arg(1)}}`;
    case 'msub':
      return `${arg(0)}_{${arg(1)}}`;
    case 'msubsup':
      return `${arg(0)}_{${arg(1)}}^{${arg(2)}}`;
    case 'mfrac':
      return `\\frac{${arg(0)}}{${arg(1)}}`;
    case 'msqrt':
      return `\\sqrt{${kids.map(mathMlToTex).join('')}}`;
    case 'annotation':
    case 'annotation-xml':
      return '';
    default:
      return kids.map(mathMlToTex).join('');
  }
}

import { describe, expect, it } from 'vitest';
import { listingEntries, parseListing } from '../../lib/arxiv/listing';
import { walkListing } from '../../lib/arxiv/listing-walk';
import {
  fieldText,
  hasText,
  normaliseWhitespace,
  rawFieldText,
} from '../../lib/arxiv/listing-text';
import { htmlDocument, sharedFixture } from '../support/fixtures';

// A live arXiv page runs MathJax over `.mathjax` elements after load. These tests typeset real
// entries the way MathJax does and check that the parser still reads the TeX the page was
// served with, not the rendered glyphs.
const CURRENT_NEW = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const CROSS_LIST_ID = '2609.22118'; // abstract: "… linear ($R^2$ = 0.991) … 1201.2 $\pm$ 1.3° …"
const LATEX_TITLE_ID = '2510.01881'; // title: "… layered Cr$_2$Ge$_2$Te$_6$ ferromagnet"

/** MathJax 2.7 CommonHTML output for `$tex$`: preview, rendered spans, assistive MathML, script. */
function mathJax2(tex: string, mathml: string, display = false): string {
  const type = display ? 'math/tex; mode=display' : 'math/tex';
  return (
    '<span class="MathJax_Preview" style="color: inherit; display: none;"></span>' +
    '<span class="mjx-chtml MathJax_CHTML" tabindex="0" role="presentation">' +
    '<span class="mjx-math" aria-hidden="true"><span class="mjx-mrow">' +
    '<span class="mjx-char MJXc-TeX-math-I">R</span><span class="mjx-char MJXc-TeX-main-R">2</span>' +
    '</span></span>' +
    `<span class="MJX_Assistive_MathML" role="presentation"><math xmlns="http://www.w3.org/1998/Math/MathML">${mathml}</math></span>` +
    `</span><script type="${type}">${tex}</script>`
  );
}

/** MathJax 3 CommonHTML output: glyphs in CSS-only `<mjx-c>`, assistive MathML for readers. */
function mathJax3(mathml: string, annotationTex?: string): string {
  const inner =
    annotationTex === undefined
      ? mathml
      : `<semantics>${mathml}<annotation encoding="application/x-tex">${annotationTex}</annotation></semantics>`;
  return (
    '<mjx-container class="MathJax" jax="CHTML"><mjx-math class="MJX-TEX" aria-hidden="true">' +
    '<mjx-msup><mjx-mi class="mjx-i"><mjx-c class="mjx-c1D445 TEX-I"></mjx-c></mjx-mi></mjx-msup>' +
    '</mjx-math><mjx-assistive-mml unselectable="on" display="inline">' +
    `<math xmlns="http://www.w3.org/1998/Math/MathML">${inner}</math></mjx-assistive-mml></mjx-container>`
  );
}

const R_SQUARED = '<msup><mi>R</mi><mn>2</mn></msup>';
const PLUS_MINUS = '<mo>±</mo>';
const SUB_2 = '<msub><mi></mi><mn>2</mn></msub>';

/** The page with the given edits made to the raw HTML of one entry's field. */
function typeset(id: string, selector: string, edit: (html: string) => string): Document {
  const doc = htmlDocument(sharedFixture(CURRENT_NEW));
  const field = listingEntries(doc)
    .find((entry) => entry.id === id)
    ?.dd?.querySelector(selector);
  if (!field) throw new Error(`fixture changed: no ${selector} for ${id}`);
  field.innerHTML = edit(field.innerHTML);
  return doc;
}

function paperOf(doc: Document, id: string) {
  return parseListing(doc, URL)?.papers.find((paper) => paper.id === id);
}

describe('text of fields MathJax has typeset', () => {
  const raw = paperOf(htmlDocument(sharedFixture(CURRENT_NEW)), CROSS_LIST_ID);

  it('reads the raw, un-typeset page as served', () => {
    expect(raw?.abstract).toContain('($R^2$ = 0.991)');
    expect(raw?.abstract).toContain('1201.2 $\\pm$ 1.3°');
  });

  it('reads the TeX MathJax 2 keeps in <script type="math/tex">', () => {
    const doc = typeset(CROSS_LIST_ID, 'p.mathjax', (html) =>
      html
        .replace('$R^2$', mathJax2('R^2', R_SQUARED))
        .replace('$\\pm$', mathJax2('\\pm', PLUS_MINUS)),
    );
    expect(paperOf(doc, CROSS_LIST_ID)?.abstract).toBe(raw?.abstract);
  });

  it('reads a MathJax 2 title back to the TeX it was served with', () => {
    const original = paperOf(htmlDocument(sharedFixture(CURRENT_NEW)), LATEX_TITLE_ID)?.title;
    const doc = typeset(LATEX_TITLE_ID, '.list-title', (html) =>
      html.replaceAll('$_2$', mathJax2('_2', SUB_2)).replace('$_6$', mathJax2('_6', SUB_2)),
    );
    expect(paperOf(doc, LATEX_TITLE_ID)?.title).toBe(original);
  });

  it('wraps MathJax 2 display math in $$', () => {
    const doc = typeset(CROSS_LIST_ID, 'p.mathjax', (html) =>
      html.replace('$R^2$', mathJax2('R^2', R_SQUARED, true)),
    );
    expect(paperOf(doc, CROSS_LIST_ID)?.abstract).toContain('($$R^2$$ = 0.991)');
  });

  it('reads the TeX annotation of MathJax 3 output when it has one', () => {
    const doc = typeset(CROSS_LIST_ID, 'p.mathjax', (html) =>
      html.replace('$R^2$', mathJax3(R_SQUARED, 'R^2')),
    );
    expect(paperOf(doc, CROSS_LIST_ID)?.abstract).toContain('($R^2$ = 0.991)');
  });

  it('rebuilds rough TeX from the assistive MathML of MathJax 3 otherwise, never the glyphs', () => {
    const doc = typeset(CROSS_LIST_ID, 'p.mathjax', (html) =>
      html.replace('$R^2$', mathJax3(R_SQUARED)).replace('$\\pm$', mathJax3(PLUS_MINUS)),
    );
    const abstract = paperOf(doc, CROSS_LIST_ID)?.abstract ?? '';
    expect(abstract).toContain('($R^{2}$ = 0.991)');
    expect(abstract).toContain('1201.2 $±$ 1.3°');
    expect(abstract).not.toMatch(/mjx|MathJax/);
  });
});

describe('fieldText', () => {
  it.each([
    ['<span class="descriptor">Title:</span> A  title\n with  spaces ', 'A title with spaces'],
    [
      '<span class="descriptor">Comments:</span> 12 pages, see <a href="/abs/1807.04186">arXiv:1807.04186</a>',
      '12 pages, see arXiv:1807.04186',
    ],
    ['First line<br>second line', 'First line second line'],
    ['Mass <math><mfrac><mi>a</mi><mi>b</mi></mfrac></math> ratio', 'Mass $\\frac{a}{b}$ ratio'],
    ['Area <math><msqrt><mn>2</mn></msqrt></math>', 'Area $\\sqrt{2}$'],
    ['Field <math><msubsup><mi>B</mi><mn>0</mn><mn>2</mn></msubsup></math>', 'Field $B_{0}^{2}$'],
  ])('%s → %s', (html, text) => {
    const element = htmlDocument(`<div>${html}</div>`).querySelector('div');
    if (!element) throw new Error('no element');
    expect(fieldText(element)).toBe(text);
  });
});

describe('rawFieldText', () => {
  it.each([
    ['<span class="descriptor">Title:</span> A  title\n with  spaces ', 'A title with spaces'],
    ['<span class="descriptor">Title:</span><!-- c --> A <b>bold</b> title', 'A bold title'],
    ['\n <span class="descriptor">Title:</span> Title: twice', 'Title: twice'],
    ['Before <span class="descriptor">Label:</span> after', 'Before after'],
    ['<span class="descriptor"></span> Empty label', 'Empty label'],
    ['<span class="label descriptor">Title:</span> Two classes', 'Two classes'],
    ['<span class="descriptors">Title:</span> Not a label', 'Title: Not a label'],
    ['<a class="link-external">A link</a> first', 'A link first'],
    ['<a href="/x">Linked</a> abstract\n text', 'Linked abstract text'],
    ['First line<br>second line', 'First line second line'],
  ])('%s collapses to what fieldText reads', (html, text) => {
    const element = htmlDocument(`<div>${html}</div>`).querySelector('div');
    if (!element) throw new Error('no element');
    expect(normaliseWhitespace(rawFieldText(element))).toBe(text);
    expect(fieldText(element)).toBe(text);
  });

  it('keeps the whitespace of a plain field for the background to collapse', () => {
    const element = htmlDocument(
      '<div><span class="descriptor">Title:</span>\n  A  title\n</div>',
    ).querySelector('div');
    if (!element) throw new Error('no element');
    expect(rawFieldText(element)).toBe('\n  A  title\n');
  });
});

describe('hasText', () => {
  it.each([
    ['', false],
    [' \n\t\u00a0\u3000', false],
    [' a ', true],
    ['\n      Efficient', true],
    ['\u00a0\u00a0', false],
    ['\n\u00a0x', true],
    ['\u0001', true], // a control character is no whitespace
    ['\r\n\f\v', false],
  ])('%j → %s', (text, expected) => {
    expect(hasText(text)).toBe(expected);
    expect(normaliseWhitespace(text) !== '').toBe(expected);
  });
});

describe('walking a page for typeset math', () => {
  it.each([
    ['<dl><dt></dt><dd>Plain text</dd></dl><br><script></script>', false],
    ['<dl><dt></dt><dd>Line<br>break</dd></dl>', true],
    ['<dl><dt></dt><dd><p><script type="math/tex">x</script></p></dd></dl>', true],
    ['<dl><dt></dt><dd><mjx-container></mjx-container></dd></dl>', true],
    ['<dl><dt></dt><dd><math><mi>x</mi></math></dd></dl>', true],
  ])('%s → %s', (html, expected) => {
    const root = htmlDocument(`<div id="dlpage">${html}</div>`).getElementById('dlpage');
    if (!root) throw new Error('no root');
    const walk = walkListing(root);
    expect(walk.entries).toHaveLength(1);
    // The entry itself is marked, so only it is read by a walk over its nodes.
    expect([...walk.typeset]).toEqual(expected ? [walk.entries[0]?.dd] : []);
  });
});

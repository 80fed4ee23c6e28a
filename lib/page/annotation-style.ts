import type { BadgeTone } from './badge';

/** The id of the one stylesheet the annotations need. */
export const ANNOTATION_STYLE_ID = 'paper-sieve-style';

/** Text, background and edge of one coloured element. */
export interface Swatch {
  text: string;
  background: string;
  border: string;
}

/** One colour scheme: a swatch per badge tone, and the other elements'. */
export interface Scheme {
  tones: Record<BadgeTone, Swatch>;
  tip: Swatch;
  button: Swatch;
  comment: Swatch;
  /** Focus rings: the badge's, the buttons' and the keyboard's current entry. */
  focus: string;
}

// Each element brings its own background, so its text stays legible (≥ 4.5:1, checked in the
// tests) on whatever the page is painted with, and in either scheme.
/** The colours, light and dark; the stylesheet is generated from them. */
export const ANNOTATION_COLOURS: Record<'light' | 'dark', Scheme> = {
  light: {
    tones: {
      kept: { text: '#14532d', background: '#dcf2e3', border: '#2f7d4a' },
      near: { text: '#6a3d00', background: '#fdefcf', border: '#b7791f' },
      below: { text: '#3f4654', background: '#eceff3', border: '#8b95a5' },
      author: { text: '#3b2a8c', background: '#e9e5fb', border: '#6b57d6' },
      pending: { text: '#4a5363', background: '#ffffff', border: '#8b95a5' },
      error: { text: '#8b1a1a', background: '#fde6e6', border: '#c53030' },
      idle: { text: '#4f4a3f', background: '#f3f1ec', border: '#9a9282' },
    },
    tip: { text: '#ffffff', background: '#1b2430', border: '#1b2430' },
    button: { text: '#1b3a6b', background: '#ffffff', border: '#1b3a6b' },
    comment: { text: '#1b2430', background: '#f3f6fa', border: '#6b85ad' },
    focus: '#1f5fbf',
  },
  dark: {
    tones: {
      kept: { text: '#b7f0c8', background: '#143622', border: '#3f9b60' },
      near: { text: '#ffd98a', background: '#3d2c08', border: '#b7862a' },
      below: { text: '#c9d0db', background: '#272c35', border: '#6b7585' },
      author: { text: '#d6ccff', background: '#2a2150', border: '#7d6be0' },
      pending: { text: '#c9d0db', background: '#1b1f26', border: '#6b7585' },
      error: { text: '#ffc2c2', background: '#4a1616', border: '#d05050' },
      idle: { text: '#dcd6c8', background: '#2e2b25', border: '#8a8373' },
    },
    tip: { text: '#111827', background: '#eef1f6', border: '#eef1f6' },
    button: { text: '#cfe0ff', background: '#1b2330', border: '#8fb3ef' },
    comment: { text: '#e3e8ef', background: '#1f2530', border: '#6b85ad' },
    focus: '#8fb3ef',
  },
};

// `:is(#dlpage, :root)` matches every element's ancestry yet weighs as an id: our rules then
// outrank arXiv's `#dlpage dd …` rules, so the page's styles do not reach our elements.
const OURS = ':is(#dlpage, :root)';
const ELEMENTS = ['entry', 'badge', 'score', 'tag', 'tip', 'floating-tip', 'action', 'comment'];

function schemeRules(scheme: Scheme): string {
  const tones = Object.entries(scheme.tones).map(
    ([tone, swatch]) =>
      `${OURS} .paper-sieve-badge[data-tone="${tone}"] { ${paint(swatch)} }\n` +
      `${OURS} .paper-sieve-comment[data-tone="${tone}"] { border-left-color: ${swatch.border}; }`,
  );
  return [
    ...tones,
    `${OURS} .paper-sieve-floating-tip { ${paint(scheme.tip)} }`,
    `${OURS} .paper-sieve-action { ${paint(scheme.button)} }`,
    `${OURS} .paper-sieve-comment { color: ${scheme.comment.text}; background: ${scheme.comment.background}; }`,
    `${OURS} .paper-sieve-badge:focus-visible, ${OURS} .paper-sieve-action:focus-visible, ` +
      `#dlpage .paper-sieve-current { outline: 2px solid ${scheme.focus}; }`,
  ].join('\n');
}

function paint(swatch: Swatch): string {
  return `color: ${swatch.text}; background: ${swatch.background}; border-color: ${swatch.border};`;
}

const NOT_KEPT = ['dt', 'dd'].map((tag) => `${tag}[data-sieve-kept="false"]`);

/**
 * The annotations' one stylesheet: namespaced classes, reset, sized in px (arXiv sets rem).
 * - Badges are inline boxes with a line height under the entry's own: a badge never makes its
 *   line taller, so no entry below it moves (moved content is what makes a long listing costly
 *   to lay out again).
 * - Entries clip what overflows them (entrypoints/arxiv.content/entries.css): focus rings are
 *   drawn inside the edge, and the entry's own tooltip element only holds the badge's
 *   description (aria-describedby), shown by one floating element (lib/page/floating-tip.ts).
 */
export const ANNOTATION_STYLE = `
${ELEMENTS.map((name) => `${OURS} .paper-sieve-${name}`).join(', ')} {
  all: initial;
  box-sizing: border-box;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 12px;
  line-height: 16px;
  white-space: nowrap;
}
${ELEMENTS.map((name) => `${OURS} .paper-sieve-${name}[hidden]`).join(', ')} {
  display: none !important;
}
${OURS} .paper-sieve-entry { display: inline; margin: 0 4px 0 6px; }
${OURS} .paper-sieve-badge {
  display: inline; padding: 1px 6px; border: 1px solid; border-radius: 9px; line-height: 12px;
  font-weight: 600; font-variant-numeric: tabular-nums; cursor: default;
}
${OURS} .paper-sieve-badge[data-tone="pending"] { border-style: dashed; font-weight: 400; }
${OURS} .paper-sieve-score, ${OURS} .paper-sieve-tag { color: inherit; font-weight: inherit; font-variant-numeric: inherit; line-height: inherit; }
${OURS} .paper-sieve-tag { margin-left: 6px; padding-left: 6px; border-left: 1px solid currentColor; font-weight: 400; }
${OURS} .paper-sieve-tip { display: none !important; }
${OURS} .paper-sieve-floating-tip {
  position: absolute; z-index: 2147483000;
  width: max-content; max-width: 360px; padding: 6px 8px; border: 0; border-radius: 4px;
  white-space: normal; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
}
${OURS} .paper-sieve-action {
  display: inline-block; margin-left: 6px; padding: 1px 8px; border: 1px solid; border-radius: 4px;
  line-height: 12px; cursor: pointer;
}
${OURS} .paper-sieve-badge:focus-visible, ${OURS} .paper-sieve-action:focus-visible { outline-offset: -2px; }
${OURS} .paper-sieve-comment {
  display: block; width: fit-content; max-width: 100%; margin: 2px 0 4px; padding: 2px 8px; border-left: 3px solid; border-radius: 2px;
  font-size: 13px; line-height: 18px; white-space: normal;
}
#dlpage .paper-sieve-current { outline-offset: 2px; scroll-margin: 80px 0; }
#dlpage[data-sieve-filter="kept"] :is(${NOT_KEPT.join(', ')}) { display: none; }
#dlpage[data-sieve-filter="dim"] :is(${NOT_KEPT.join(', ')}) { opacity: 0.56; }
${schemeRules(ANNOTATION_COLOURS.light)}
@media (prefers-color-scheme: dark) {
${schemeRules(ANNOTATION_COLOURS.dark)}
}
`;

/** Adds the stylesheet to the page once; later calls find it and do nothing. */
export function installAnnotationStyle(doc: Document): void {
  if (doc.getElementById(ANNOTATION_STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = ANNOTATION_STYLE_ID;
  style.textContent = ANNOTATION_STYLE;
  (doc.head ?? doc.documentElement).append(style);
}

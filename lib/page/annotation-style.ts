import type { BadgeTone } from './badge';
import LAYOUT from './annotation-style.css?inline';

/** The id of the one stylesheet the annotations need. */
export const ANNOTATION_STYLE_ID = 'paper-sieve-style';

/**
 * Text, background and edge of one coloured element. A tuple rather than an object: the table
 * below ships in the content script, where 22 swatches' repeated keys cost half a kilobyte.
 */
export type Swatch = readonly [text: string, background: string, border: string];

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
/** The colours, light and dark; the stylesheet's colour rules are generated from them. */
export const ANNOTATION_COLOURS: Record<'light' | 'dark', Scheme> = {
  light: {
    tones: {
      kept: ['#14532d', '#dcf2e3', '#2f7d4a'],
      near: ['#6a3d00', '#fdefcf', '#b7791f'],
      below: ['#3f4654', '#eceff3', '#8b95a5'],
      author: ['#3b2a8c', '#e9e5fb', '#6b57d6'],
      pending: ['#4a5363', '#ffffff', '#8b95a5'],
      error: ['#8b1a1a', '#fde6e6', '#c53030'],
      idle: ['#4f4a3f', '#f3f1ec', '#9a9282'],
    },
    tip: ['#ffffff', '#1b2430', '#1b2430'],
    button: ['#1b3a6b', '#ffffff', '#1b3a6b'],
    comment: ['#1b2430', '#f3f6fa', '#6b85ad'],
    focus: '#1f5fbf',
  },
  dark: {
    tones: {
      kept: ['#b7f0c8', '#143622', '#3f9b60'],
      near: ['#ffd98a', '#3d2c08', '#b7862a'],
      below: ['#c9d0db', '#272c35', '#6b7585'],
      author: ['#d6ccff', '#2a2150', '#7d6be0'],
      pending: ['#c9d0db', '#1b1f26', '#6b7585'],
      error: ['#ffc2c2', '#4a1616', '#d05050'],
      idle: ['#dcd6c8', '#2e2b25', '#8a8373'],
    },
    tip: ['#111827', '#eef1f6', '#eef1f6'],
    button: ['#cfe0ff', '#1b2330', '#8fb3ef'],
    comment: ['#e3e8ef', '#1f2530', '#6b85ad'],
    focus: '#8fb3ef',
  },
};

// Outranks arXiv's `#dlpage dd …` rules (see annotation-style.css). The rules below are written
// as the build writes the layout's, minified: they ship as they are in the content script.
const OURS = ':is(#dlpage,:root)';

function schemeRules({ tones, tip, button, comment, focus }: Scheme): string {
  const toneRules = Object.entries(tones).map(
    ([tone, swatch]) =>
      `${OURS} .paper-sieve-badge[data-tone="${tone}"]{${paint(swatch)}}\n` +
      `${OURS} .paper-sieve-comment[data-tone="${tone}"]{border-left-color:${swatch[2]}}`,
  );
  return [
    ...toneRules,
    `${OURS} .paper-sieve-tip{${paint(tip)}}`,
    `${OURS} .paper-sieve-action{${paint(button)}}`,
    `${OURS} .paper-sieve-comment{color:${comment[0]};background:${comment[1]}}`,
    `${OURS} :is(.paper-sieve-badge,.paper-sieve-action):focus-visible,` +
      `#dlpage .paper-sieve-current{outline:2px solid ${focus}}`,
  ].join('\n');
}

function paint([text, background, border]: Swatch): string {
  return `color:${text};background:${background};border-color:${border}`;
}

/** The annotations' one stylesheet: the layout (minified by the build), then the colours. */
export const ANNOTATION_STYLE = `${LAYOUT}
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

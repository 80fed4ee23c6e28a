// Followed authors: a paper by someone the researcher follows is pinned first without spending a
// call on it. Names arrive as arXiv prints them (Unicode on listing pages, LaTeX accents in the
// API and the published digests, hyphens and initials either way), so both sides are reduced to
// the same plain form and compared by family name, then by first name.
//
// The rules, strict on purpose (a false "Author match" pins a paper nobody asked for):
// - "Yann LeCun" follows any Yann LeCun, whatever middle names or initials ("Yann A. LeCun").
// - "J. Smith" (an initial) follows John Smith, Jane Smith and J. Smith; "John Smith" does not
//   follow "J. Smith": the paper does not say it is John.
// - A compound first name is a whole: "Jean-Pierre" matches "Jean Pierre", "Jean-Pierre",
//   "Jeanpierre" and "J.-P." (when followed as "J.-P."), but "Jean Dupont" does not follow
//   "Jean-Pierre Dupont".
// - "Smith, John" is John Smith. A bare family name ("Bengio") follows everyone of that name; a
//   given first name is never dropped to match on the family name alone.
// - Words are compared whole: "Li" is not "Lima".

/** One way of reading a name: its family name key and its given names, in order. */
interface NameReading {
  /** Family name without spaces or hyphens: `lecun`, `garcialopez`. */
  family: string;
  /** Given-name words, each split at its hyphens: `Jean-Pierre Marie` → [[jean, pierre], [marie]]. */
  given: string[][];
}

interface FollowedReading {
  name: string;
  /** Position in the followed list: the earliest entry wins when several match. */
  order: number;
  /** The followed given names, as in `NameReading`; empty for a bare family name. */
  given: string[][];
}

// TeX accent commands. Accents are dropped anyway, so the command goes and its letter stays.
const SYMBOL_ACCENT = /\\[`'^"~=.]/g;
const LETTER_ACCENT = /\\[cvuHkrdbtG](?:\s+|(?=\{))/g;
const LETTER_MACRO = /\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![A-Za-z])\s*/g;
const MACRO_LETTERS: Record<string, string> = {
  aa: 'a',
  AA: 'A',
  ae: 'ae',
  AE: 'AE',
  oe: 'oe',
  OE: 'OE',
  ss: 'ss',
  o: 'o',
  O: 'O',
  l: 'l',
  L: 'L',
  i: 'i',
  j: 'j',
};

// Letters Unicode does not decompose into a base letter and a mark.
const UNDECOMPOSED_LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŀ: 'l',
  Ŀ: 'l',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(UNDECOMPOSED_LETTERS).join('')}]`, 'g');

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Turns the followed-authors setting (one name a line, `#` starts a comment) into names. */
export function parseFollowedAuthors(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/**
 * Builds a matcher from followed names; it returns the followed name (as written) that one of the
 * paper's authors matches, or null. Entries may hold several lines; blank ones and `#` comments
 * are ignored.
 */
export function createAuthorMatcher(followed: string[]): (paperAuthors: string[]) => string | null {
  const byFamily = new Map<string, FollowedReading[]>();
  const names = followed.flatMap(parseFollowedAuthors);
  names.forEach((name, order) => {
    for (const reading of readName(name)) {
      const entry: FollowedReading = { name, order, given: reading.given };
      const bucket = byFamily.get(reading.family);
      if (bucket) bucket.push(entry);
      else byFamily.set(reading.family, [entry]);
    }
  });

  return (paperAuthors) => {
    if (byFamily.size === 0) return null;
    for (const author of paperAuthors) {
      let best: FollowedReading | null = null;
      for (const reading of readName(author)) {
        for (const entry of byFamily.get(reading.family) ?? []) {
          if ((best === null || entry.order < best.order) && firstNameMatches(entry.given, reading))
            best = entry;
        }
      }
      if (best) return best.name;
    }
    return null;
  };
}

/** Does the followed name's first name fit the paper author's? Middle names are not compared. */
function firstNameMatches(followedGiven: string[][], author: NameReading): boolean {
  const followedFirst = followedGiven[0];
  if (!followedFirst) return true;
  const authorFirst = author.given[0];
  if (!authorFirst) return false;
  // "Ji-Rong" and "Jirong" are the same name written two ways.
  if (followedFirst.join('') === authorFirst.join('')) return true;
  // A compound first name is compared whole, on whichever side has it: "Jean-Pierre" is
  // "Jean Pierre" (the second word read as part of the first name), but not "Jean".
  const length = Math.max(followedFirst.length, authorFirst.length);
  const followedTokens = followedGiven.flat();
  const authorTokens = author.given.flat();
  if (followedTokens.length < length || authorTokens.length < length) return false;
  return followedTokens
    .slice(0, length)
    .every((token, i) => tokenMatches(token, authorTokens[i] ?? ''));
}

/** A followed initial stands for any name it begins; a full name must be written out. */
function tokenMatches(followed: string, author: string): boolean {
  return followed === author || (followed.length === 1 && author.startsWith(followed));
}

/** The readings of a name: family = last word, and for longer names also the last two words. */
function readName(raw: string): NameReading[] {
  const parts = plainName(raw).split(',').map(words);
  const [head = [], second = [], ...rest] = parts;
  // "Smith, John" is inverted; "John Smith, Jr." is not.
  const inverted = second.some((word) => !isSuffix(word)) && rest.every((p) => p.every(isSuffix));
  const all = inverted ? [] : dropSuffixes(parts.flat());
  const familyWords = inverted ? dropSuffixes(head) : all.slice(-1);
  const givenWords = inverted ? second.filter((word) => !isSuffix(word)) : all.slice(0, -1);
  const last = familyWords.at(-1);
  if (last === undefined) return [];

  const given = givenWords.map(splitHyphens);
  const readings: NameReading[] = [{ family: familyKey([last]), given }];
  if (inverted && familyWords.length > 1) {
    // "van Beethoven, Ludwig", "Le Cun, Yann"
    readings.push({ family: familyKey(familyWords), given });
  } else if (!inverted && givenWords.length > 1) {
    // "Yann Le Cun" and "Maria Garcia Lopez" may write a two-word family name without a hyphen.
    const lastGiven = givenWords.at(-1) ?? '';
    readings.push({ family: familyKey([lastGiven, last]), given: given.slice(0, -1) });
  }
  return readings;
}

function words(part: string): string[] {
  return part
    .split(/\s+/)
    .map((word) => word.replace(/^-+|-+$/g, '').replace(/-+/g, '-'))
    .filter((word) => word !== '');
}

function isSuffix(word: string): boolean {
  return SUFFIXES.has(word);
}

function dropSuffixes(list: string[]): string[] {
  let end = list.length;
  while (end > 1 && isSuffix(list[end - 1] ?? '')) end -= 1;
  return list.slice(0, end);
}

function splitHyphens(word: string): string[] {
  return word.split('-').filter((token) => token !== '');
}

function familyKey(familyWords: string[]): string {
  return familyWords.join('').replace(/-/g, '');
}

/**
 * Lower-case letters, hyphens, spaces and commas only: LaTeX and Unicode accents gone,
 * apostrophes dropped (O'Brien → obrien), dots as spaces (J.P. → j p, J.-P. → j-p).
 */
function plainName(raw: string): string {
  let name = repairMojibake(raw).replace(/\([^)]*\)/g, ' ');
  if (/[\\{}]/.test(name)) name = decodeTexAccents(name);
  return name
    .replace(/\p{Cf}/gu, '') // soft hyphens, zero-width joiners: invisible, not word breaks
    .replace(/~/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED, (letter) => UNDECOMPOSED_LETTERS[letter] ?? letter)
    .toLowerCase()
    .replace(/['’‘`ʼʻʹ′]/g, '')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/\./g, ' ')
    .replace(/[^\p{L}\s,-]/gu, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `{\'A}lvaro`, `\'{A}lvaro`, `\c{c}`, `\c c`, `Bj{\o}rn`, `Bj\o rn` → the letters alone. */
function decodeTexAccents(name: string): string {
  return name
    .replace(/\\+/g, '\\')
    .replace(SYMBOL_ACCENT, '')
    .replace(LETTER_ACCENT, '')
    .replace(LETTER_MACRO, (_, macro: string) => MACRO_LETTERS[macro] ?? macro)
    .replace(/\\[A-Za-z]+\s*/g, '')
    .replace(/[{}\\]/g, '');
}

// UTF-8 read as Latin-1 ("JosÃ© RaÃºl", as some arXiv API answers carry it): read it back.
const MOJIBAKE = /[ÂÃÄÅÆ][\u0080-\u00bf]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function repairMojibake(name: string): string {
  if (!MOJIBAKE.test(name) || /[\u0100-\uffff]/.test(name)) return name;
  try {
    return utf8.decode(Uint8Array.from(name, (char) => char.charCodeAt(0)));
  } catch {
    return name;
  }
}

/** The followed name each paper matches (papers matching none are absent), by paper id. */
export function followedAuthorMatches(
  papers: Iterable<{ id: string; authors: string[] }>,
  followedAuthors: string,
): Map<string, string> {
  const match = createAuthorMatcher([followedAuthors]);
  const matches = new Map<string, string>();
  for (const paper of papers) {
    const name = match(paper.authors);
    if (name !== null) matches.set(paper.id, name);
  }
  return matches;
}

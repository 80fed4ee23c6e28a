import { describe, expect, it } from 'vitest';
import { createAuthorMatcher, parseFollowedAuthors } from '../../lib/scoring/authors';
import { sharedFixture } from '../support/fixtures';

interface DigestPaper {
  id: string;
  authors: string[];
  authorMatch: boolean;
}

function digestPapers(date: string): DigestPaper[] {
  return (JSON.parse(sharedFixture(`digests/${date}.json`)) as { papers: DigestPaper[] }).papers;
}

/** Does `followed` (one name) match `author` (one paper author)? */
function matches(followed: string, author: string): boolean {
  return createAuthorMatcher([followed])([author]) === followed;
}

describe('createAuthorMatcher: names that match', () => {
  it.each([
    // Case and whitespace
    ['Yoshua Bengio', 'yoshua  BENGIO '],
    // Diacritics, Unicode as arXiv listing pages print them
    ['Theo Andrieux', 'Théo Andrieux'],
    ['Théo Andrieux', 'Theo Andrieux'],
    ['Igor Zutic', 'Igor Žutić'],
    ['Pelin Ciloglu', 'Pelin Çiloğlu'],
    ['Jorg Schmalian', 'Jörg Schmalian'],
    ['Sean R. Kavanagh', 'Seán R. Kavanagh'],
    ['Tomasz Wozniak', 'Tomasz Woźniak'],
    // Letters NFD does not decompose
    ['Bjorn Ommer', 'Bjørn Ommer'],
    ['Lukasz Kaiser', 'Łukasz Kaiser'],
    ['Michael Strasse', 'Michael Straße'],
    ['Michael Strasse', 'Michael Strasse'],
    ['Aeneas Aedo', 'Æneas Ædo'],
    // LaTeX accents as arXiv metadata (and the published digests) write them
    ['Étienne André', "\\'Etienne Andr\\'e"],
    ['Etienne Andre', "{\\'E}tienne Andr{\\'e}"],
    ['Álvaro Sánchez', "\\'Alvaro S\\'anchez"],
    ['Álvaro Sánchez', "{\\'A}lvaro S{\\'a}nchez"],
    ['Álvaro Sánchez', "\\'{A}lvaro S\\'{a}nchez"],
    ['Anna Hedström', 'Anna Hedstr\\"om'],
    ['Anna Hedström', 'Anna Hedstr\\"{o}m'],
    ['Ahmet Çelik', 'Ahmet \\c{C}elik'],
    ['Ahmet Celik', 'Ahmet \\c Celik'],
    ['Igor Žutić', "Igor \\v{Z}uti\\'c"],
    ['Ramón Muñoz', "Ram\\'on Mu\\~noz"],
    ['Hélène Fêtu', "H\\'el\\`ene F\\^etu"],
    ['Anders Ångström', '\\AA ngstr\\"om, Anders'],
    ['Jens Århus', 'Jens \\\\aa rhus'],
    ['Bjørn Ommer', 'Bj{\\o}rn Ommer'],
    ['Bjorn Ommer', 'Bj\\o rn Ommer'],
    ['Łukasz Kaiser', '{\\L}ukasz Kaiser'],
    ['Lenka Zdeborová', "Lenka Zdeborov\\'a"],
    ['Hervé Jégou', "Herv\\'e J\\'egou"],
    ['Hans-Georg Müller', 'Hans-Georg M\\"uller'],
    ['Pierre-Emmanuel Mazaré', "Pierre-Emmanuel Mazar\\'e"],
    ['Loïc Cabannes', 'Lo\\"ic Cabannes'],
    ['Loïc Cabannes', 'Lo\\"{\\i}c Cabannes'],
    // Middle names and initials on the paper are ignored when the followed name has first + last
    ['Yann LeCun', 'Yann A. LeCun'],
    ['Yann LeCun', 'Yann André LeCun'],
    ['Yue Lu', 'Yue M. Lu'],
    ['Lorenz Müller', 'Lorenz K. M\\"uller'],
    ['Zhi-Qin Xu', 'Zhi-Qin John Xu'],
    ['Ya-Wei Lin', 'Ya-Wei Eileen Lin'],
    // ... and in the followed name too
    ['Yann A. LeCun', 'Yann LeCun'],
    // A followed initial stands for any first name with that letter
    ['J. Smith', 'John Smith'],
    ['J. Smith', 'J. Smith'],
    ['J Smith', 'John Q. Smith'],
    ['J.-P. Dupont', 'Jean-Pierre Dupont'],
    ['J.-P. Dupont', 'J.-P. Dupont'],
    ['J.-P. Dupont', 'J.P. Dupont'],
    ['K.-W. Lee', 'Kyung-Won Lee'],
    // "Family, Given" order
    ['Smith, John', 'John Smith'],
    ['John Smith', 'Smith, John'],
    ['LeCun, Yann', 'Yann A. LeCun'],
    ['Yann LeCun', 'Le Cun, Yann'],
    ['Ludwig van Beethoven', 'van Beethoven, Ludwig'],
    // Suffixes
    ['John Smith', 'John Smith Jr.'],
    ['John Smith', 'John Smith, Jr.'],
    // Hyphens: compound first names, written with or without the hyphen
    ['Jean-Pierre Dupont', 'Jean Pierre Dupont'],
    ['Jean Pierre Dupont', 'Jean-Pierre Dupont'],
    ['Ji-Rong Wen', 'Jirong Wen'],
    ['Chengzhong Xu', 'Cheng-zhong Xu'],
    ['Wen-tau Yih', 'Wen-Tau Yih'],
    ['Jean-Pierre Dupont', 'Jean–Pierre Dupont'],
    // ... and double family names
    ['David Fridovich-Keil', 'David Fridovich Keil'],
    ['Maria Garcia Lopez', 'Maria Garcia-Lopez'],
    ['Yann Le Cun', 'Yann LeCun'],
    ['Wilson Yánez-Parreño', 'Wilson J. Yánez-Parreño'],
    // Apostrophes
    ["Conor O'Brien", 'Conor OBrien'],
    ['Conor OBrien', 'Conor O’Brien'],
    ["Artur d'Avila Garcez", "Artur d'Avila Garcez"],
    ['Artur Garcez', "Artur d'Avila Garcez"],
    // A bare family name follows everyone of that name
    ['Bengio', 'Samy Bengio'],
    ['Bengio', 'Yoshua Bengio'],
    // Affiliations in parentheses, LaTeX non-breaking spaces
    ['Yoshua Bengio', 'Yoshua Bengio (Mila)'],
    ['John Smith', 'John~Smith'],
    // Names the arXiv API answered as UTF-8 read as Latin-1 (fixture: api-query-search_query-testing)
    ['José Raúl Romero', 'JosÃ© RaÃºl Romero'],
    ['Aurora Ramírez', 'Aurora RamÃ\u00adrez'],
    // Invisible characters are not word breaks
    ['Aurora Ramírez', 'Aurora Ramí\u00adrez'],
    ['Aurora Ramírez', 'Aurora\u200b Ramírez'],
    // Scripts without case or accents are compared as written
    ['Андрей Колмогоров', 'Андрей Николаевич Колмогоров'],
  ])('%s follows %s', (followed, author) => {
    expect(matches(followed, author)).toBe(true);
  });
});

describe('createAuthorMatcher: names that do not match', () => {
  it.each([
    // No match on the family name alone when a first name is given
    ['Yoshua Bengio', 'Samy Bengio'],
    ['Yoshua Bengio', 'Bengio'],
    ['J. Smith', 'Jane Doe'],
    ['J. Smith', 'K. Smith'],
    // The paper's initial does not say which J. it is
    ['John Smith', 'J. Smith'],
    ['Yann LeCun', 'Y. LeCun'],
    // Whole words only
    ['Li', 'Lima Santos'],
    ['Li', 'Xiang Lin'],
    ['Wei Li', 'Wei Lima'],
    ['Wei Li', 'Weiwei Li'],
    ['Ann Lee', 'Anna Lee'],
    ['Ann Lee', 'Hanna Lee'],
    // A first name is a whole, compounds included
    ['Jean Dupont', 'Jean-Pierre Dupont'],
    ['J. Dupont', 'Jean-Pierre Dupont'],
    ['Jean-Pierre Dupont', 'Jean Dupont'],
    ['Jean-Pierre Dupont', 'Pierre Dupont'],
    ['J.-P. Dupont', 'Jean Dupont'],
    // Order matters without a comma: the family name is the last word
    ['Wei Zhang', 'Zhang Wei'],
    // A middle name is not a first name
    ['Andre LeCun', 'Yann André LeCun'],
    // Different family names that share letters
    ['Hans Muller', 'Hans Mullers'],
    ['Maria Garcia-Lopez', 'Maria Garcia'],
    ["Conor O'Brien", 'Conor Brien'],
  ])('%s does not follow %s', (followed, author) => {
    expect(matches(followed, author)).toBe(false);
  });
});

describe('createAuthorMatcher', () => {
  it('names the followed entry as written, earliest in the list when several match', () => {
    const match = createAuthorMatcher(['  Samy Bengio ', 'Bengio', 'Yoshua Bengio']);
    expect(match(['Luca Scimeca', 'Yoshua Bengio'])).toBe('Bengio');
    expect(match(['Samy Bengio'])).toBe('Samy Bengio');
    expect(match(['Luca Scimeca', 'Jason Hartford'])).toBeNull();
  });

  it('reports the first of the paper’s authors that matches', () => {
    const match = createAuthorMatcher(['Yoshua Bengio', 'Jason Hartford']);
    expect(match(['Jason Hartford', 'Yoshua Bengio'])).toBe('Jason Hartford');
  });

  it('ignores blank lines and # comments, in entries or in the setting text', () => {
    const setting = '# people I follow\n\nYoshua Bengio  # Mila\n   \n#Samy Bengio\n';
    expect(parseFollowedAuthors(setting)).toEqual(['Yoshua Bengio']);
    const match = createAuthorMatcher([setting]);
    expect(match(['Yoshua Bengio'])).toBe('Yoshua Bengio');
    expect(match(['Samy Bengio'])).toBeNull();
    expect(createAuthorMatcher(['', '# nobody'])(['Yoshua Bengio'])).toBeNull();
  });

  it('finds the published author match of 2025-10-14 and no other paper of the three days', () => {
    const match = createAuthorMatcher(['Yoshua Bengio']);
    const matched = ['2025-09-30', '2025-10-14', '2025-10-16'].flatMap((date) =>
      digestPapers(date).filter((paper) => match(paper.authors) !== null),
    );
    expect(matched.map((paper) => paper.id)).toEqual(['2510.09660']);
    expect(matched.every((paper) => paper.authorMatch)).toBe(true);
  });

  it('matches every digest author, written as the digest has it, against the name unaccented', () => {
    const authors = ['2025-09-30', '2025-10-14', '2025-10-16'].flatMap((date) =>
      digestPapers(date).flatMap((paper) => paper.authors),
    );
    const failures = authors.filter((author) => {
      const plain = author
        .replace(/\\.|[{}]/g, '')
        .normalize('NFD')
        .replace(/\p{M}/gu, '');
      return createAuthorMatcher([plain])([author]) !== plain;
    });
    expect(authors.length).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });

  it('matches 2000 papers against 100 followed names', () => {
    const authors = ['2025-09-30', '2025-10-14', '2025-10-16'].flatMap((date) =>
      digestPapers(date).map((paper) => paper.authors),
    );
    const papers = Array.from({ length: 2000 }, (_, i) => authors[i % authors.length] ?? []);
    const followed = Array.from({ length: 100 }, (_, i) => `Followed${i} Person${i}`);
    followed.push('Yoshua Bengio');
    const match = createAuthorMatcher(followed);
    const matched = papers.filter((paperAuthors) => match(paperAuthors) !== null);
    // Bengio's paper recurs through the 2000; speed is the bench's business, not a test's.
    expect(matched.length).toBeGreaterThan(0);
  });
});

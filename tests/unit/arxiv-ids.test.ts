import { describe, expect, it } from 'vitest';
import {
  formatArxivId,
  idFromAbsHref,
  isCanonicalArxivId,
  parseArxivId,
} from '../../lib/arxiv/ids';

describe('parseArxivId', () => {
  it.each([
    ['2510.09660', '2510.09660', null],
    ['2510.09660v2', '2510.09660', 2],
    ['arXiv:2510.09660v12', '2510.09660', 12],
    ['ARXIV: 2609.22268', '2609.22268', null],
    ['  2609.22268  ', '2609.22268', null],
    ['0704.0001', '0704.0001', null], // the first new-style id
    ['1412.8799v1', '1412.8799', 1], // the last month of four-digit numbers
    ['1501.00001', '1501.00001', null], // five digits from January 2015
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['hep-th/9901001v3', 'hep-th/9901001', 3],
    ['arXiv:math-ph/0101001', 'math-ph/0101001', null],
    ['cond-mat/0703001', 'cond-mat/0703001', null], // March 2007: the last old-style month
    ['math.GT/0309136', 'math/0309136', null], // the subject class is not part of the id
    ['cs.AI/9901001v2', 'cs/9901001', 2],
  ])('%s → %s v%s', (text, id, version) => {
    expect(parseArxivId(text)).toEqual({ id, version });
  });

  it.each([
    ['', 'empty'],
    ['arXiv:', 'prefix only'],
    ['not an id', 'prose'],
    ['2510.0966', 'too few digits'],
    ['0703.0001', 'before new-style ids began (April 2007)'],
    ['1412.00001', 'five digits before 2015'],
    ['1501.0001', 'four digits after 2014'],
    ['2513.00001', 'month 13'],
    ['2510.09660v0', 'version 0'],
    ['2510.09660v01', 'version with a leading zero'],
    ['hep-th/0704001', 'old-style after March 2007'],
    ['hep-th/9913001', 'old-style month 13'],
    ['HEP-TH/9901001', 'upper-case archive'],
    ['hep-th/9901001x', 'trailing text'],
    ['see 2510.09660', 'id inside prose'],
  ])('%s is not an id (%s)', (text) => {
    expect(parseArxivId(text)).toBeNull();
  });
});

describe('idFromAbsHref', () => {
  it.each([
    ['/abs/2609.22268', '2609.22268', null],
    ['/abs/2609.22268v3', '2609.22268', 3],
    ['https://arxiv.org/abs/2510.09660', '2510.09660', null],
    ['http://arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001', 2],
    ['//arxiv.org/abs/1807.07067', '1807.07067', null],
    ['https://export.arxiv.org/abs/2510.09660?context=cs', '2510.09660', null],
    ['https://www.arxiv.org/abs/2510.09660#S1', '2510.09660', null],
    ['/abs/math.GT/0309136', 'math/0309136', null],
    ['/abs/hep-th%2F9901001', 'hep-th/9901001', null],
    [' /abs/2609.22268 ', '2609.22268', null],
  ])('%s → %s v%s', (href, id, version) => {
    expect(idFromAbsHref(href)).toEqual({ id, version });
  });

  it.each([
    '/pdf/2609.22268',
    '/html/2609.22268v1',
    'https://example.com/abs/2510.09660',
    'https://notarxiv.org/abs/2510.09660',
    'https://arxiv.org.example.com/abs/2510.09660',
    'ftp://arxiv.org/abs/2510.09660',
    '/abs/',
    '/abs/not-an-id',
    '',
  ])('%s names no paper', (href) => {
    expect(idFromAbsHref(href)).toBeNull();
  });
});

describe('formatArxivId and isCanonicalArxivId', () => {
  it.each([
    [{ id: '2510.09660', version: 2 }, '2510.09660v2'],
    [{ id: '2510.09660', version: null }, '2510.09660'],
    [{ id: 'hep-th/9901001', version: 1 }, 'hep-th/9901001v1'],
  ])('%o is written %s', (parts, text) => {
    expect(formatArxivId(parts)).toBe(text);
    expect(parseArxivId(text)).toEqual(parts);
  });

  it.each([
    ['2510.09660', true],
    ['hep-th/9901001', true],
    ['2510.09660v2', false],
    ['arXiv:2510.09660', false],
    ['math.GT/0309136', false],
    ['2510.0966', false],
  ])('%s canonical: %s', (text, canonical) => {
    expect(isCanonicalArxivId(text)).toBe(canonical);
  });
});

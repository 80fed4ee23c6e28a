import { describe, expect, it } from 'vitest';
import {
  ARXIV_API_QUERY_URL,
  MAX_IDS_PER_REQUEST,
  idListChunks,
  idListQueryUrl,
  idListQueryUrls,
} from '../../lib/arxiv/api-query';

/** `2609.00000`, `2609.00001`, …: distinct new-style ids. */
function ids(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => `2609.${String(offset + i).padStart(5, '0')}`);
}

function queryOf(url: string): { idList: string[]; maxResults: number } {
  const params = new URL(url).searchParams;
  return {
    idList: (params.get('id_list') ?? '').split(',').filter((id) => id !== ''),
    maxResults: Number(params.get('max_results')),
  };
}

describe('idListQueryUrls', () => {
  it('asks the export host for the ids, with max_results set to their number', () => {
    expect(idListQueryUrls(['1707.08567', 'hep-th/9901001'])).toEqual([
      'https://export.arxiv.org/api/query?id_list=1707.08567,hep-th/9901001&max_results=2',
    ]);
  });

  it('returns no URL for no ids', () => {
    expect(idListQueryUrls([])).toEqual([]);
    expect(idListQueryUrls(['', '  '])).toEqual([]);
  });

  it('drops repeated ids, keeping the first occurrence order', () => {
    const urls = idListQueryUrls(['2609.00002', '2609.00001', '2609.00002', ' 2609.00001 ']);
    expect(urls.map(queryOf)).toEqual([{ idList: ['2609.00002', '2609.00001'], maxResults: 2 }]);
  });

  it('splits 250 ids into chunks of at most 100, each with a matching max_results', () => {
    const all = ids(250);
    const queries = idListQueryUrls(all).map(queryOf);
    expect(queries.map((query) => query.idList.length)).toEqual([100, 100, 50]);
    expect(queries.map((query) => query.maxResults)).toEqual([100, 100, 50]);
    expect(queries.flatMap((query) => query.idList)).toEqual(all);
  });

  it('counts distinct ids when chunking', () => {
    const withRepeats = [...ids(100), ...ids(100), ...ids(1, 100)];
    expect(idListChunks(withRepeats).map((chunk) => chunk.length)).toEqual([100, 1]);
  });

  it('makes exactly full chunks when the count is a multiple of the limit', () => {
    expect(idListChunks(ids(2 * MAX_IDS_PER_REQUEST)).map((chunk) => chunk.length)).toEqual([
      100, 100,
    ]);
  });

  it('uses the base URL it is given', () => {
    expect(idListQueryUrls(['1707.08567'], 'http://127.0.0.1:8123/api/query')).toEqual([
      'http://127.0.0.1:8123/api/query?id_list=1707.08567&max_results=1',
    ]);
  });

  it('escapes characters that would change the query', () => {
    const url = idListQueryUrl(['a&b=c', 'd#e']);
    expect(url.startsWith(ARXIV_API_QUERY_URL)).toBe(true);
    expect(queryOf(url).idList).toEqual(['a&b=c', 'd#e']);
  });
});

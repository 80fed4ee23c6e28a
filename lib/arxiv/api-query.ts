/** The arXiv API endpoint for metadata queries. */
export const ARXIV_API_QUERY_URL = 'https://export.arxiv.org/api/query';

/** arXiv's terms: at most one request every three seconds. */
export const ARXIV_REQUEST_SPACING_MS = 3000;

/** Keeps each answer small and each URL well under common length limits. */
export const MAX_IDS_PER_REQUEST = 100;

/** Splits ids into request-sized chunks, dropping blanks and repeats (first occurrence kept). */
export function idListChunks(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += MAX_IDS_PER_REQUEST) {
    chunks.push(unique.slice(start, start + MAX_IDS_PER_REQUEST));
  }
  return chunks;
}

/** The query URL for one chunk; `max_results` must match or arXiv stops at its default of 10. */
export function idListQueryUrl(ids: readonly string[], base = ARXIV_API_QUERY_URL): string {
  // Commas separate ids and slashes belong to old-style ids: both are legal in a query string,
  // and arXiv documents the list in this plain form.
  const idList = ids.map((id) => encodeURIComponent(id).replace(/%2F/gi, '/')).join(',');
  return `${base}?id_list=${idList}&max_results=${ids.length}`;
}

/** Query URLs fetching every distinct id, at most `MAX_IDS_PER_REQUEST` ids each. */
export function idListQueryUrls(ids: readonly string[], base = ARXIV_API_QUERY_URL): string[] {
  return idListChunks(ids).map((chunk) => idListQueryUrl(chunk, base));
}

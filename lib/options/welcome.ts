/** The first-run steps show while there is no key yet, or when the page is opened with `?welcome`. */
export function showsWelcome(storedApiKey: string, search: string): boolean {
  return storedApiKey === '' || new URLSearchParams(search).has('welcome');
}

export const FIRST_LISTING_URL = 'https://arxiv.org/list/cs.LG/new';

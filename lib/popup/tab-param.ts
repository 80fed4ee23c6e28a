/**
 * A tab named in the popup's address: `popup.html?tab=<tabId>` shows that tab's listing instead
 * of the active tab's. End-to-end tests open the popup as a page of its own, where "the active
 * tab" is the popup itself; `&url=<address>` says what the tab shows, because the browser hides
 * a tab's address from an extension that was not invoked on it (no `activeTab` grant).
 */
export interface TabParam {
  tabId: number;
  url: string | null;
}

/** Reads `?tab=<id>[&url=<address>]`; null when no valid tab id is given. */
export function tabParam(search: string): TabParam | null {
  const params = new URLSearchParams(search);
  const raw = params.get('tab');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const tabId = Number(raw);
  if (!Number.isSafeInteger(tabId)) return null;
  return { tabId, url: params.get('url') || null };
}

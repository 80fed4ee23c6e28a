import { validateSetting } from '../settings';

// api.openai.com answers extensions' cross-origin calls (CORS) without being asked; every other
// endpoint may not, and a local server usually does not, so the browser's host permission for it
// is asked for at run time instead of every site at install.
const NEEDS_NO_PERMISSION = new Set(['https://api.openai.com']);

export interface HostAccess {
  /** `http://localhost:11434`, as shown to the user. */
  origin: string;
  /**
   * The match pattern to request: by host name without the port, because Firefox refuses ports in
   * match patterns and Chrome's port-less pattern covers every port.
   */
  pattern: string;
}

/** What host permission a base URL needs; null when none (OpenAI) or the URL is not valid. */
export function hostAccessFor(baseUrl: string): HostAccess | null {
  const checked = validateSetting('baseUrl', baseUrl);
  if (!checked.ok) return null;
  const url = new URL(checked.value);
  if (NEEDS_NO_PERMISSION.has(url.origin)) return null;
  return { origin: url.origin, pattern: `${url.protocol}//${url.hostname}/*` };
}

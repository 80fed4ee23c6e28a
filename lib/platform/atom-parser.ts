import { browser } from 'wxt/browser';
import { parseAtomText, type AtomFeedResult } from '../arxiv/atom';
import type { AtomParseRequest } from './offscreen-atom';

/** Parses arXiv API XML with the browser's own XML parser, wherever the background runs. */
export type AtomFeedParser = (xml: string) => Promise<AtomFeedResult>;

interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?: () => Promise<boolean>;
}

const OFFSCREEN_PATH = '/offscreen.html';

/**
 * Firefox's background page has a DOMParser; Chrome's service worker does not, so there the
 * XML goes to the offscreen document (created on first use, reused after).
 */
export function createAtomFeedParser(): AtomFeedParser {
  if (typeof DOMParser !== 'undefined') {
    const parser = new DOMParser();
    return async (xml) =>
      parseAtomText(xml, (text) => parser.parseFromString(text, 'application/xml'));
  }
  let ready: Promise<void> | null = null;
  return async (xml) => {
    ready ??= ensureOffscreenDocument().catch((error: unknown) => {
      ready = null; // let the next call try again
      throw error;
    });
    await ready;
    const request: AtomParseRequest = { target: 'offscreen', type: 'parse-atom', xml };
    return (await browser.runtime.sendMessage(request)) as AtomFeedResult;
  };
}

async function ensureOffscreenDocument(): Promise<void> {
  const offscreen = (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
  if (!offscreen) throw new Error('This browser offers no XML parser to the background.');
  if (offscreen.hasDocument && (await offscreen.hasDocument())) return;
  try {
    await offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['DOM_PARSER'],
      justification: 'Parse arXiv API (Atom XML) responses to read abstracts.',
    });
  } catch (error) {
    // Another caller created it in the meantime (a restarted worker does not know it exists).
    if (!String(error).includes('Only a single offscreen')) throw error;
  }
}

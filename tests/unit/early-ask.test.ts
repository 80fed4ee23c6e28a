import { describe, expect, it, vi } from 'vitest';
import { readListingPage } from '../../lib/arxiv/listing';
import type { PortRequest } from '../../lib/messaging/protocol';
import { askEarly, glanceIds } from '../../lib/page/early-ask';
import type { PagePortLike } from '../../lib/page/score-page';
import { htmlDocument, sharedFixture } from '../support/fixtures';

const CURRENT = 'arxiv/list-cond-mat.mtrl-sci-new-2026-09-22-current.html';
const LEGACY = 'arxiv/list-cs-new-2018-07-20-legacy-trimmed.html';
const URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

function port() {
  const sent: PortRequest[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const fake: PagePortLike = {
    postMessage: (message) => sent.push(message),
    onMessage: { addListener: (listener) => messageListeners.push(listener) },
    onDisconnect: { addListener: (listener) => disconnectListeners.push(listener) },
    disconnect: vi.fn(),
  };
  return {
    fake,
    sent,
    /** The background answers on the port. */
    emit: (message: unknown) => messageListeners.forEach((listener) => listener(message)),
    /** The service worker stopped. */
    drop: () => disconnectListeners.forEach((listener) => listener()),
  };
}

/** The page as the content script reads it in full: what the glance must agree with. */
function fullRead(doc: Document, url: string) {
  const page = readListingPage(doc, url)!;
  const ref = {
    url,
    category: page.listing.category,
    pageKind: page.listing.pageKind,
    listingDate: page.listing.date,
  };
  return { ref, paperIds: [...page.entryOf.keys()] };
}

describe('glanceIds', () => {
  it.each([CURRENT, LEGACY])('finds the papers the full read finds, in order (%s)', (fixture) => {
    const doc = htmlDocument(sharedFixture(fixture));
    const root = doc.getElementById('dlpage') ?? doc.body;
    expect(glanceIds(root)).toEqual(fullRead(doc, URL).paperIds);
  });
});

describe('askEarly', () => {
  it('asks for what is known before the full read, and hands over its port', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    const ports = port();
    const { fake, sent } = ports;
    const early = askEarly(doc, URL, () => fake)!;
    const read = fullRead(doc, URL);
    expect(sent).toEqual([
      {
        type: 'page/score',
        page: read.ref,
        paperIds: read.paperIds,
        only: null,
        force: false,
        queue: false,
      },
    ]);
    // The answer may come while the page is still read: it waits for the page's listener.
    const { emit } = ports;
    emit({ type: 'thresholds', minRelevance: 8, minNovelty: 7 });
    const adopted = early.adopt(read.paperIds)!;
    const heard: unknown[] = [];
    adopted.onMessage.addListener((message) => heard.push(message));
    emit({ type: 'run', progress: { costUsd: 0, calls: 0, priced: true } });
    expect(heard.map((message) => (message as { type: string }).type)).toEqual([
      'thresholds',
      'run',
    ]);
    adopted.postMessage({ ...sent[0]!, queue: true });
    expect(sent).toHaveLength(2);
    expect(fake.disconnect).not.toHaveBeenCalled();
  });

  it('tells the page of a port that dropped before it took the port over', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    const ports = port();
    const early = askEarly(doc, URL, () => ports.fake)!;
    ports.drop();
    const adopted = early.adopt(fullRead(doc, URL).paperIds)!;
    const dropped = vi.fn();
    adopted.onDisconnect.addListener(dropped);
    expect(dropped).toHaveBeenCalledOnce();
  });

  it('closes its port when the full read disagrees, so the page asks again', () => {
    const doc = htmlDocument(sharedFixture(CURRENT));
    const { fake } = port();
    const early = askEarly(doc, URL, () => fake)!;
    const read = fullRead(doc, URL);
    expect(early.adopt(read.paperIds.slice(1))).toBeNull();
    expect(fake.disconnect).toHaveBeenCalledOnce();
  });

  it('asks nothing where a glance cannot tell the page or finds no entries', () => {
    const connect = vi.fn(() => port().fake);
    const listing = htmlDocument(sharedFixture(CURRENT));
    expect(askEarly(listing, 'https://arxiv.org/abs/2609.22268', connect)).toBeNull();
    const abs = htmlDocument(sharedFixture('arxiv/abs-2609.22268-2026-09-current.html'));
    expect(askEarly(abs, URL, connect)).toBeNull();
    expect(connect).not.toHaveBeenCalled();
  });
});

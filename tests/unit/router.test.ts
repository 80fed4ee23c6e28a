import { describe, expect, it, vi } from 'vitest';
import type { PaperReading } from '../../lib/arxiv/types';
import { createRouter, type Handlers } from '../../lib/messaging/router';

const EXTENSION_ID = 'paper-sieve-test';

// A paper as the page sends it (see `PaperReading`).
const paper: PaperReading = {
  id: '2609.22268',
  version: null,
  title: 'Efficient spectral Galerkin framework',
  authors: ['Théo Andrieux'],
  comments: null,
  journalRef: null,
  subjectsLine: '\n  Materials Science (cond-mat.mtrl-sci)\n',
  primarySubjectText: 'Materials Science (cond-mat.mtrl-sci)',
  abstract: null,
  section: 0,
  crossListFrom: null,
  itemNumber: 1,
};

function setup() {
  const listingRead = vi.fn(async () => ({
    abstracts: { '2609.22268': 'An abstract.' },
    titleOnly: {},
    fetched: [],
  }));
  // Only `listing/read` is exercised; the other handlers are never reached in these tests.
  const handlers = { 'listing/read': listingRead } as unknown as Handlers;
  return { handlers, route: createRouter(EXTENSION_ID, handlers) };
}

describe('the background door', () => {
  it('answers a valid request from the extension itself', async () => {
    const { handlers, route } = setup();
    const answer = await route({ type: 'listing/read', papers: [paper] }, { id: EXTENSION_ID });
    expect(answer).toEqual({
      abstracts: { '2609.22268': 'An abstract.' },
      titleOnly: {},
      fetched: [],
    });
    expect(handlers['listing/read']).toHaveBeenCalledOnce();
  });

  it.each([
    ['another extension', { id: 'someone-else' }],
    ['a web page (no extension id)', { url: 'https://evil.example/' }],
  ])('drops a message from %s without answering', (_label, sender) => {
    const { handlers, route } = setup();
    expect(route({ type: 'listing/read', papers: [paper] }, sender)).toBeUndefined();
    expect(handlers['listing/read']).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown type', { type: 'settings/steal' }],
    ['a paper with a hostile id', { type: 'listing/read', papers: [{ ...paper, id: '<img>' }] }],
    [
      'a title beyond any real one',
      { type: 'listing/read', papers: [{ ...paper, title: 'x'.repeat(5000) }] },
    ],
    ['not an object', 'listing/read'],
  ])('refuses %s with a message, never calling a handler', async (_label, message) => {
    const { handlers, route } = setup();
    const answer = (await route(message, { id: EXTENSION_ID })) as { error: string };
    expect(answer.error).toMatch(/^Malformed request/);
    expect(handlers['listing/read']).not.toHaveBeenCalled();
  });

  it('leaves messages addressed to the offscreen document to it', () => {
    const { route } = setup();
    expect(route({ target: 'offscreen', type: 'parse-atom', xml: '' }, { id: EXTENSION_ID })).toBe(
      undefined,
    );
  });

  it('turns a failing handler into an error value', async () => {
    const { handlers, route } = setup();
    vi.mocked(handlers['listing/read']).mockRejectedValueOnce(new Error('database closed'));
    const answer = await route({ type: 'listing/read', papers: [] }, { id: EXTENSION_ID });
    expect(answer).toEqual({ error: 'database closed' });
  });
});

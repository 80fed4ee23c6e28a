import { describe, expect, it, vi } from 'vitest';
import type { PaperReading } from '../../lib/arxiv/types';
import { createRouter, type Handlers } from '../../lib/messaging/router';

const EXTENSION_ID = 'paper-sieve-test';

const paper: PaperReading = {
  id: '2609.22268',
  version: null,
  title: 'A title',
  authors: ['A. Author'],
  comments: null,
  journalRef: null,
  subjectsLine: null,
  primarySubjectText: null,
  abstract: 'An abstract.',
  section: 0,
  crossListFrom: null,
  itemNumber: 1,
};

function setup() {
  const called = vi.fn(async () => ({ ok: true }));
  const handlers = new Proxy({} as Handlers, { get: () => called });
  return { called, route: createRouter(EXTENSION_ID, handlers) };
}

describe('the background door against hostile messages', () => {
  it.each([
    ['another extension', { id: 'evil-extension-id' }],
    ['an id differing in case', { id: EXTENSION_ID.toUpperCase() }],
    ['no sender id', {}],
    ['a web page', { url: 'https://arxiv.org/list/cs.LG/new' }],
  ])('drops even a valid request from %s without answering', (_label, sender) => {
    const { called, route } = setup();
    for (const message of [
      { type: 'store/clear' },
      { type: 'connection/test', baseUrl: 'https://evil.example/v1', apiKey: 'x', model: 'm' },
      { type: 'listing/read', papers: [paper] },
    ]) {
      expect(route(message, sender)).toBeUndefined();
    }
    expect(called).not.toHaveBeenCalled();
  });

  it.each([
    ['null', null],
    ['a string', 'store/clear'],
    ['an unknown type', { type: 'settings/read' }],
    ['a prototype key', JSON.parse('{"__proto__": {"type": "store/clear"}}')],
    ['a wrong field type', { type: 'digest/days', limit: '10' }],
    ['an out-of-range limit', { type: 'digest/days', limit: 1_000_000 }],
    ['a non-URL', { type: 'digest/page', url: 'not a url' }],
    ['a hostile paper id', { type: 'listing/read', papers: [{ ...paper, id: '../../etc' }] }],
    [
      'an oversized abstract',
      { type: 'listing/read', papers: [{ ...paper, abstract: 'x'.repeat(20_001) }] },
    ],
    [
      'too many papers',
      { type: 'listing/read', papers: Array.from({ length: 5_001 }, () => paper) },
    ],
  ])('refuses %s from the extension itself without calling a handler', async (_label, message) => {
    const { called, route } = setup();
    const answer = await route(message, { id: EXTENSION_ID });
    expect(answer).toMatchObject({ error: expect.stringMatching(/^Malformed request/) });
    expect(called).not.toHaveBeenCalled();
  });

  it('leaves messages addressed to another extension page to their listener', () => {
    const { called, route } = setup();
    expect(
      route({ target: 'offscreen', type: 'atom/parse' }, { id: EXTENSION_ID }),
    ).toBeUndefined();
    expect(called).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import type { JudgementView, PortEvent, PortRequest } from '../../lib/messaging/protocol';
import { scoreListingPage, type PagePortLike } from '../../lib/page/score-page';
import type { EntryStatus } from '../../lib/page/scores';

/** A runtime port whose other end the test plays. */
class FakePort implements PagePortLike {
  readonly sent: PortRequest[] = [];
  private listeners: ((message: unknown) => void)[] = [];
  private disconnects: (() => void)[] = [];
  postMessage(message: PortRequest): void {
    this.sent.push(message);
  }
  onMessage = {
    addListener: (listener: (message: unknown) => void) => this.listeners.push(listener),
  };
  onDisconnect = { addListener: (listener: () => void) => this.disconnects.push(listener) };
  disconnect(): void {}
  /** The background says something. */
  emit(event: PortEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  /** The service worker stopped. */
  drop(): void {
    for (const listener of this.disconnects) listener();
  }
}

function judgement(paperId: string): JudgementView {
  return {
    paperId,
    kind: 'scored',
    relevance: 9,
    novelty: 8,
    comment: `Matches criterion 1: ${paperId}`,
    model: 'gpt-5-mini',
    titleOnly: false,
    kept: true,
  };
}

function setup(paperIds: string[]) {
  const port = new FakePort();
  const writes: { id: string; status: EntryStatus }[] = [];
  const timers: { at: number; run: () => void }[] = [];
  const frames: (() => void)[] = [];
  let now = 0;
  const scoring = scoreListingPage(
    {
      url: 'https://arxiv.org/list/cs.LG/new',
      category: 'cs.LG',
      pageKind: 'new',
      listingDate: null,
    },
    {
      connect: () => port,
      paperIds,
      writeEntry: (id, status) => writes.push({ id, status }),
      onWritten: () => undefined,
      frame: (callback) => frames.push(callback),
      later: (ms, run) => timers.push({ at: now + ms, run }),
    },
  );
  return {
    port,
    writes,
    scoring,
    /** Runs the animation frames asked for so far (and those they ask for). */
    flushFrames() {
      while (frames.length > 0) frames.shift()!();
    },
    /** Moves the clock on, running the timers due. */
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

describe('scoreListingPage', () => {
  const ids = ['2609.00001', '2609.00002', '2609.00003'];

  it('writes what the background answers at once, and only what the frame budget leaves later', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `2609.${String(i).padStart(5, '0')}`);
    const page = setup(many);
    page.scoring.start();
    page.port.emit({ type: 'judged', judgements: many.map(judgement) });
    // No clock in this test: the count per frame (4000) is the budget.
    expect(page.writes).toHaveLength(4000);
    page.flushFrames();
    expect(page.writes).toHaveLength(5000);
  });

  it('writes each entry once on a revisit: remembered judgements arrive before "queued" shows', () => {
    const page = setup(ids);
    page.scoring.start();
    // What is known is asked for at once, before the listing is stored: nothing is queued yet.
    expect(page.port.sent).toEqual([
      expect.objectContaining({ type: 'page/score', paperIds: ids, only: null, queue: false }),
    ]);
    page.flushFrames();
    expect(page.writes).toEqual([]);

    page.port.emit({ type: 'thresholds', minRelevance: 8, minNovelty: 7 });
    page.port.emit({ type: 'judged', judgements: ids.map(judgement) });
    page.flushFrames();
    page.advance(1_000);
    page.flushFrames();

    expect(page.writes.map((write) => [write.id, write.status.state])).toEqual(
      ids.map((id) => [id, 'scored']),
    );
  });

  it('shows the entries the background has not spoken of as queued after a moment', () => {
    const page = setup(ids);
    page.scoring.start();
    page.port.emit({ type: 'judged', judgements: [judgement(ids[0]!)] });
    page.flushFrames();
    expect(page.writes.map((write) => write.id)).toEqual([ids[0]]);

    page.advance(100);
    page.flushFrames();
    expect(page.writes).toHaveLength(1);
    page.advance(1_000);
    page.flushFrames();
    expect(page.writes.slice(1).map((write) => [write.id, write.status.phase])).toEqual([
      [ids[1], 'queued'],
      [ids[2], 'queued'],
    ]);
  });

  it('recolours every entry only when the thresholds change', () => {
    const page = setup(ids);
    page.scoring.start();
    page.port.emit({ type: 'judged', judgements: ids.map(judgement) });
    page.flushFrames();
    page.port.emit({ type: 'thresholds', minRelevance: 8, minNovelty: 7 });
    page.flushFrames();
    expect(page.writes).toHaveLength(3);
    page.port.emit({ type: 'thresholds', minRelevance: 9, minNovelty: 7 });
    page.flushFrames();
    expect(page.writes).toHaveLength(6);
    expect(page.scoring.scores.thresholds).toEqual({ minRelevance: 9, minNovelty: 7 });
  });

  it('asks for the rest to be scored once the listing is stored, and only the rest', () => {
    const page = setup(ids);
    page.scoring.start();
    page.port.emit({ type: 'judged', judgements: [judgement(ids[1]!)] });
    page.scoring.scoreRest();
    expect(page.port.sent.at(-1)).toMatchObject({
      type: 'page/score',
      only: [ids[0], ids[2]],
      queue: true,
    });
    // Nothing left: nothing asked.
    page.port.emit({ type: 'judged', judgements: [ids[0]!, ids[2]!].map(judgement) });
    page.scoring.scoreRest();
    expect(page.port.sent).toHaveLength(2);
  });

  it('queues nothing on a reconnect before the listing is stored, and the rest after', () => {
    const page = setup(ids);
    page.scoring.start();
    page.port.drop();
    page.advance(500);
    expect(page.port.sent.at(-1)).toMatchObject({ only: ids, queue: false });
    page.scoring.scoreRest();
    page.port.drop();
    page.advance(500);
    expect(page.port.sent.at(-1)).toMatchObject({ only: ids, queue: true });
  });

  it('settles `shown` once the first answer is on the page, or the port drops', async () => {
    const page = setup(ids);
    let shown = false;
    void page.scoring.shown.then(() => (shown = true));
    page.scoring.start();
    page.port.emit({ type: 'thresholds', minRelevance: 8, minNovelty: 7 });
    page.port.emit({ type: 'judged', judgements: ids.map(judgement) });
    await Promise.resolve();
    // The background's `run` event ends its answer: until then more may come.
    expect(shown).toBe(false);
    page.port.emit({ type: 'run', progress: { costUsd: 0.01, calls: 1, priced: true } });
    await Promise.resolve();
    expect(shown).toBe(true);

    const dropped = setup(ids);
    let settled = false;
    void dropped.scoring.shown.then(() => (settled = true));
    dropped.scoring.start();
    dropped.port.drop();
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});

import type { PageRef, PortEvent, PortRequest } from '../messaging/protocol';
import {
  applyEvent,
  initialScores,
  QUEUED,
  summarise,
  type EntryStatus,
  type PageScores,
  type ScoringSummary,
} from './scores';

/** The part of a runtime Port the page uses. */
export interface PagePortLike {
  postMessage(message: PortRequest): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface ScorePageDeps {
  connect: () => PagePortLike;
  /** The page's papers, in page order. */
  paperIds: readonly string[];
  /** Shows one paper's status on the page (called inside a frame). */
  writeEntry: (paperId: string, status: EntryStatus, scores: PageScores) => void;
  /** After each frame of writes: the summary for the bar, and which papers changed. */
  onWritten: (summary: ScoringSummary, changed: string[]) => void;
  /** One animation frame (requestAnimationFrame); tests pass a synchronous one. */
  frame: (callback: () => void) => void;
  /** setTimeout, injectable for tests. */
  later: (ms: number, callback: () => void) => void;
  /** A clock for the frame budget (performance.now); tests may leave it out. */
  now?: () => number;
}

/** Entries written per frame at most: 2000 in a few frames. */
const WRITES_PER_FRAME = 4000;
/**
 * Milliseconds of writing a frame may take. Off-screen entries skip rendering (entries.css), so
 * a frame's layout and paint no longer grow with the page; yet style, paint and the visibility
 * checks still add ~40 ms a frame on a 2000-entry page (`npm run bench`): a smaller budget
 * means more frames, each paying that again.
 */
const FRAME_BUDGET_MS = 16;
/** A stopped service worker is restarted by reconnecting; a background that keeps vanishing is not chased forever. */
const MAX_RECONNECTS = 20;
const RECONNECT_DELAY_MS = 500;
/**
 * How long entries wait for the background's first word before they show "queued": on a revisit
 * the remembered judgements arrive well within it, and each entry is written once, not twice.
 */
const QUEUED_GRACE_MS = 250;

/**
 * Asks only for what the background knows of these papers (remembered judgements, author
 * matches), queueing nothing: the first thing a page asks, before its listing is stored.
 */
export function askKnown(port: PagePortLike, page: PageRef, paperIds: readonly string[]): void {
  port.postMessage({
    type: 'page/score',
    page,
    paperIds: [...paperIds],
    only: null,
    force: false,
    queue: false,
  });
}

/**
 * Asks the background to score the page's papers and applies each result as it lands. When the
 * service worker is stopped (the port drops), it reconnects and asks again: remembered
 * judgements come straight back and the background's persisted queue goes on.
 */
export function scoreListingPage(page: PageRef, deps: ScorePageDeps) {
  const paperIds = [...deps.paperIds];
  const scores: PageScores = initialScores(paperIds);
  const dirty = new Set<string>();
  /** Entries never written yet: shown as queued once the grace period is over. */
  const unwritten = new Set<string>(paperIds);
  let frameScheduled = false;
  let port: PagePortLike | null = null;
  let force = false;
  let reconnects = 0;
  let stopped = false;
  /** Whether the page's listing is stored: until then nothing is queued (see `start`). */
  let listingStored = false;
  /** The background has answered what it knows (its `run` event ends an answer). */
  let answered = false;
  let markShown: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (markShown = resolve));

  function connect(): void {
    port = deps.connect();
    port.onMessage.addListener((message) => {
      reconnects = 0;
      const event = message as PortEvent;
      if (event.type === 'rescore') return rescore();
      const changed = applyEvent(scores, event);
      for (const id of changed) dirty.add(id);
      if (event.type === 'run') answered = true;
      // Written in this task, not the next frame: the browser renders it at that frame all the
      // same, and a revisit's remembered judgements show a frame sooner. What the budget leaves
      // goes on in the following frames.
      if (!frameScheduled) writeSome();
    });
    port.onDisconnect.addListener(() => {
      port = null;
      markShown(); // no answer is coming on this port: nothing waits for one
      if (stopped || !hasUnfinished() || reconnects >= MAX_RECONNECTS) return;
      reconnects += 1;
      deps.later(RECONNECT_DELAY_MS, () => {
        if (!stopped && port === null)
          request(
            idsWhere((entry) => entry.state === 'pending'),
            force,
            listingStored,
          );
      });
    });
  }

  /**
   * Asks to score `only` those papers (null: all not judged yet); the run always gets them all.
   * `queue: false` asks only for what is known already.
   */
  function request(only: string[] | null, withForce: boolean, queue = true): void {
    force = withForce;
    if (port === null) connect();
    port?.postMessage({ type: 'page/score', page, paperIds, only, force, queue });
  }

  function idsWhere(test: (entry: EntryStatus) => boolean): string[] {
    return paperIds.filter((id) => {
      const entry = scores.entries.get(id);
      return entry !== undefined && entry.judgement === null && test(entry);
    });
  }

  /** Judgements under the old criteria or model no longer hold: every paper is asked again. */
  function rescore(): void {
    for (const id of paperIds) {
      scores.entries.set(id, QUEUED);
      dirty.add(id);
    }
    scheduleWrite();
    request(null, force, listingStored);
  }

  function hasUnfinished(): boolean {
    for (const entry of scores.entries.values()) {
      if (entry.judgement === null && entry.state === 'pending') return true;
    }
    return false;
  }

  function scheduleWrite(): void {
    if (frameScheduled) return;
    frameScheduled = true;
    deps.frame(writeSome);
  }

  /** DOM writes in slices of one frame each, so a 2000-entry page never blocks. */
  function writeSome(): void {
    frameScheduled = false;
    const changed: string[] = [];
    const now = deps.now ?? (() => 0);
    const deadline = now() + FRAME_BUDGET_MS;
    for (const id of dirty) {
      const status = scores.entries.get(id);
      if (status) deps.writeEntry(id, status, scores);
      dirty.delete(id);
      unwritten.delete(id);
      changed.push(id);
      // Whichever comes first: the frame's time budget or its count (the count alone when no
      // clock is given). Checked every few entries: reading the clock is not free either.
      if (changed.length >= WRITES_PER_FRAME) break;
      if (changed.length % 16 === 0 && now() >= deadline) break;
    }
    deps.onWritten(summarise(scores), changed);
    if (dirty.size > 0) scheduleWrite();
    else if (answered) markShown();
  }

  return {
    /**
     * Starts: asks at once for what is known (remembered judgements, author matches), which
     * needs no more than the ids, so it need not wait for the page's listing to be stored.
     * `force` scores even with automatic scoring off, once `scoreRest` is called.
     * `alreadyAsked`: the port `connect` gives first has asked that already (`askKnown`).
     */
    start: (withForce = false, alreadyAsked = false) => {
      // Asked already (lib/page/early-ask.ts): the answer comes on the port `connect` gives.
      if (alreadyAsked && port === null) {
        force = withForce;
        connect();
      } else request(null, withForce, false);
      deps.later(QUEUED_GRACE_MS, () => {
        for (const id of unwritten) dirty.add(id);
        if (dirty.size > 0) scheduleWrite();
      });
    },
    /** The page's listing is stored (and its missing abstracts fetched): the rest is scored. */
    scoreRest: () => {
      listingStored = true;
      if (stopped) return;
      const pending = idsWhere((entry) => entry.state === 'pending');
      if (pending.length > 0) request(pending, force);
    },
    /**
     * Asks again for papers in error or idle (the user pressed retry or "Score this page"); for
     * the given ones only when named.
     */
    retry: (only?: readonly string[]) => {
      const wanted = only ? new Set(only) : null;
      const ids = idsWhere((entry) => entry.state !== 'pending').filter(
        (id) => wanted === null || wanted.has(id),
      );
      for (const id of ids) {
        scores.entries.set(id, QUEUED);
        dirty.add(id);
      }
      scheduleWrite();
      request(ids, true);
    },
    stop: () => {
      stopped = true;
      markShown();
      port?.disconnect();
    },
    /**
     * Settles once what the background knew at the start is on the page (or the port dropped):
     * on a revisit, work that can wait (storing the listing) waits for it rather than delaying it.
     */
    shown,
    scores,
  };
}

import type { PortEvent } from '../messaging/protocol';

/** A page connected to the background, showing some papers. */
export interface Subscriber {
  send(event: PortEvent): void;
}

/** Which connected pages show which papers, so each result reaches every tab showing it. */
export function createSubscribers() {
  const papersOf = new Map<Subscriber, { runId: string; ids: Set<string> }>();

  return {
    subscribe(subscriber: Subscriber, runId: string, paperIds: readonly string[]): void {
      papersOf.set(subscriber, { runId, ids: new Set(paperIds) });
    },
    unsubscribe(subscriber: Subscriber): void {
      papersOf.delete(subscriber);
    },
    /** Sends each page the part of `paperIds` it shows, through `eventFor`. */
    toPapers(paperIds: readonly string[], eventFor: (ids: string[]) => PortEvent): void {
      for (const [subscriber, { ids }] of papersOf) {
        const mine = paperIds.filter((id) => ids.has(id));
        if (mine.length > 0) safeSend(subscriber, eventFor(mine));
      }
    },
    toRun(runId: string, event: PortEvent): void {
      for (const [subscriber, shown] of papersOf) {
        if (shown.runId === runId) safeSend(subscriber, event);
      }
    },
    runIds(): string[] {
      return [...new Set([...papersOf.values()].map((shown) => shown.runId))];
    },
    toAll(event: PortEvent): void {
      for (const subscriber of papersOf.keys()) safeSend(subscriber, event);
    },
  };
}

export type Subscribers = ReturnType<typeof createSubscribers>;

// A tab closed mid-send throws; the others still get the event.
function safeSend(subscriber: Subscriber, event: PortEvent): void {
  try {
    subscriber.send(event);
  } catch {
    /* the port's onDisconnect unsubscribes it */
  }
}

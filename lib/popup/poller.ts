/** Timers, injected so tests can run the clock. */
export interface PollTimers {
  set: (callback: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

export interface PollerOptions<T> {
  load: () => Promise<T>;
  /** Whether the answer says work is still going on, so it is worth asking again. */
  busy: (answer: T) => boolean;
  onAnswer: (answer: T) => void;
  onError: (error: unknown) => void;
  intervalMs: number;
  timers: PollTimers;
}

export interface Poller {
  /**
   * Asks now, and again every interval while the answer is busy. `graceTicks` asks that many
   * more times even when it is not: right after "Score now" the queue may not have filled yet.
   * Calling it again replaces the loop under way; an answer to an older loop is dropped.
   */
  run: (graceTicks?: number) => void;
  stop: () => void;
}

/** Polls `load` (one request at a time) while the work it reports goes on. */
export function createPoller<T>(options: PollerOptions<T>): Poller {
  const { timers } = options;
  let loop = 0;
  let timer: unknown = null;

  const cancel = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
  };

  const tick = (current: number, grace: number) => {
    options.load().then(
      (answer) => {
        if (current !== loop) return;
        options.onAnswer(answer);
        const busy = options.busy(answer);
        if (!busy && grace <= 0) return;
        // Once work was seen, its end is the end: the grace only covers the wait for it to start.
        const left = busy ? 0 : grace - 1;
        timer = timers.set(() => tick(current, left), options.intervalMs);
      },
      (error: unknown) => {
        if (current === loop) options.onError(error);
      },
    );
  };

  return {
    run(graceTicks = 0) {
      cancel();
      tick(++loop, graceTicks);
    },
    stop() {
      cancel();
      loop++;
    },
  };
}

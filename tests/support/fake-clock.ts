import type { Clock } from '../../lib/arxiv/abstract-fetcher';

interface Sleeper {
  at: number;
  /** Order of arrival: sleepers due at the same moment wake in the order they fell asleep. */
  order: number;
  wake: () => void;
}

/** Lets every promise chain that can move on do so (IndexedDB steps included). */
export async function settle(turns = 10): Promise<void> {
  // Macrotask turns, not microtasks: fake-indexeddb moves its transactions on with timers.
  for (let i = 0; i < turns; i++) await new Promise((done) => setTimeout(done, 0));
}

/**
 * A clock whose time moves only when a test moves it: `sleep` waits until the test advances past
 * its end. `now` and `sleep` are bound, so code that takes `clock.now` detached still works.
 */
export class FakeClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private arrivals = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms), order: this.arrivals++, wake });
    });

  /** Sleeps not yet ended. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  /** Moves time to the earliest pending sleep and ends it; false when nothing sleeps. */
  fireNext(): boolean {
    this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = this.sleepers.shift();
    if (!next) return false;
    this.time = Math.max(this.time, next.at);
    next.wake();
    return true;
  }

  /** Moves time forward by `ms`, ending the sleeps due on the way and letting each waker run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    while (this.sleepers.some((sleeper) => sleeper.at <= target)) {
      this.fireNext();
      await settle();
    }
    this.time = target;
  }

  /**
   * Lets work run, ending sleeps one at a time (earliest first), until `done()` holds; throws
   * instead of hanging when nothing is left to wake or `maxSteps` sleeps were ended.
   */
  async runUntil(done: () => boolean, maxSteps = 1_000): Promise<void> {
    for (let step = 0; step <= maxSteps; step++) {
      await settle();
      if (done()) return;
      if (!this.fireNext()) {
        throw new Error(`stuck at ${this.time} ms: waiting, and nothing sleeps on the clock`);
      }
    }
    throw new Error(`still not done after ${maxSteps} sleeps (at ${this.time} ms)`);
  }

  /** Lets work run and ends every sleep, until nothing sleeps any more. */
  async runUntilIdle(maxSteps = 1_000): Promise<void> {
    for (let step = 0; step <= maxSteps; step++) {
      await settle();
      if (!this.fireNext()) return;
    }
    throw new Error(`still sleeping after ${maxSteps} sleeps (at ${this.time} ms)`);
  }

  /** Runs the clock until `promise` settles, and returns what it gives. */
  async drive<T>(promise: Promise<T>, maxSteps = 1_000): Promise<T> {
    let over = false;
    promise.then(
      () => (over = true),
      () => (over = true),
    );
    await this.runUntil(() => over, maxSteps);
    return promise;
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from '../../lib/popup/poller';

const timers = {
  set: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A poller over a script of answers (pending counts); the last one repeats. */
function scripted(pendings: number[]) {
  let calls = 0;
  const seen: number[] = [];
  const errors: unknown[] = [];
  const poller = createPoller<number>({
    load: async () => pendings[Math.min(calls++, pendings.length - 1)] ?? 0,
    busy: (pending) => pending > 0,
    onAnswer: (pending) => seen.push(pending),
    onError: (error) => errors.push(error),
    intervalMs: 1000,
    timers,
  });
  return { poller, seen, errors, calls: () => calls };
}

describe('polling while papers are queued', () => {
  it('asks every second while busy, then stops', async () => {
    const { poller, seen, calls } = scripted([3, 2, 0]);
    poller.run();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([3, 2, 0]);
    expect(calls()).toBe(3);
  });

  it('asks once when nothing is going on', async () => {
    const { poller, calls } = scripted([0]);
    poller.run();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls()).toBe(1);
  });

  it('waits a grace for work to start, and ends with the work once it was seen', async () => {
    const { poller, seen } = scripted([0, 0, 5, 1, 0, 0, 0]);
    poller.run(5);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(seen).toEqual([0, 0, 5, 1, 0]);
  });

  it('gives up after the grace when no work starts', async () => {
    const { poller, calls } = scripted([0]);
    poller.run(3);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls()).toBe(4);
  });

  it('reports a failure and stops', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const poller = createPoller<number>({
      load: async () => {
        calls++;
        throw new Error('gone');
      },
      busy: () => true,
      onAnswer: () => undefined,
      onError: (error) => errors.push(error),
      intervalMs: 1000,
      timers,
    });
    poller.run();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('drops the answers of a loop that was replaced or stopped', async () => {
    let release: (value: number) => void = () => undefined;
    const seen: number[] = [];
    const poller = createPoller<number>({
      load: () => new Promise<number>((resolve) => (release = resolve)),
      busy: () => false,
      onAnswer: (answer) => seen.push(answer),
      onError: () => undefined,
      intervalMs: 1000,
      timers,
    });
    poller.run();
    const first = release;
    poller.run();
    first(1);
    release(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([2]);
    poller.run();
    poller.stop();
    release(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([2]);
  });
});

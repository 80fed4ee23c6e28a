import { describe, expect, it } from 'vitest';
import { NO_FRAME_WAIT_MS, afterNextPaint, type PaintClock } from '../../lib/page/after-paint';

/** A clock whose frames and timers run when the test says. */
function manualClock() {
  const frames: (() => void)[] = [];
  const timers: { ms: number; callback: () => void }[] = [];
  const clock: PaintClock = {
    frame: (callback) => void frames.push(callback),
    later: (ms, callback) => void timers.push({ ms, callback }),
  };
  const runTimers = (ms: number) => {
    for (const timer of timers.splice(0)) {
      if (timer.ms <= ms) timer.callback();
      else timers.push(timer);
    }
  };
  return { clock, frames, timers, runTimers };
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('afterNextPaint', () => {
  it('goes on in a task after the next frame, not in the frame', async () => {
    const { clock, frames, runTimers } = manualClock();
    const waiting = afterNextPaint(clock);
    runTimers(0);
    expect(await settled(waiting)).toBe(false);
    frames.splice(0).forEach((frame) => frame());
    expect(await settled(waiting)).toBe(false); // the frame itself only queues the task
    runTimers(0);
    expect(await settled(waiting)).toBe(true);
  });

  it('goes on when no frame comes (a tab in the background)', async () => {
    const { clock, runTimers } = manualClock();
    const waiting = afterNextPaint(clock);
    runTimers(NO_FRAME_WAIT_MS - 1);
    expect(await settled(waiting)).toBe(false);
    runTimers(NO_FRAME_WAIT_MS);
    expect(await settled(waiting)).toBe(true);
  });
});

/** What `afterNextPaint` waits with: the page's animation frames and timers. */
export interface PaintClock {
  frame(callback: () => void): void;
  later(ms: number, callback: () => void): void;
}

/** How long to wait for a frame that may never come. */
export const NO_FRAME_WAIT_MS = 100;

/**
 * Resolves in a task after the next frame is painted (a task queued at once may run before the
 * paint, inside the frame), or after `NO_FRAME_WAIT_MS` at most: a tab in the background paints
 * no frames, and what waits for one must go on all the same.
 */
export function afterNextPaint(clock: PaintClock): Promise<void> {
  return new Promise<void>((done) => {
    clock.later(NO_FRAME_WAIT_MS, done);
    clock.frame(() => clock.later(0, done));
  });
}

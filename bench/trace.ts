/** CDP tracing for the bench: the events of one trace, read back from its stream. */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { message?: string; url?: string; functionName?: string }; name?: string };
}

/** Starts a devtools.timeline trace (plus `extra` categories) on the page; `stop` returns its events. */
export async function startTrace(
  cdp: CDPSession,
  extra: string[] = [],
): Promise<{ stop: () => Promise<TraceEvent[]> }> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...extra],
    },
  });
  return {
    stop: async () => {
      const done = new Promise<string>((res) =>
        cdp.once('Tracing.tracingComplete', (e) => res(e.stream!)),
      );
      await cdp.send('Tracing.end');
      const handle = await done;
      let text = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle });
        text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle });
      return (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
    },
  };
}

/** Trace events that name where a task's time went, as the Performance panel groups them. */
const PARTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'FireAnimationFrame',
  'FireIdleCallback',
  'TimerFire',
  'EventDispatch',
  'ParseHTML',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Commit',
  'HitTest',
  'MinorGC',
  'MajorGC',
  'IntersectionObserverController::computeIntersections',
]);

/** "62 ms: FireAnimationFrame 24, UpdateLayoutTree 11, …": what one task of `thread` held. */
export function describeTask(task: TraceEvent, thread: TraceEvent[]): string {
  const end = task.ts + (task.dur ?? 0);
  const parts = new Map<string, number>();
  for (const e of thread) {
    if (e === task || e.ph !== 'X' || e.ts < task.ts || e.ts > end || !PARTS.has(e.name)) continue;
    const name = e.name.replace('IntersectionObserverController::computeIntersections', 'IO');
    parts.set(name, (parts.get(name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return `${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`;
}

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

/**
 * `npm run bench:profile`: where the main thread goes on a cached revisit of the 2000-entry page.
 * Scores the page once, revisits it under a CDP trace and a JS sampling profile, and prints the
 * renderer main thread's time by event (layout, style, script…) and the content script's hottest
 * functions. A tool for working on the figures `npm run bench` prints; it measures nothing new.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startArxivServer } from '../tests/support/arxiv-server.ts';
import { REPO_ROOT, launchWithExtension } from '../tests/support/browser.ts';
import { digestReplayHandler, loadDigest } from '../tests/support/digest-replay.ts';
import { setSettings } from '../tests/support/extension-settings.ts';
import { startFakeOpenAI } from '../tests/support/fake-openai.ts';
import { bigListing } from './pages.ts';
import { startTrace, type TraceEvent } from './trace.ts';
import { WATCH_SCRIPT, watchSignal } from './watch.ts';

const SIZE = Number(process.env.BENCH_SIZE ?? 2000);
/** `BENCH_JS_PROFILE=0`: trace only; the sampling profiler slows script down by 1.5–2×. */
const JS_PROFILE = process.env.BENCH_JS_PROFILE !== '0';
/** Tasks listed with what they held: those longer than this (ms). */
const TASK_MS = Number(process.env.BENCH_TASK_MS ?? 30);

async function main(): Promise<void> {
  const arxiv = await startArxivServer();
  const llm = await startFakeOpenAI();
  llm.setHandler(digestReplayHandler(loadDigest('2025-10-16')));
  const url = `https://arxiv.org/list/cs.LG/new?bench=${SIZE}`;
  arxiv.route(`/list/cs.LG/new?bench=${SIZE}`, { body: bigListing(SIZE, 30_000).html });
  const browser = await launchWithExtension({ hostResolverRules: arxiv.hostResolverRules });
  try {
    await setSettings(await browser.serviceWorker(), {
      apiKey: 'sk-bench-key',
      baseUrl: llm.url,
      model: 'gpt-5-mini',
      dailyBudgetUsd: null,
      autoScore: true,
    });
    await browser.context.addInitScript({ content: WATCH_SCRIPT });
    const page = await browser.context.newPage();
    // Heard from the page's console, not polled: polling would show in the profile.
    const allScored = () => watchSignal(page, 'sieve-done', 180_000);
    let scored = allScored();
    await page.goto(url);
    await scored;
    await page.goto('about:blank');

    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const tracing = await startTrace(cdp, JS_PROFILE ? ['v8'] : []);
    if (JS_PROFILE) await cdp.send('Profiler.start');
    scored = allScored();
    await page.goto(url);
    await scored;
    await page.waitForTimeout(300);
    const { profile } = JS_PROFILE
      ? await cdp.send('Profiler.stop')
      : { profile: { nodes: [], samples: [], timeDeltas: [] } };
    const events: TraceEvent[] = await tracing.stop();
    writeFileSync(
      resolve(REPO_ROOT, 'bench/results/revisit.trace.json'),
      JSON.stringify({ traceEvents: events }),
    );

    // The renderer main thread: the thread with the most ParseHTML time.
    const parse = events.find((e) => e.name === 'ParseHTML');
    const main = events.filter((e) => e.pid === parse?.pid && e.tid === parse?.tid);
    const top = main.filter((e) => e.ph === 'X' && e.name === 'RunTask');
    const byName = new Map<string, number>();
    for (const e of main) {
      if (e.ph !== 'X' || !e.dur) continue;
      if (['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name)) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
    }
    const long = top.filter((e) => (e.dur ?? 0) > 50_000).map((e) => (e.dur! / 1000).toFixed(0));
    console.log(
      `main thread: ${top.length} tasks, ${(top.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000).toFixed(0)} ms; over 50 ms: ${long.join(', ')}`,
    );
    console.log('\nby event (inclusive, nested events overlap):');
    for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
    // Long tasks, and what each contains at its top level.
    console.log('\nlong tasks:');
    const first = top[0]?.ts ?? 0;
    for (const task of top.filter((e) => (e.dur ?? 0) > TASK_MS * 1000)) {
      const inside = main.filter(
        (e) =>
          e !== task &&
          e.ph === 'X' &&
          e.ts >= task.ts &&
          e.ts + (e.dur ?? 0) <= task.ts + task.dur! &&
          [
            'FunctionCall',
            'Layout',
            'UpdateLayoutTree',
            'Paint',
            'ParseHTML',
            'EvaluateScript',
            'FireAnimationFrame',
            'v8.compile',
            'MinorGC',
            'MajorGC',
            'PrePaint',
            'Layerize',
            'HitTest',
            'TimerFire',
            'EventDispatch',
            'ScheduleStyleRecalculation',
          ].includes(e.name),
      );
      const parts = new Map<string, number>();
      for (const e of inside) parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
      console.log(
        `  @${((task.ts - first) / 1000).toFixed(0)} ${(task.dur! / 1000).toFixed(0)} ms: ` +
          [...parts]
            .sort((a, b) => b[1] - a[1])
            .map(([n, ms]) => `${n} ${ms.toFixed(0)}`)
            .join(', '),
      );
    }

    // JS self time by function, content script first.
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const node = byId.get(id)!;
      const f = node.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    console.log('\nJS self time (sampled):');
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
  } finally {
    await browser.close();
    await Promise.all([arxiv.close(), llm.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

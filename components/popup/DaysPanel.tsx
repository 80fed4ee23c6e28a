import { useEffect, useState } from 'preact/hooks';
import type { Digest } from '../../lib/digest/types';
import { digestJson } from '../../lib/digest/json';
import { digestMarkdown } from '../../lib/digest/markdown';
import type { DaySummary } from '../../lib/messaging/protocol';
import { digestFileName, EXPORT_TYPES, type ExportFormat } from '../../lib/popup/file-names';
import { backgroundProblem, type Problem } from '../../lib/popup/problems';
import { DayDigest } from './DayDigest';
import { DayList } from './DayList';
import { Notice } from './Notice';
import type { PopupServices } from './services';

export interface DaysPanelProps {
  services: PopupServices;
  /** The local day (YYYY-MM-DD), marked "today" in the list. */
  today: string;
}

/** How many days the list goes back. */
export const DAYS_SHOWN = 30;

type DaysView =
  | { state: 'loading' }
  | { state: 'ready'; days: DaySummary[] }
  | { state: 'failed'; problem: Problem };

/** The digests of previous days, newest first; each opens or downloads. */
export function DaysPanel({ services, today }: DaysPanelProps) {
  const [view, setView] = useState<DaysView>({ state: 'loading' });
  const [open, setOpen] = useState<Digest | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    services.days(DAYS_SHOWN).then(
      (days) => current && setView({ state: 'ready', days }),
      (error: unknown) =>
        current &&
        setView({ state: 'failed', problem: backgroundProblem(error, 'list your digests') }),
    );
    return () => void (current = false);
  }, [services, attempt]);

  /** The day's digest, or null (with the problem shown) when it cannot be had. */
  const loadDay = async (date: string): Promise<Digest | null> => {
    setProblem(null);
    try {
      const digest = await services.dayDigest(date);
      if (digest === null) setProblem({ text: `No digest is stored for ${date}.`, retry: false });
      return digest;
    } catch (error) {
      setProblem(backgroundProblem(error, `read the digest of ${date}`));
      return null;
    }
  };
  const openDay = (date: string) => void loadDay(date).then((digest) => digest && setOpen(digest));
  const exportDay = (date: string, format: ExportFormat) =>
    void loadDay(date).then((digest) => {
      if (!digest) return;
      const text = format === 'markdown' ? digestMarkdown(digest) : digestJson(digest);
      services.download(digestFileName(date, format), text, EXPORT_TYPES[format]);
    });

  if (open) {
    return (
      <DayDigest digest={open} today={today} services={services} onBack={() => setOpen(null)} />
    );
  }
  return (
    <section class="days" aria-labelledby="days-title">
      <header class="heading">
        <h1 id="days-title">Your digests</h1>
        <p class="heading__sub">The papers Paper Sieve kept, day by day.</p>
      </header>
      {problem && <Notice tone="error">{problem.text}</Notice>}
      {view.state === 'loading' && <p class="loading">Reading your digests…</p>}
      {view.state === 'failed' && (
        <Notice
          tone="error"
          action={{ label: 'Try again', onClick: () => setAttempt((n) => n + 1) }}
        >
          {view.problem.text}
        </Notice>
      )}
      {view.state === 'ready' && (
        <DayList days={view.days} today={today} onOpen={openDay} onExport={exportDay} />
      )}
    </section>
  );
}

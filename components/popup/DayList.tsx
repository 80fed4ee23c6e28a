import type { DaySummary } from '../../lib/messaging/protocol';
import type { ExportFormat } from '../../lib/popup/file-names';
import { countOf, formatDollars } from '../../lib/popup/format';

export interface DayListProps {
  days: readonly DaySummary[];
  today: string;
  onOpen: (date: string) => void;
  onExport: (date: string, format: ExportFormat) => void;
}

/** Days with digests, newest first (the background's order), each to open or download. */
export function DayList({ days, today, onOpen, onExport }: DayListProps) {
  if (days.length === 0) return <NoDays />;
  return (
    <ul class="days__list">
      {days.map((day) => (
        <DayRow key={day.date} day={day} today={today} onOpen={onOpen} onExport={onExport} />
      ))}
    </ul>
  );
}

function DayRow(props: Omit<DayListProps, 'days'> & { day: DaySummary }) {
  const { day } = props;
  return (
    <li class="day" data-date={day.date}>
      <p class="day__what">
        <time class="day__date" dateTime={day.date}>
          {day.date}
        </time>
        {day.date === props.today && <span class="day__today"> (today)</span>}
        <span class="day__counts">
          {countOf(day.pages, 'page')} · {day.relevant} kept of {countOf(day.scanned, 'paper')}{' '}
          scanned · {formatDollars(day.costUsd)}
        </span>
      </p>
      <p class="day__actions">
        <button type="button" class="primary" onClick={() => props.onOpen(day.date)}>
          Open <span class="visually-hidden">the digest of {day.date}</span>
        </button>
        <button type="button" onClick={() => props.onExport(day.date, 'markdown')}>
          Markdown <span class="visually-hidden">of {day.date}</span>
        </button>
        <button type="button" onClick={() => props.onExport(day.date, 'json')}>
          JSON <span class="visually-hidden">of {day.date}</span>
        </button>
      </p>
    </li>
  );
}

function NoDays() {
  return (
    <p class="days__empty">
      No digests yet. Open an arXiv listing such as{' '}
      <a href="https://arxiv.org/list/cs.LG/new" target="_blank" rel="noreferrer">
        arxiv.org/list/cs.LG/new
      </a>{' '}
      and Paper Sieve scores it; its digest then appears here.
    </p>
  );
}

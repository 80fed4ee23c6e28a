import { useEffect, useRef } from 'preact/hooks';
import type { Digest } from '../../lib/digest/types';
import { DigestView } from './DigestView';
import type { PopupServices } from './services';

export interface DayDigestProps {
  digest: Digest;
  today: string;
  services: PopupServices;
  onBack: () => void;
}

/** One past day's digest, every page read that day, with its exports. */
export function DayDigest(props: DayDigestProps) {
  const { digest, services } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // The list it replaced had the focus: a keyboard or screen-reader user continues from here.
  useEffect(() => heading.current?.focus(), []);
  const categories = [...new Set(digest.pages.map((page) => page.category))].join(', ');
  return (
    <section class="day-digest" aria-labelledby="day-title">
      <button type="button" class="back" onClick={props.onBack}>
        ← All days
      </button>
      <header class="heading">
        <h1 id="day-title" tabIndex={-1} ref={heading}>
          Digest of <time dateTime={digest.date}>{digest.date}</time>
          {digest.date === props.today && <span class="heading__kind"> · today</span>}
        </h1>
        {categories && <p class="heading__sub">From {categories}</p>}
      </header>
      <DigestView
        digest={digest}
        listedLabel="listed"
        emptyText="No paper was kept that day."
        onDownload={services.download}
        onCopy={services.copy}
      />
    </section>
  );
}

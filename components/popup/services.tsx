import type { Digest } from '../../lib/digest/types';
import type { DaySummary, TabMessage } from '../../lib/messaging/protocol';
import type { PageDigestAnswer } from '../../lib/popup/page-digest';
import type { ListingTab } from '../../lib/popup/listing-url';
import type { PollTimers } from '../../lib/popup/poller';

/**
 * Everything the popup needs from the extension, handed in by its entrypoint, so these
 * components never touch browser APIs and tests can hand in fakes.
 */
export interface PopupServices {
  pageDigest: (url: string) => Promise<PageDigestAnswer>;
  days: (limit: number) => Promise<DaySummary[]>;
  dayDigest: (date: string) => Promise<Digest | null>;
  /** Takes the page's queued papers off the queue; resolves to how many. */
  stopScoring: (url: string) => Promise<number>;
  /** To the listing tab's content script. */
  sendToTab: (tabId: number, message: TabMessage) => Promise<void>;
  openOptions: () => void;
  download: (fileName: string, text: string, type: string) => void;
  copy: (text: string) => Promise<void>;
  timers: PollTimers;
}

/** Which tab the popup was opened on. */
export type PopupTarget = ({ kind: 'listing'; tabId: number } & ListingTab) | { kind: 'elsewhere' };

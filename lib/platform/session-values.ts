import { storage } from 'wxt/utils/storage';

// Values that must outlive one service-worker lifetime but not the browser session.
const lastArxivRequestItem = storage.defineItem<number | null>('session:lastArxivRequestAt', {
  fallback: null,
});

/** When the background last started an arXiv API request (ms), across worker restarts. */
export const lastArxivRequest = {
  read: () => lastArxivRequestItem.getValue(),
  write: (startedAt: number) => lastArxivRequestItem.setValue(startedAt),
};

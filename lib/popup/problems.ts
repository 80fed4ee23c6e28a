/** A failure as the popup shows it: what happened and what to do about it. */
export interface Problem {
  text: string;
  /** Whether asking again may help (a Retry button). */
  retry: boolean;
}

// What Chrome and Firefox say when nothing listens on the other end of a message.
const UNREACHABLE = [
  /receiving end does not exist/i,
  /could not establish connection/i,
  /did not answer/i,
  /message port closed/i,
  /extension context invalidated/i,
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unreachable(message: string): boolean {
  return UNREACHABLE.some((pattern) => pattern.test(message));
}

/** A request to the background failed. */
export function backgroundProblem(error: unknown, doing: string): Problem {
  const message = messageOf(error);
  if (unreachable(message)) {
    return {
      text:
        'Paper Sieve’s background is not answering. Try again; if it keeps failing, reload ' +
        'Paper Sieve on chrome://extensions (or restart the browser).',
      retry: true,
    };
  }
  return { text: `Paper Sieve could not ${doing}: ${message}`, retry: true };
}

/** A message to the arXiv tab failed: usually its content script is not there (yet). */
export function tabProblem(error: unknown): Problem {
  const message = messageOf(error);
  if (unreachable(message)) {
    return {
      text:
        'This tab is not connected to Paper Sieve (it was probably open before Paper Sieve ' +
        'was installed or updated). Reload the arXiv page, then try again.',
      retry: false,
    };
  }
  return {
    text: `The arXiv page did not respond: ${message}. Reload it and try again.`,
    retry: false,
  };
}

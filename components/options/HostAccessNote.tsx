export type HostAccessState = 'checking' | 'granted' | 'missing' | 'asking' | 'denied';

export interface HostAccessNoteProps {
  origin: string;
  state: HostAccessState;
  onAllow: () => void;
}

/** Why the browser is asked before Paper Sieve may reach an endpoint other than OpenAI. */
export function HostAccessNote({ origin, state, onAllow }: HostAccessNoteProps) {
  const allow = (
    <button type="button" onClick={onAllow}>
      Allow access to {origin}
    </button>
  );
  return (
    <div class="host-access" role="status">
      {state === 'granted' && <p>Paper Sieve may reach {origin}.</p>}
      {state === 'checking' && <p>Checking whether Paper Sieve may reach {origin}…</p>}
      {state === 'asking' && <p>Your browser is asking whether Paper Sieve may reach {origin}.</p>}
      {(state === 'missing' || state === 'denied') && (
        <>
          <p>
            {state === 'denied' ? 'Access was not given. ' : ''}
            Browsers let an extension reach a site only with your permission, and without it a
            server that does not allow extensions (most local ones) refuses Paper Sieve’s calls. It
            asks once, for {origin} only.
          </p>
          {allow}
        </>
      )}
    </div>
  );
}

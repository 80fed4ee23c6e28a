import { useEffect, useRef, useState } from 'preact/hooks';
import { hostAccessFor, type HostAccess } from '../../lib/options/host-access';
import type { HostAccessState } from './HostAccessNote';
import type { OptionsServices } from './services';

interface Access {
  pattern: string;
  state: HostAccessState;
}

export interface HostAccessControl {
  /** The endpoint that needs permission and where it stands; null when none is needed. */
  current: (HostAccess & { state: HostAccessState }) | null;
  /** Asks the browser; call it straight from a click or change handler. */
  request: (baseUrl: string) => void;
}

/** Whether Paper Sieve may reach the stored endpoint, and asking for it within a gesture. */
export function useHostAccess(storedBaseUrl: string, services: OptionsServices): HostAccessControl {
  const [access, setAccess] = useState<Access | null>(null);
  const latest = useRef(access);
  latest.current = access;
  const target = hostAccessFor(storedBaseUrl);
  const pattern = target?.pattern ?? null;

  useEffect(() => {
    // Already known (or being asked) for this endpoint: nothing to look up.
    if (pattern === null || latest.current?.pattern === pattern) return;
    setAccess({ pattern, state: 'checking' });
    const settle = (granted: boolean) =>
      setAccess((now) =>
        now?.pattern === pattern && now.state === 'checking'
          ? { pattern, state: granted ? 'granted' : 'missing' }
          : now,
      );
    services.hasHostAccess(pattern).then(settle, () => settle(false));
  }, [pattern, services]);

  const request = (baseUrl: string) => {
    const wanted = hostAccessFor(baseUrl);
    if (wanted === null) return;
    const known = latest.current;
    if (known?.pattern === wanted.pattern && known.state === 'granted') return;
    // First thing in the handler: the browser honours the request only within the gesture.
    const answer = services.requestHostAccess(wanted.pattern);
    setAccess({ pattern: wanted.pattern, state: 'asking' });
    const settle = (granted: boolean) =>
      setAccess((now) =>
        now?.pattern === wanted.pattern
          ? { pattern: wanted.pattern, state: granted ? 'granted' : 'denied' }
          : now,
      );
    answer.then(settle, () => settle(false));
  };

  const state = access?.pattern === pattern ? access.state : 'checking';
  return { current: target && { ...target, state }, request };
}

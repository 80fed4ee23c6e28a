import type { ConnectionReport } from '../../lib/llm/connection-test';
import { connectionVerdict } from '../../lib/options/connection-verdict';

export type TestView =
  | { state: 'idle' }
  | { state: 'testing' }
  | { state: 'done'; report: ConnectionReport }
  | { state: 'not-run'; message: string };

export interface ConnectionTestProps {
  view: TestView;
  onTest: () => void;
}

/** One cheap request with the values as typed, and what came of it in plain words. */
export function ConnectionTest({ view, onTest }: ConnectionTestProps) {
  const outcome = view.state === 'done' ? (view.report.ok ? 'ok' : 'failed') : view.state;
  return (
    <div class="connection-test">
      <button
        type="button"
        aria-describedby="connection-test-result"
        onClick={() => view.state !== 'testing' && onTest()}
      >
        Test connection
      </button>
      <p
        id="connection-test-result"
        class={`connection-test__result connection-test__result--${outcome}`}
        role="status"
      >
        {view.state === 'testing' && 'Testing…'}
        {view.state === 'not-run' && view.message}
        {view.state === 'done' && (
          <>
            <strong>{connectionVerdict(view.report)}</strong> {view.report.message}
          </>
        )}
      </p>
    </div>
  );
}

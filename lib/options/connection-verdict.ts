import type { ConnectionReport } from '../llm/connection-test';

/** The few words that lead a connection test's report, before the background's explanation. */
export function connectionVerdict(report: ConnectionReport): string {
  if (report.ok) return 'Connection works.';
  switch (report.kind) {
    case 'auth':
      return 'Key rejected.';
    case 'forbidden':
      return 'Key refused here.';
    case 'unknown-model':
      return 'Model unknown.';
    case 'unreachable':
      return 'Nothing answered.';
    case 'cors':
      return 'Refused by the server (CORS).';
    case 'other':
      return 'The test failed.';
  }
}

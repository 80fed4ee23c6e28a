import { buildMessages } from '../llm/prompt';
import type { AnswerFormat } from '../llm/prompt';
import type { SelectionPrompt } from './types';

// The published digests close with the prompt their papers were chosen by, the paper list
// replaced by this placeholder; Paper Sieve's digests show its own prompt the same way.
const PAPER_LIST_PLACEHOLDER = '[PAPER LIST HERE]';

/** The prompt Paper Sieve sends for these criteria, as a digest shows it. */
export function selectionPromptFor(criteria: string, format: AnswerFormat): SelectionPrompt {
  const [system, user] = buildMessages(criteria, [], { format });
  return {
    system: system?.content ?? '',
    // With no papers the user message ends where the first paper block would begin.
    user: `${user?.content ?? ''}${PAPER_LIST_PLACEHOLDER}`,
  };
}

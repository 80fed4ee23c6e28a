import type { Digest } from '../../lib/digest/types';
import type { TokenUsage } from '../../lib/llm/types';
import { formatCost, formatCount } from '../../lib/popup/format';

export interface UsageTableProps {
  digest: Pick<Digest, 'model' | 'tokens' | 'cost'>;
}

/** Tokens and dollars split as the published digests print them: prompt, completion, total. */
export function UsageTable({ digest }: UsageTableProps) {
  const { model, tokens, cost } = digest;
  const dollars = (amount: number) => formatCost(amount, cost.priced);
  return (
    <section class="usage" aria-labelledby="usage-title">
      <table>
        <caption id="usage-title">
          Tokens and cost <span class="usage__model">· {model}</span>
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Prompt</th>
            <th scope="col">Completion</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Tokens</th>
            <td>{formatCount(tokens.prompt)}</td>
            <td>{formatCount(tokens.completion)}</td>
            <td>{formatCount(tokens.prompt + tokens.completion)}</td>
          </tr>
          <tr>
            <th scope="row">Cost</th>
            <td>{dollars(cost.prompt)}</td>
            <td>{dollars(cost.completion)}</td>
            <td>{dollars(cost.total)}</td>
          </tr>
        </tbody>
      </table>
      {tokenNote(tokens) && <p class="usage__note">{tokenNote(tokens)}</p>}
      {!cost.priced && (
        <p class="usage__note">
          The price of {model} is unknown, so costs count only priced runs. Set its price in
          Options.
        </p>
      )}
    </section>
  );
}

/** The parts of the counts billed differently: cached prompt tokens and reasoning tokens. */
function tokenNote({ cachedPrompt, reasoning }: TokenUsage): string | null {
  const parts = [
    cachedPrompt > 0 &&
      `Cached: ${formatCount(cachedPrompt)} of the prompt tokens, billed at the cheaper cached price.`,
    reasoning > 0 && `Reasoning: ${formatCount(reasoning)} of the completion tokens.`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? null : parts.join(' ');
}

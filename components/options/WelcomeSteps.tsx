import { fieldId } from '../../lib/options/labels';
import { FIRST_LISTING_URL } from '../../lib/options/welcome';

export interface WelcomeStepsProps {
  hasKey: boolean;
}

/** The first run in three steps: a key, a look at the criteria, an arXiv listing. */
export function WelcomeSteps({ hasKey }: WelcomeStepsProps) {
  return (
    <section class="welcome panel" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Start in three steps</h2>
      <ol class="welcome__steps">
        <li class={hasKey ? 'welcome__step welcome__step--done' : 'welcome__step'}>
          <a href={`#${fieldId('apiKey')}`}>Paste your API key</a> below (or choose a local server
          as the provider).
          {hasKey && <span class="welcome__done"> Done.</span>}
        </li>
        <li class="welcome__step">
          <a href={`#${fieldId('criteria')}`}>Read the criteria</a> and make them yours: every paper
          is judged against them.
        </li>
        <li class="welcome__step">
          Open an arXiv listing, e.g.{' '}
          <a href={FIRST_LISTING_URL} target="_blank" rel="noreferrer">
            today’s new cs.LG papers
          </a>
          : Paper Sieve scores them in place.
        </li>
      </ol>
    </section>
  );
}

export interface NoKeyNoticeProps {
  onOpenOptions: () => void;
}

/** The first thing a new user sees: what is missing and where to put it. */
export function NoKeyNotice({ onOpenOptions }: NoKeyNoticeProps) {
  return (
    <section class="no-key" aria-labelledby="no-key-title">
      <h1 id="no-key-title">Welcome to Paper Sieve</h1>
      <p>
        To score arXiv listings, Paper Sieve needs an API key for OpenAI or any compatible service
        (OpenRouter, a local Ollama…). The key stays in this browser and is only sent to the service
        you choose.
      </p>
      <button type="button" class="primary" onClick={onOpenOptions}>
        Open Options to add a key
      </button>
    </section>
  );
}

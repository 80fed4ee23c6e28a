import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { classifyFailure } from './failures';
import { isLocalEndpoint } from './prices';

export interface ConnectionSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
}

export type ConnectionReport =
  | { ok: true; message: string; models: string[] }
  | {
      ok: false;
      kind: 'auth' | 'forbidden' | 'unknown-model' | 'unreachable' | 'cors' | 'other';
      message: string;
      models: string[];
    };

export interface ConnectionTestDeps {
  /** A plain `fetch`, to tell a server that refuses this extension (CORS) from one that is down. */
  fetch: typeof fetch;
  timeoutMs?: number;
}

/**
 * One cheap look at the endpoint: its model list (no tokens spent), else a one-word chat. Says
 * plainly what happened and what to do about it.
 */
export async function testConnection(
  settings: ConnectionSettings,
  deps: ConnectionTestDeps,
): Promise<ConnectionReport> {
  const client = new OpenAI({
    apiKey: settings.apiKey || 'no-key',
    baseURL: settings.baseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    timeout: deps.timeoutMs ?? 15_000,
  });
  const where = settings.baseUrl;

  let models: string[] = [];
  try {
    for await (const model of client.models.list()) models.push(model.id);
  } catch (error) {
    // Servers without a model list still answer chats: try one before judging.
    if (!(error instanceof APIError && error.status === 404)) {
      return explain(error, settings, deps, []);
    }
    models = [];
  }
  if (models.length > 0) {
    if (models.includes(settings.model)) {
      return {
        ok: true,
        models,
        message: `Connected: ${where} offers “${settings.model}” (${models.length} models listed).`,
      };
    }
    const offered = models.slice(0, 8).join(', ') + (models.length > 8 ? ', …' : '');
    return {
      ok: false,
      kind: 'unknown-model',
      models,
      message: `Connected, but ${where} does not list “${settings.model}”. It offers: ${offered}. Choose one of them as the model.`,
    };
  }

  try {
    await client.chat.completions.create({
      model: settings.model,
      messages: [{ role: 'user', content: 'Reply with OK.' }],
    });
    return { ok: true, models, message: `Connected: “${settings.model}” answered at ${where}.` };
  } catch (error) {
    return explain(error, settings, deps, models);
  }
}

async function explain(
  error: unknown,
  settings: ConnectionSettings,
  deps: ConnectionTestDeps,
  models: string[],
): Promise<ConnectionReport> {
  if (error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError)) {
    if (await answersWithoutCors(settings.baseUrl, deps.fetch)) {
      return { ok: false, kind: 'cors', models, message: corsAdvice(settings.baseUrl) };
    }
    return {
      ok: false,
      kind: 'unreachable',
      models,
      message: `Nothing answered at ${settings.baseUrl}. Check the address${
        isLocalEndpoint(settings.baseUrl) ? ' and that the local server is running' : ''
      }.`,
    };
  }
  const failure = classifyFailure(error, settings);
  if (failure.kind === 'fatal') {
    const kind =
      failure.code === 'auth'
        ? 'auth'
        : failure.code === 'forbidden'
          ? 'forbidden'
          : failure.code === 'unknown-model'
            ? 'unknown-model'
            : 'other';
    return { ok: false, kind, models, message: failure.message };
  }
  return { ok: false, kind: 'other', models, message: failure.message };
}

/** An opaque answer to a no-cors request means the server is up and only CORS stood in the way. */
async function answersWithoutCors(baseUrl: string, fetchFn: typeof fetch): Promise<boolean> {
  try {
    await fetchFn(`${baseUrl}/models`, { mode: 'no-cors' });
    return true;
  } catch {
    return false;
  }
}

function corsAdvice(baseUrl: string): string {
  return (
    `The server at ${baseUrl} is running but refuses this extension (CORS). Allow Paper Sieve to ` +
    'reach it when the browser asks, or allow extensions on the server: Ollama — start it with ' +
    'OLLAMA_ORIGINS="chrome-extension://*,moz-extension://*"; LM Studio — turn on “Enable CORS” ' +
    'in its server settings.'
  );
}

/**
 * OpenAI-compatible servers do not all answer errors in OpenAI's envelope,
 * `{"error": {"message": …}}`; the SDK reads only that one, and shows anything else as
 * "400 status code (no body)". Known shapes are rewritten into it, so the reason reaches the
 * user: FastAPI's `{"detail": "…"}` or `{"detail": [{"msg": "…"}]}` (vLLM, some proxies),
 * `{"message": "…"}`, and `{"error": "…"}` (Ollama, LM Studio).
 */
export function errorEnvelopeMessage(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const { error, detail, message } = body;
  if (isRecord(error)) return null; // OpenAI's own envelope: the SDK reads it
  if (typeof error === 'string' && error.trim() !== '') return error.trim();
  if (typeof detail === 'string' && detail.trim() !== '') return detail.trim();
  if (Array.isArray(detail)) {
    const messages = detail
      .map((item) => (isRecord(item) && typeof item['msg'] === 'string' ? describe(item) : null))
      .filter((text): text is string => text !== null);
    if (messages.length > 0) return messages.join('; ');
  }
  if (typeof message === 'string' && message.trim() !== '') return message.trim();
  return null;
}

/** A `fetch` whose error answers are in OpenAI's envelope when their shape is known. */
export function withErrorEnvelope(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok || !(response.headers.get('content-type') ?? '').includes('json')) {
      return response;
    }
    const text = await response.text();
    let message: string | null = null;
    try {
      message = errorEnvelopeMessage(JSON.parse(text));
    } catch {
      // Not JSON after all: the SDK gets it as it came.
    }
    const body = message === null ? text : JSON.stringify({ error: { message } });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** "body.model: Field required": a FastAPI validation error, with where it points. */
function describe(item: Record<string, unknown>): string {
  const where = Array.isArray(item['loc']) ? item['loc'].join('.') : '';
  return where === '' ? String(item['msg']) : `${where}: ${String(item['msg'])}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

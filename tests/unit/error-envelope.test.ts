import { describe, expect, it } from 'vitest';
import { errorEnvelopeMessage, withErrorEnvelope } from '../../lib/llm/error-envelope';

describe('errorEnvelopeMessage', () => {
  it.each([
    ['FastAPI detail', { detail: 'Model not loaded' }, 'Model not loaded'],
    [
      'FastAPI validation errors',
      { detail: [{ loc: ['body', 'model'], msg: 'Field required' }, { msg: 'Extra input' }] },
      'body.model: Field required; Extra input',
    ],
    ['a plain message', { message: 'quota exceeded' }, 'quota exceeded'],
    ['a string error (Ollama, LM Studio)', { error: ' model not found ' }, 'model not found'],
  ])('reads %s', (_, body, message) => {
    expect(errorEnvelopeMessage(body)).toBe(message);
  });

  it.each([
    ['OpenAI’s own envelope', { error: { message: 'x' } }],
    ['an empty object', {}],
    ['an array', ['x']],
    ['a number', 42],
    ['an empty detail', { detail: ' ' }],
  ])('leaves %s alone', (_, body) => {
    expect(errorEnvelopeMessage(body)).toBeNull();
  });
});

describe('withErrorEnvelope', () => {
  const answer = (status: number, body: string, type = 'application/json') =>
    withErrorEnvelope(
      async () => new Response(body, { status, headers: { 'content-type': type } }),
    );

  it('puts a known error shape in OpenAI’s envelope, keeping status and headers', async () => {
    const response = await answer(400, '{"detail":"Bad model"}')('https://x/v1');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: { message: 'Bad model' } });
  });

  it('passes on answers it has nothing to add to, byte for byte', async () => {
    for (const [status, body, type] of [
      [200, '{"detail":"not an error"}', 'application/json'],
      [400, '{"error":{"message":"OpenAI"}}', 'application/json'],
      [502, '<html>proxy</html>', 'text/html'],
      [500, '{not json', 'application/json'],
    ] as const) {
      const response = await answer(status, body, type)('https://x/v1');
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(body);
    }
  });
});

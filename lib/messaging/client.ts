import { browser } from 'wxt/browser';
import type { ErrorResponse, RequestOf, ResponseMap } from './protocol';
import type { Request } from './schema';

/** Sends one request to the background and returns its typed answer; a reported error throws. */
export async function ask<T extends Request['type']>(
  request: RequestOf<T>,
): Promise<ResponseMap[T]> {
  const answer = (await browser.runtime.sendMessage(request)) as
    ResponseMap[T] | ErrorResponse | undefined;
  if (answer === undefined) throw new Error('Paper Sieve’s background did not answer.');
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

import type { ErrorResponse, RequestOf, ResponseMap } from './protocol';
import { RequestSchema, type Request } from './schema';

export interface MessageSender {
  id?: string;
  url?: string;
}

export type Handlers = {
  [K in Request['type']]: (request: RequestOf<K>, sender: MessageSender) => Promise<ResponseMap[K]>;
};

/**
 * The background's door: drops anything not sent by this extension (its pages or content
 * scripts), validates the rest with zod, and turns handler failures into `{ error }` values.
 * Returns undefined for messages that are not requests of ours, so other listeners may answer.
 */
export function createRouter(extensionId: string, handlers: Handlers) {
  return (message: unknown, sender: MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== extensionId) return undefined;
    const parsed = RequestSchema.safeParse(message);
    if (!parsed.success) {
      if (isAddressedToOthers(message)) return undefined;
      return Promise.resolve<ErrorResponse>({
        error: `Malformed request: ${parsed.error.message}`,
      });
    }
    return dispatch(handlers, parsed.data, sender).catch((error: unknown): ErrorResponse => ({
      error: errorText(error),
    }));
  };
}

function dispatch(handlers: Handlers, request: Request, sender: MessageSender): Promise<unknown> {
  const handler = handlers[request.type] as (r: Request, s: MessageSender) => Promise<unknown>;
  return handler(request, sender);
}

/** Messages with a `target` go to another extension page (the offscreen document). */
function isAddressedToOthers(message: unknown): boolean {
  return typeof message === 'object' && message !== null && 'target' in message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

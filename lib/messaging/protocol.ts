import type { Request } from './schema';

// Type-only import above: the content script must not bundle zod (size), only the background
// validates. Every message between the extension's parts is declared here.

/** Why a paper goes on title-only, in words a researcher can act on. */
export type TitleOnlyReason = string;

export interface ListingReadResponse {
  /** Abstracts for papers the page listed without one (from the store or the arXiv API). */
  abstracts: Record<string, string>;
  /** Papers whose abstract could not be had: they go on with their title. */
  titleOnly: Record<string, TitleOnlyReason>;
}

export interface ResponseMap {
  'listing/read': ListingReadResponse;
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** A failure the background reports instead of throwing across the message boundary. */
export interface ErrorResponse {
  error: string;
}

export type { Request };

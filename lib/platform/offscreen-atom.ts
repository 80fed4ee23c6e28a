import { parseAtomText, type AtomFeedResult } from '../arxiv/atom';

/** The one message the offscreen document understands. */
export interface AtomParseRequest {
  target: 'offscreen';
  type: 'parse-atom';
  xml: string;
}

export function isAtomParseRequest(message: unknown): message is AtomParseRequest {
  if (typeof message !== 'object' || message === null) return false;
  const { target, type, xml } = message as Record<string, unknown>;
  return target === 'offscreen' && type === 'parse-atom' && typeof xml === 'string';
}

/** The offscreen page's listener: parses arXiv API XML and answers with plain data. */
export function answerAtomParseRequests(parser: DOMParser) {
  return (message: unknown): Promise<AtomFeedResult> | undefined => {
    if (!isAtomParseRequest(message)) return undefined;
    return Promise.resolve(
      parseAtomText(message.xml, (text) => parser.parseFromString(text, 'application/xml')),
    );
  };
}

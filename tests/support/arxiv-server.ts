/**
 * A loopback HTTPS stand-in for arxiv.org and export.arxiv.org on one port. Chromium reaches it
 * through `--host-resolver-rules` (see `hostResolverRules`) and `--ignore-certificate-errors`;
 * requests are told apart by their Host header.
 */
import { createServer } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';

// ---------------------------------------------------------------------------------------------
// Types

export type ArxivHost = 'arxiv.org' | 'export.arxiv.org';

export interface ArxivRequest {
  /** The Host header without a port; anything but export.arxiv.org is served as arxiv.org. */
  host: string;
  method: string;
  /** Path and query exactly as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  /** `Date.now()` at arrival. */
  time: number;
  /** For `/api/query`: how many other API requests were still being answered at arrival. */
  apiInFlight: number;
}

export interface ApiQuery {
  /** `id_list` split on commas, empty entries dropped, exactly as asked (versions kept). */
  ids: string[];
  idList: string;
  searchQuery: string;
  start: number;
  /** arXiv's default is 10 when the client does not say. */
  maxResults: number;
  params: URLSearchParams;
}

export interface ApiRequest extends ArxivRequest {
  query: ApiQuery;
}

interface ReplyCommon {
  status?: number;
  /** Default: from the file extension, or `text/html; charset=utf-8` for string bodies. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type ArxivReply =
  | (ReplyCommon & { file: string })
  | (ReplyCommon & { body: string | Uint8Array })
  /** Never answer: the client has to give up (or the server closes). */
  | { hang: true };

export type ApiHandler = (
  query: ApiQuery,
  request: ArxivRequest,
) => ArxivReply | Promise<ArxivReply>;

/** What the synthesised Atom feed says about one paper. */
export interface PaperRecord {
  title: string;
  abstract: string;
  authors: string[];
  /** Default 1; a version in the asked id wins. */
  version?: number;
  /** Primary first; default `cond-mat.mtrl-sci`. */
  categories?: string[];
  /** ISO timestamps without milliseconds; default the first of the id's month. */
  published?: string;
  updated?: string;
  comment?: string;
  journalRef?: string;
  doi?: string;
}

export interface RouteOptions {
  /** Serve only on this host (default: both). */
  host?: ArxivHost;
}

export interface ArxivServer {
  port: number;
  /** For Chromium's `--host-resolver-rules=…`. */
  hostResolverRules: string;
  requests: ArxivRequest[];
  /** The `/api/query` requests with their parsed query. */
  readonly apiRequests: ApiRequest[];
  /** Serves `reply` for exactly this path and query (e.g. `/list/cond-mat.mtrl-sci/new`). */
  route(pathAndQuery: string, reply: ArxivReply, options?: RouteOptions): void;
  setApiHandler(handler: ApiHandler): void;
  /** Papers the default API handler knows (by id without version). */
  addPapers(papers: Record<string, PaperRecord>): void;
  /** Forgets requests, routes and papers; restores the default API handler. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// TLS: one self-signed certificate per process, made by the openssl CLI

interface Credentials {
  key: string;
  cert: string;
}

let credentials: Promise<Credentials> | undefined;

/** Generated once and kept in memory; the temp dir is removed so no key stays on disk. */
export function selfSignedCertificate(): Promise<Credentials> {
  credentials ??= generateCertificate();
  return credentials;
}

async function generateCertificate(): Promise<Credentials> {
  const dir = await mkdtemp(join(tmpdir(), 'paper-sieve-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=arxiv.org',
      '-addext',
      'subjectAltName=DNS:arxiv.org,DNS:export.arxiv.org,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Reply helpers

export const arxivReply = {
  file(file: string, options: ReplyCommon = {}): ArxivReply {
    return { file, ...options };
  },
  /** What arXiv's front end sends when it sheds load. */
  unavailable(retryAfterSeconds?: number): ArxivReply {
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return {
      status: 503,
      contentType: 'text/html; charset=utf-8',
      body: '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
      headers,
    };
  },
  hang(): ArxivReply {
    return { hang: true };
  },
  /** The 2026 Atom feed for `query`, holding the asked ids found in `papers`. */
  atom(query: ApiQuery, papers: ReadonlyMap<string, PaperRecord>): ArxivReply {
    return { body: atomFeed(query, papers), contentType: ATOM_TYPE };
  },
};

const ATOM_TYPE = 'application/atom+xml; charset=UTF-8';
const HTML_TYPE = 'text/html; charset=utf-8';

const CONTENT_TYPES: Record<string, string> = {
  '.html': HTML_TYPE,
  '.xml': ATOM_TYPE,
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.pdf': 'application/pdf',
};

// ---------------------------------------------------------------------------------------------
// The API's Atom feed, element for element as export.arxiv.org wrote it in 2026

export function parseApiQuery(pathAndQuery: string): ApiQuery {
  const params = new URL(pathAndQuery, 'https://export.arxiv.org').searchParams;
  const idList = params.get('id_list') ?? '';
  const number = (name: string, fallback: number) => {
    const value = Number.parseInt(params.get(name) ?? '', 10);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    ids: idList.split(',').filter((id) => id !== ''),
    idList,
    searchQuery: params.get('search_query') ?? '',
    start: number('start', 0),
    maxResults: number('max_results', 10),
    params,
  };
}

/** `2609.22268v3` → { id: `2609.22268`, version: 3 }. */
function splitVersion(asked: string): { id: string; version: number | undefined } {
  const match = /^(.*?)v(\d+)$/.exec(asked);
  if (!match?.[1] || !match[2]) return { id: asked, version: undefined };
  return { id: match[1], version: Number(match[2]) };
}

export function atomFeed(query: ApiQuery, papers: ReadonlyMap<string, PaperRecord>): string {
  // Unknown ids are silently dropped, as arXiv does with ids it cannot find.
  const found = query.ids.flatMap((asked) => {
    const { id, version } = splitVersion(asked);
    const paper = papers.get(id);
    return paper ? [atomEntry(id, version ?? paper.version ?? 1, paper)] : [];
  });
  const entries = found.slice(query.start, query.start + query.maxResults);
  const { searchQuery: sq, idList, start, maxResults: max } = query;
  const titleQuery = `search_query=${sq}&id_list=${idList}&start=${start}&max_results=${max}`;
  const linkQuery = `search_query=${sq}&start=${start}&max_results=${max}&id_list=${idList}`;
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">',
    `  <id>https://arxiv.org/api/${feedHash(titleQuery)}</id>`,
    `  <title>arXiv Query: ${text(titleQuery)}</title>`,
    `  <updated>${isoSeconds(new Date())}</updated>`,
    `  <link href="https://arxiv.org/api/query?${attr(linkQuery)}" type="application/atom+xml"/>`,
    `  <opensearch:itemsPerPage>${max}</opensearch:itemsPerPage>`,
    `  <opensearch:totalResults>${found.length}</opensearch:totalResults>`,
    `  <opensearch:startIndex>${start}</opensearch:startIndex>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

function atomEntry(id: string, version: number, paper: PaperRecord): string {
  const categories = paper.categories ?? ['cond-mat.mtrl-sci'];
  const published = paper.published ?? publishedFromId(id);
  const lines = [
    '  <entry>',
    `    <id>http://arxiv.org/abs/${id}v${version}</id>`,
    `    <title>${text(paper.title)}</title>`,
    `    <updated>${paper.updated ?? published}</updated>`,
    `    <link href="https://arxiv.org/abs/${id}v${version}" rel="alternate" type="text/html"/>`,
    `    <link href="https://arxiv.org/pdf/${id}v${version}" rel="related" type="application/pdf" title="pdf"/>`,
    `    <summary>${text(paper.abstract)}</summary>`,
    ...categories.map(
      (c) => `    <category term="${attr(c)}" scheme="http://arxiv.org/schemas/atom"/>`,
    ),
    `    <published>${published}</published>`,
  ];
  if (paper.comment !== undefined)
    lines.push(`    <arxiv:comment>${text(paper.comment)}</arxiv:comment>`);
  lines.push(`    <arxiv:primary_category term="${attr(categories[0] ?? '')}"/>`);
  if (paper.journalRef !== undefined) {
    lines.push(`    <arxiv:journal_ref>${text(paper.journalRef)}</arxiv:journal_ref>`);
  }
  for (const name of paper.authors) {
    lines.push('    <author>', `      <name>${text(name)}</name>`, '    </author>');
  }
  if (paper.doi !== undefined) {
    lines.push(
      `    <arxiv:doi>${text(paper.doi)}</arxiv:doi>`,
      `    <link rel="related" href="https://doi.org/${attr(paper.doi)}" title="doi"/>`,
    );
  }
  lines.push('  </entry>');
  return lines.join('\n');
}

/** A new-style id's YYMM gives the month it was submitted in. */
function publishedFromId(id: string): string {
  const match = /^(\d\d)(\d\d)\.\d{4,5}$/.exec(id);
  if (!match) return '2000-01-01T00:00:00Z';
  return `20${match[1]}-${match[2]}-01T00:00:00Z`;
}

/** arXiv names each feed by a hash of its query (27 base64 characters). */
function feedHash(query: string): string {
  return createHash('sha1').update(query).digest('base64').replace(/=+$/, '');
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// arXiv escapes only what XML requires in text (quotes stay as they are).
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------------------------------------
// The server

function pathOf(pathAndQuery: string): string {
  return pathAndQuery.split('?')[0] ?? '';
}

function hostOf(headers: IncomingHttpHeaders): string {
  return (headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

/** Where a request is served from: export.arxiv.org, or arxiv.org for anything else. */
function servedHost(host: string): ArxivHost {
  return host === 'export.arxiv.org' ? 'export.arxiv.org' : 'arxiv.org';
}

const NOT_FOUND_PAGE =
  '<!DOCTYPE html><html lang="en"><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>';

export async function startArxivServer(): Promise<ArxivServer> {
  const { key, cert } = await selfSignedCertificate();
  let routes = new Map<string, { reply: ArxivReply; host: ArxivHost | undefined }>();
  let papers = new Map<string, PaperRecord>();
  const defaultApiHandler: ApiHandler = (query) => arxivReply.atom(query, papers);
  let apiHandler = defaultApiHandler;
  const requests: ArxivRequest[] = [];
  const sockets = new Set<Socket>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  let apiInFlight = 0;

  /** A delay that close() cuts short, so no answer outlives the server. */
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => sleeper.wake(), ms),
        wake: () => {
          clearTimeout(sleeper.timer);
          sleepers.delete(sleeper);
          resolve();
        },
      };
      sleepers.add(sleeper);
    });

  const send = async (res: ServerResponse, r: ArxivReply): Promise<void> => {
    if ('hang' in r) return new Promise((resolve) => res.on('close', resolve));
    if (r.delayMs) await wait(r.delayMs);
    if (res.destroyed || res.writableEnded) return;
    const body = 'file' in r ? await readFile(r.file) : Buffer.from(r.body);
    const status = r.status ?? 200;
    if (status === 204) {
      res.writeHead(204, r.headers);
      res.end();
      return;
    }
    const fallbackType = 'file' in r ? CONTENT_TYPES[extname(r.file)] : undefined;
    res.writeHead(status, {
      'content-type': r.contentType ?? fallbackType ?? HTML_TYPE,
      'content-length': String(body.byteLength),
      ...r.headers,
    });
    res.end(body);
  };

  /** An exact route wins; then the API handler; then static assets; then a 404 page. */
  const replyFor = (req: ArxivRequest): ArxivReply | Promise<ArxivReply> => {
    const routed = routes.get(req.path);
    if (routed && (routed.host === undefined || routed.host === servedHost(req.host))) {
      return routed.reply;
    }
    const pathname = pathOf(req.path);
    if (pathname === '/api/query') return apiHandler(parseApiQuery(req.path), req);
    // Stylesheets, scripts and images are irrelevant to the tests: answer at once, empty.
    if (pathname.startsWith('/static/')) return { status: 204, body: '' };
    return { status: 404, body: NOT_FOUND_PAGE };
  };

  const answer = async (req: ArxivRequest, res: ServerResponse): Promise<void> => {
    if (pathOf(req.path) !== '/api/query') return send(res, await replyFor(req));
    // Counted so tests can check the client keeps to one API connection at a time.
    apiInFlight++;
    try {
      await send(res, await replyFor(req));
    } finally {
      apiInFlight--;
    }
  };

  const server = createServer({ key, cert }, (incoming: IncomingMessage, res: ServerResponse) => {
    const path = incoming.url ?? '/';
    const req: ArxivRequest = {
      host: hostOf(incoming.headers),
      method: incoming.method ?? 'GET',
      path,
      headers: incoming.headers,
      time: Date.now(),
      apiInFlight: pathOf(path) === '/api/query' ? apiInFlight : 0,
    };
    requests.push(req);
    // Bodies are never needed; draining lets the connection be reused.
    incoming.resume();
    answer(req, res).catch((error: unknown) => {
      console.error('arxiv-server failed to answer', req.path, error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that rejects the self-signed certificate is expected; don't let it crash the run.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    hostResolverRules: `MAP arxiv.org 127.0.0.1:${port}, MAP export.arxiv.org 127.0.0.1:${port}`,
    requests,
    get apiRequests() {
      return requests
        .filter((r) => pathOf(r.path) === '/api/query')
        .map((r) => ({ ...r, query: parseApiQuery(r.path) }));
    },
    route(pathAndQuery, reply, options = {}) {
      routes.set(pathAndQuery, { reply, host: options.host });
    },
    setApiHandler(handler) {
      apiHandler = handler;
    },
    addPapers(more) {
      for (const [id, paper] of Object.entries(more)) papers.set(splitVersion(id).id, paper);
    },
    reset() {
      requests.length = 0;
      routes = new Map();
      papers = new Map();
      apiHandler = defaultApiHandler;
    },
    async close() {
      Array.from(sleepers).forEach((sleeper) => sleeper.wake());
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await done;
    },
  };
}

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isAllowedHost } from './host-check.js';
import type { TraceIndex } from './trace-index.js';

/**
 * No inline script or style, nothing from another origin: even if captured text ever reached
 * the page as markup, the browser would refuse to run it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The page's files: a fixed list, so no request path ever becomes a file path. */
const ASSETS: Readonly<Record<string, string>> = {
  '/assets/app.js': 'text/javascript; charset=utf-8',
  '/assets/app.css': 'text/css; charset=utf-8',
};
const TRACE_PATH = /^\/trace\/([A-Za-z0-9_.-]{1,128})$/;
const API_TRACE_PATH = /^\/api\/traces\/([A-Za-z0-9_.-]{1,128})$/;

/** The built page (index.html, app.js, app.css), loaded once at start. */
export interface PageFiles {
  readonly html: Buffer;
  readonly assets: ReadonlyMap<string, Buffer>;
}

export async function loadPage(pageDir: string): Promise<PageFiles> {
  const assets = new Map<string, Buffer>();
  for (const path of Object.keys(ASSETS))
    assets.set(path, await readFile(join(pageDir, path.slice('/assets/'.length))));
  return { html: await readFile(join(pageDir, 'index.html')), assets };
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, head: boolean): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(head ? undefined : bytes);
}

const sendText = (res: ServerResponse, status: number, text: string, head: boolean): void =>
  send(res, status, 'text/plain; charset=utf-8', `${text}\n`, head);

function optional(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key);
  return value === null || value === '' ? undefined : value;
}

async function answer(req: IncomingMessage, res: ServerResponse, index: TraceIndex, page: PageFiles, host: string) {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) return sendText(res, 405, 'Method not allowed', head);
  if (!isAllowedHost(req.headers.host, host)) return sendText(res, 403, 'Forbidden: unknown Host', head);
  const raw = req.url ?? '/';
  // Refused outright rather than normalised: no request names a file, and none needs `..`.
  if (!raw.startsWith('/') || /\.\.|%2e%2e|%2f|%5c|\\|\0/i.test(raw.split('?')[0]!)) {
    return sendText(res, 400, 'Bad request path', head);
  }
  const url = new URL(raw, 'http://localhost');
  const path = url.pathname;
  if (path === '/' || TRACE_PATH.test(path)) return send(res, 200, 'text/html; charset=utf-8', page.html, head);
  const asset = page.assets.get(path);
  if (asset !== undefined) return send(res, 200, ASSETS[path]!, asset, head);
  if (path === '/api/traces') {
    const p = url.searchParams;
    const list = index.list({
      q: optional(p, 'q'),
      status: optional(p, 'status'),
      model: optional(p, 'model'),
      offset: Number(p.get('offset') ?? 0) || 0,
      limit: Number(p.get('limit') ?? 50) || 50,
      client: optional(p, 'client')?.slice(0, 64),
    });
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(list), head);
  }
  const id = API_TRACE_PATH.exec(path)?.[1];
  if (id !== undefined) {
    const line = await index.read(id);
    if (line === undefined) return sendText(res, 404, 'No such trace', head);
    return send(res, 200, 'application/json; charset=utf-8', line, head);
  }
  return sendText(res, 404, 'Not found', head);
}

/** A started viewer server. */
export interface ViewerServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `index` and `page` on `host:port` (port 0 picks a free one). */
export async function serveViewer(
  index: TraceIndex,
  page: PageFiles,
  host: string,
  port: number
): Promise<ViewerServer> {
  const server: Server = createServer((req, res) => {
    answer(req, res, index, page, host).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error', false);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The server span every middleware opens: it continues the incoming trace, is named
 * `METHOD /route/:template` once routing has happened (never the raw URL, which would make
 * one name per id), and ends when the response does, or when the client goes away.
 * Built on the public API only, so the middleware entries share the main entry's state.
 */
import { continueTrace, startSpan, withSpan, type Span } from '../index.js';
import { reportInternalError } from '../diag/internal-errors.js';
import type { ResolvedServerOptions } from './options.js';

export interface ServerRequestInfo<Req> {
  readonly headers: object;
  readonly method: string;
  /** The path without its query string. */
  readonly path: string;
  readonly request: Req;
}

function pick<Req>(read: ((request: Req) => unknown) | undefined, request: Req, name: string): string | undefined {
  if (read === undefined) return undefined;
  try {
    const value = read(request);
    return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
  } catch (error) {
    // The user's picker failed: the request still runs, without the id.
    reportInternalError(`middleware.${name}`, error);
    return undefined;
  }
}

/** One request's server span; `finish` is idempotent. */
export class ServerSpan {
  private _done = false;
  private _error: unknown = undefined;

  constructor(
    readonly span: Span,
    private readonly _headers: object,
    private readonly _method: string
  ) {}

  /** Runs `fn` (the rest of the request's handling) with the server span active, in the continued trace. */
  run<R>(fn: () => R): R {
    return continueTrace(this._headers, () => withSpan(this.span, fn));
  }

  /** Keeps the error the request failed with, recorded when the span finishes (the first one wins). */
  fail(error: unknown): void {
    if (this._error === undefined) this._error = error;
  }

  /** Names the span after `route`, records the status and the error, and ends it. */
  finish(status: number | undefined, route: string | undefined, error: unknown = this._error): void {
    if (this._done) return;
    this._done = true;
    try {
      const span = this.span;
      if (route !== undefined && route !== '') {
        span.updateName(`${this._method} ${route}`);
        span.setAttribute('http.route', route);
      }
      if (status !== undefined && status > 0) span.setAttribute('http.response.status_code', status);
      if (error !== undefined) {
        span.recordException(error);
        span.setStatus('error', error instanceof Error ? error.message : 'request failed');
      } else if (status !== undefined && status >= 500) {
        span.setStatus('error', `HTTP ${status}`);
      }
      span.end();
    } catch (internal) {
      reportInternalError('middleware.finish', internal);
    }
  }
}

/** Opens the server span for a request, or returns undefined for an ignored path. Never throws. */
export function startServerSpan<Req>(
  options: ResolvedServerOptions<Req>,
  info: ServerRequestInfo<Req>
): ServerSpan | undefined {
  try {
    if (options.ignore(info.path)) return undefined;
    const method = info.method.toUpperCase();
    const attributes: Record<string, string> = { 'http.request.method': method, 'url.path': info.path };
    const userId = pick(options.getUserId, info.request, 'getUserId');
    const sessionId = pick(options.getSessionId, info.request, 'getSessionId');
    if (userId !== undefined) attributes['user.id'] = userId;
    if (sessionId !== undefined) attributes['session.id'] = sessionId;
    const span = continueTrace(info.headers, () => startSpan(method, { kind: 'server', attributes }));
    return new ServerSpan(span, info.headers, method);
  } catch (error) {
    reportInternalError('middleware.start', error);
    return undefined;
  }
}

/** The path of a URL or of a request target (`/a/b?x=1` → `/a/b`). */
export function pathOf(target: string): string {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (path.startsWith('/')) return path;
  try {
    return new URL(path).pathname;
  } catch {
    return path;
  }
}

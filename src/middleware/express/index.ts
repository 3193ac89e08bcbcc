/**
 * `noveum-trace/express`: `app.use(traceRequests())` opens a server span per request
 * (Express 4 and 5). Put it before the routes (and before body parsers, so their async work
 * runs inside the span). The route template is read from `req.baseUrl + req.route.path` when
 * the response ends; a request no route matched is named by its method alone.
 */
import { resolveServerOptions, type ServerTracingOptions } from '../options.js';
import { pathOf, startServerSpan, type ServerSpan } from '../server-span.js';

/** Each traced request's server span, for `traceErrors()` (Express hands errors only to error middleware). */
const serverSpans = new WeakMap<object, ServerSpan>();

/** The parts of an Express request the middleware reads. */
export interface ExpressRequestLike {
  readonly method: string;
  readonly url: string;
  readonly originalUrl?: string;
  readonly baseUrl?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly route?: { readonly path?: unknown } | undefined;
}

/** The parts of an Express response the middleware reads. */
export interface ExpressResponseLike {
  readonly statusCode: number;
  once(event: 'close', listener: () => void): unknown;
}

export type ExpressTracingOptions = ServerTracingOptions<ExpressRequestLike>;

/** `req.baseUrl + req.route.path`, or undefined when no route handled the request. */
function routeOf(req: ExpressRequestLike): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return path instanceof RegExp ? `${req.baseUrl ?? ''}${String(path)}` : undefined;
  return `${req.baseUrl ?? ''}${path}` || '/';
}

/**
 * Express middleware that traces each request as a server span continuing the caller's
 * trace (W3C `traceparent`). The handler's spans nest under it, streamed responses included:
 * the span ends when the response has been sent or the client disconnected.
 *
 * @param options Paths to skip (`ignorePaths`) and how to read `user.id` / `session.id`.
 * @returns An Express middleware `(req, res, next)`.
 * @example
 * ```ts
 * import express from 'express';
 * import { init } from 'noveum-trace';
 * import { traceRequests } from 'noveum-trace/express';
 *
 * init({ project: 'agent-service' });
 * const app = express();
 * app.use(traceRequests({ ignorePaths: ['/health'] }));
 * app.post('/chat/:id', handler); // spans named "POST /chat/:id"
 * ```
 */
export function traceRequests<Req extends ExpressRequestLike = ExpressRequestLike>(
  options?: ServerTracingOptions<Req>
): (req: Req, res: ExpressResponseLike, next: (error?: unknown) => void) => void {
  const resolved = resolveServerOptions<Req>(options, 'noveum-trace/express traceRequests()');
  return function noveumTraceRequests(req, res, next) {
    const server = startServerSpan(resolved, {
      headers: req.headers,
      method: req.method,
      path: pathOf(req.originalUrl ?? req.url),
      request: req,
    });
    if (server === undefined) return next();
    serverSpans.set(req, server);
    // 'close' fires once the response is sent and also when the client goes away first.
    res.once('close', () => server.finish(res.statusCode, routeOf(req)));
    server.run(() => next());
  };
}

/**
 * Express error middleware that records the error a route threw (or passed to `next(error)`) on
 * the request's server span, then hands it on unchanged. Express gives errors only to middleware
 * with four parameters, so `traceRequests()` cannot see them: add this one after the routes.
 * Without it the span of a failed request still gets the 5xx status, but no exception.
 *
 * @returns An Express error middleware `(error, req, res, next)`.
 * @example
 * ```ts
 * app.use(traceRequests());
 * app.post('/chat/:id', handler);
 * app.use(traceErrors()); // after the routes, before your own error handler
 * ```
 */
export function traceErrors(): (error: unknown, req: object, res: unknown, next: (error?: unknown) => void) => void {
  // Four declared parameters: that is how Express tells an error middleware apart.
  return function noveumTraceErrors(error, req, _res, next) {
    serverSpans.get(req)?.fail(error);
    next(error);
  };
}

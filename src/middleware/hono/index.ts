/**
 * `noveum-trace/hono`: `app.use(traceRequests())` opens a server span per request. With
 * `@hono/node-server` the span ends when Node has sent the response (streamed ones included)
 * or the client left; on other runtimes it ends when the response body is done.
 */
import { resolveServerOptions, type ServerTracingOptions } from '../options.js';
import { observeResponseBody } from '../response-body.js';
import { startServerSpan, type ServerSpan } from '../server-span.js';

/** The parts of a Hono context the middleware reads. */
export interface HonoContextLike {
  readonly req: {
    readonly method: string;
    readonly path: string;
    readonly raw: Request;
    readonly routePath?: string;
  };
  res: Response;
  readonly error?: unknown;
  readonly env?: unknown;
}

export type HonoTracingOptions = ServerTracingOptions<HonoContextLike>;

interface NodeResponseLike {
  readonly closed?: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/** `c.env.outgoing` under `@hono/node-server`: the Node response. */
function nodeResponseOf(c: HonoContextLike): NodeResponseLike | undefined {
  const outgoing = (c.env as { outgoing?: { once?: unknown } } | undefined)?.outgoing;
  return outgoing !== undefined && typeof outgoing.once === 'function' ? (outgoing as NodeResponseLike) : undefined;
}

function routeOf(c: HonoContextLike): string | undefined {
  try {
    // After `next()`, routePath is the path of the last handler that ran; '/*' is a catch-all middleware.
    const route = c.req.routePath;
    return route === undefined || route === '/*' || route === '*' ? undefined : route;
  } catch {
    return undefined;
  }
}

function finishLater(c: HonoContextLike, server: ServerSpan, route: string | undefined): void {
  const status = c.res.status;
  const node = nodeResponseOf(c);
  const run = <R>(fn: () => R): R => server.run(fn);
  if (node !== undefined && node.closed !== true) {
    // Node tells when the response is sent or the client left; the body is still read inside the span.
    node.once('close', () => server.finish(status, route, c.error));
    if (c.res.body !== null) c.res = observeResponseBody(c.res, () => undefined, run);
    return;
  }
  c.res = observeResponseBody(c.res, (error) => server.finish(status, route, c.error ?? error), run);
}

/**
 * Hono middleware that traces each request as a server span continuing the caller's trace
 * (W3C `traceparent`), named `METHOD /route/:param`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * import { init } from 'noveum-trace';
 * import { traceRequests } from 'noveum-trace/hono';
 *
 * init({ project: 'agent-service' });
 * const app = new Hono();
 * app.use(traceRequests({ ignorePaths: ['/health'] }));
 * app.post('/chat/:id', (c) => c.json(await answer(c)));
 * serve(app);
 * ```
 */
export function traceRequests(
  options?: HonoTracingOptions
): (c: HonoContextLike, next: () => Promise<void>) => Promise<void> {
  const resolved = resolveServerOptions<HonoContextLike>(options, 'noveum-trace/hono traceRequests()');
  return async function noveumTraceRequests(c, next) {
    const server = startServerSpan(resolved, {
      headers: c.req.raw.headers,
      method: c.req.method,
      path: c.req.path,
      request: c,
    });
    if (server === undefined) return next();
    try {
      await server.run(next);
    } catch (error) {
      server.finish(500, routeOf(c), error);
      throw error;
    }
    finishLater(c, server, routeOf(c));
  };
}

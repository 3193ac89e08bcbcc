/**
 * `noveum-trace/next`: `export const POST = traceRoute(handler)` for App Router route handlers.
 * The span is named after the route's file-system template (`POST /api/chat/[id]`), from the
 * `route` option or, without it, by putting each dynamic segment's name back in the path.
 */
import { resolveServerOptions, type ServerTracingOptions } from '../options.js';
import { observeResponseBody } from '../response-body.js';
import { pathOf, startServerSpan, type ServerSpan } from '../server-span.js';

/** Options of `traceRoute`. */
export interface NextRouteTracingOptions extends ServerTracingOptions<Request> {
  /** The route template, e.g. `/api/chat/[id]` (default: derived from the path and `params`). */
  readonly route?: string;
}

type Params = Record<string, string | string[] | undefined>;

/** Puts `[name]` (or `[...name]`) back where each param's value sits in the path. */
export function routeFromParams(path: string, params: unknown): string {
  if (params === null || typeof params !== 'object') return path;
  const segments = path.split('/');
  for (const [name, value] of Object.entries(params as Params)) {
    const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    if (values.length === 0) continue;
    const encoded = values.map((v) => encodeURIComponent(v));
    for (let i = 1; i + encoded.length <= segments.length; i++) {
      const run = segments.slice(i, i + encoded.length);
      if (run.every((s, j) => s === encoded[j] || s === values[j])) {
        segments.splice(i, encoded.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
        break;
      }
    }
  }
  return segments.join('/');
}

async function routeOf(path: string, context: unknown, explicit: string | undefined): Promise<string> {
  if (explicit !== undefined) return explicit;
  // Next 15 passes params as a promise; 14 as an object.
  const params: unknown = await (context as { params?: unknown } | undefined)?.params;
  return routeFromParams(path, params);
}

async function settle(server: ServerSpan, result: unknown, route: Promise<string>): Promise<unknown> {
  let response: unknown;
  try {
    response = await result;
  } catch (error) {
    server.finish(500, await route.catch(() => undefined), error);
    throw error;
  }
  const template = await route.catch(() => undefined);
  if (!(response instanceof Response)) {
    server.finish(undefined, template);
    return response;
  }
  const status = response.status;
  return observeResponseBody(
    response,
    (error) => server.finish(status, template, error),
    (fn) => server.run(fn)
  );
}

/**
 * Wraps an App Router route handler so each call is a server span continuing the caller's
 * trace (W3C `traceparent`); the handler's work nests under it, and a streamed response
 * keeps it open until the body is sent or the client disconnects.
 *
 * @param handler The route handler `(request, context) => Response | Promise<Response>`.
 * @param options `route` template, paths to skip, `user.id` / `session.id` pickers.
 * @returns A handler with the same parameters that resolves to the handler's response.
 * @example
 * ```ts
 * // app/api/chat/[id]/route.ts
 * import { traceRoute } from 'noveum-trace/next';
 * export const POST = traceRoute(async (request: Request) => Response.json(await answer(request)));
 * ```
 */
export function traceRoute<C, R extends Response | undefined>(
  handler: (request: Request, context: C) => R | Promise<R>,
  options?: NextRouteTracingOptions
): (request: Request, context: C) => Promise<R> {
  const resolved = resolveServerOptions<Request>(options, 'noveum-trace/next traceRoute()');
  const explicit = typeof options?.route === 'string' ? options.route : undefined;
  return async function tracedRoute(this: unknown, request: Request, context: C): Promise<R> {
    const path = pathOf(request.url);
    const server = startServerSpan(resolved, { headers: request.headers, method: request.method, path, request });
    if (server === undefined) return handler.call(this, request, context);
    const route = routeOf(path, context, explicit);
    let result: R | Promise<R>;
    try {
      result = server.run(() => handler.call(this, request, context));
    } catch (error) {
      server.finish(500, await route.catch(() => undefined), error);
      throw error;
    }
    return settle(server, result, route) as Promise<R>;
  };
}

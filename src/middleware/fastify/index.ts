/**
 * `noveum-trace/fastify`: `app.register(traceRequests, options?)` opens a server span per
 * request. It skips Fastify's encapsulation (like `fastify-plugin`), so registered at the root
 * it covers every route, including routes of plugins registered later.
 */
import { resolveServerOptions, type ServerTracingOptions } from '../options.js';
import { pathOf, startServerSpan, type ServerSpan } from '../server-span.js';

/** The parts of a Fastify request the plugin reads. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly routeOptions?: { readonly url?: string | undefined };
  readonly routerPath?: string;
}

interface FastifyReplyLike {
  readonly statusCode: number;
  readonly raw: { readonly statusCode: number; once(event: 'close', listener: () => void): unknown };
}

type HookDone = (error?: Error) => void;
interface FastifyLike {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
}

export type FastifyTracingOptions = ServerTracingOptions<FastifyRequestLike>;

function routeOf(request: FastifyRequestLike): string | undefined {
  // routeOptions.url since Fastify 4.10; routerPath before (removed in 5).
  return request.routeOptions?.url ?? request.routerPath;
}

function install(fastify: FastifyLike, options: unknown): void {
  const resolved = resolveServerOptions<FastifyRequestLike>(options, 'noveum-trace/fastify traceRequests');
  const spans = new WeakMap<object, ServerSpan>();
  const errors = new WeakMap<object, unknown>();
  fastify.addHook('onRequest', (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => {
    const server = startServerSpan(resolved, {
      headers: request.headers,
      method: request.method,
      path: pathOf(request.url),
      request,
    });
    if (server !== undefined) {
      spans.set(request, server);
      // On the raw response: 'close' covers a sent reply, a streamed one and a client that left.
      reply.raw.once('close', () => server.finish(reply.raw.statusCode, routeOf(request), errors.get(request)));
    }
    done();
  });
  // The handler runs right after the last preHandler: running `done` in the span's context
  // makes the handler's work (and its awaits) nest under the server span.
  fastify.addHook('preHandler', (request: FastifyRequestLike, _reply: FastifyReplyLike, done: HookDone) => {
    const server = spans.get(request);
    if (server === undefined) return done();
    server.run(() => done());
  });
  fastify.addHook(
    'onError',
    (request: FastifyRequestLike, _reply: FastifyReplyLike, error: unknown, done: HookDone) => {
      errors.set(request, error);
      done();
    }
  );
}

/** The plugin's call signature: what `app.register` calls. */
export type FastifyTracingPlugin = (
  fastify: unknown,
  options: FastifyTracingOptions,
  done: (error?: Error) => void
) => void;

/**
 * Fastify plugin that traces each request as a server span continuing the caller's trace
 * (W3C `traceparent`), named `METHOD /route/:param`. Register it on the root instance.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { init } from 'noveum-trace';
 * import { traceRequests } from 'noveum-trace/fastify';
 *
 * init({ project: 'agent-service' });
 * const app = Fastify();
 * await app.register(traceRequests, { ignorePaths: ['/health'] });
 * app.post('/chat/:id', handler); // spans named "POST /chat/:id"
 * ```
 */
export const traceRequests: FastifyTracingPlugin = Object.defineProperties(
  function noveumTraceRequests(fastify: unknown, options: unknown, done: (error?: Error) => void): void {
    install(fastify as FastifyLike, options);
    done();
  },
  {
    // fastify-plugin's markers: apply to the parent context (app-wide), and a readable name.
    [Symbol.for('skip-override')]: { value: true },
    [Symbol.for('fastify.display-name')]: { value: 'noveum-trace' },
  }
) as FastifyTracingPlugin;

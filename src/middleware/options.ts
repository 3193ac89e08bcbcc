/**
 * Options shared by every server middleware (`noveum-trace/express`, `/fastify`, `/hono`,
 * `/next`), checked once when the middleware is created: a bad value warns once and is ignored.
 */
import { diag } from '../diag/diag.js';
import { describeValue } from '../internal/validate.js';

/** A path to skip: a string is an exact path (`/health`), a RegExp is tested, a function decides. */
export type PathPattern = string | RegExp | ((path: string) => boolean);

/** Options of `traceRequests` / `traceRoute`; `Req` is the framework's request object. */
export interface ServerTracingOptions<Req> {
  /** Requests whose path (no query string) matches get no span: health checks, metrics. */
  readonly ignorePaths?: PathPattern | readonly PathPattern[];
  /** The user behind a request, recorded as `user.id` (and sent downstream as W3C baggage). */
  readonly getUserId?: (request: Req) => string | null | undefined;
  /** The session of a request, recorded as `session.id` (and sent downstream as W3C baggage). */
  readonly getSessionId?: (request: Req) => string | null | undefined;
}

export interface ResolvedServerOptions<Req> {
  readonly ignore: (path: string) => boolean;
  readonly getUserId: ((request: Req) => unknown) | undefined;
  readonly getSessionId: ((request: Req) => unknown) | undefined;
}

const NEVER = (): boolean => false;
const KNOWN = new Set(['ignorePaths', 'getUserId', 'getSessionId']);

function toMatcher(pattern: unknown, subject: string): ((path: string) => boolean) | undefined {
  if (typeof pattern === 'string') return (path) => path === pattern;
  if (pattern instanceof RegExp) {
    const re =
      pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
    return (path) => re.test(path);
  }
  if (typeof pattern === 'function') return (path) => (pattern as (p: string) => unknown)(path) === true;
  diag.warn(
    `${subject}: "ignorePaths" entries must be a path string, a RegExp or a function, got ${describeValue(pattern)}; entry ignored`
  );
  return undefined;
}

function optionalFn<Req>(value: unknown, name: string, subject: string): ((request: Req) => unknown) | undefined {
  if (value === undefined || typeof value === 'function') return value as ((request: Req) => unknown) | undefined;
  diag.warn(`${subject}: "${name}" must be a function (request) => string, got ${describeValue(value)}; ignored`);
  return undefined;
}

/** Checks `options` once; `subject` names the middleware in warnings. Never throws. */
export function resolveServerOptions<Req>(options: unknown, subject: string): ResolvedServerOptions<Req> {
  if (options === undefined || options === null || typeof options !== 'object') {
    if (options !== undefined && options !== null)
      diag.warn(`${subject}: options must be an object, got ${describeValue(options)}; using the defaults`);
    return { ignore: NEVER, getUserId: undefined, getSessionId: undefined };
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    // fastify passes its own register options (prefix, logLevel) alongside ours.
    if (!KNOWN.has(key) && !['prefix', 'logLevel', 'logSerializers'].includes(key))
      diag.warn(`${subject}: unknown option "${key.slice(0, 60)}" is ignored (known: ${[...KNOWN].join(', ')})`);
  }
  const patterns: unknown[] =
    o.ignorePaths === undefined ? [] : Array.isArray(o.ignorePaths) ? o.ignorePaths : [o.ignorePaths];
  const matchers = patterns.map((p) => toMatcher(p, subject)).filter((m) => m !== undefined);
  return {
    ignore: matchers.length === 0 ? NEVER : (path) => matchers.some((m) => m(path)),
    getUserId: optionalFn<Req>(o.getUserId, 'getUserId', subject),
    getSessionId: optionalFn<Req>(o.getSessionId, 'getSessionId', subject),
  };
}

/**
 * Outgoing propagation: adds `traceparent` (and `tracestate`, `baggage`) to HTTP requests the
 * app makes while a span is active.
 * - `fetch` (undici): the `undici:request:create` diagnostics channel, whose request offers
 *   `addHeader`; `globalThis.fetch` is not touched.
 * - `http` / `https`: on Node 20 every `http.client.*` channel fires after the headers are
 *   written, so the module functions `request` and `get` are wrapped instead (the lightest hook
 *   that runs before the headers leave). The wrapper calls the original once with the same
 *   arguments and returns its `ClientRequest`, with one header set on it.
 * Never twice (a header already there is kept) and never on the exporter's own requests.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type * as Http from 'node:http';
import type { ClientRequest } from 'node:http';
import type * as Https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { isTracingSuppressed } from '../context/active-span.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { lazyBuiltin } from '../internal/builtin.js';
import { getGlobal } from '../internal/global.js';
import { currentPropagationHeaders, type PropagationHeaders } from './current-context.js';
import type { UrlMatcher } from './url-pattern.js';

// The modules' own export objects (what `require` returns), which are what other code calls through.
const http = lazyBuiltin<typeof Http>('node:http');
const https = lazyBuiltin<typeof Https>('node:https');

export interface OutgoingFilter {
  readonly include: UrlMatcher | undefined;
  readonly exclude: UrlMatcher | undefined;
}

interface State {
  filter: OutgoingFilter | undefined;
  installed: boolean;
}

// Process-wide: a second copy of the package (ESM and CommonJS builds) must not hook twice.
const state = getGlobal<State>('outgoing-propagation', () => ({ filter: undefined, installed: false }));

function headersFor(url: string): PropagationHeaders | undefined {
  const filter = state.filter;
  if (filter === undefined || isTracingSuppressed()) return undefined;
  const headers = currentPropagationHeaders();
  if (headers === undefined) return undefined;
  if (filter.include !== undefined && !filter.include(url)) return undefined;
  if (filter.exclude?.(url) === true) return undefined;
  return headers;
}

interface UndiciRequest {
  readonly origin?: unknown;
  readonly path?: unknown;
  readonly headers?: unknown;
  addHeader?(name: string, value: string): unknown;
}

/** Whether an undici request already carries header `name` (headers are a flat array or a raw string). */
function undiciHas(headers: unknown, name: string): boolean {
  if (typeof headers === 'string')
    return headers.toLowerCase().startsWith(`${name}:`) || headers.toLowerCase().includes(`\r\n${name}:`);
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === name) return true;
    }
    return false;
  }
  return headers !== null && typeof headers === 'object' && Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function onUndiciRequest(message: unknown): void {
  try {
    const request = (message as { request?: UndiciRequest } | undefined)?.request;
    if (request === undefined || typeof request.addHeader !== 'function') return;
    const headers = headersFor(`${String(request.origin)}${String(request.path)}`);
    if (headers === undefined || undiciHas(request.headers, 'traceparent')) return;
    request.addHeader('traceparent', headers.traceparent);
    if (headers.tracestate !== undefined && !undiciHas(request.headers, 'tracestate'))
      request.addHeader('tracestate', headers.tracestate);
    if (headers.baggage !== undefined && !undiciHas(request.headers, 'baggage'))
      request.addHeader('baggage', headers.baggage);
  } catch (error) {
    reportInternalError('propagation.undici', error);
  }
}

function injectHttp(req: ClientRequest): void {
  try {
    // Headers given as an array are written at construction: nothing can be added any more.
    if (req.headersSent || req.hasHeader('traceparent')) return;
    const host = req.getHeader('host');
    const headers = headersFor(`${req.protocol}//${typeof host === 'string' ? host : req.host}${req.path}`);
    if (headers === undefined) return;
    req.setHeader('traceparent', headers.traceparent);
    if (headers.tracestate !== undefined && !req.hasHeader('tracestate'))
      req.setHeader('tracestate', headers.tracestate);
    if (headers.baggage !== undefined && !req.hasHeader('baggage')) req.setHeader('baggage', headers.baggage);
  } catch (error) {
    reportInternalError('propagation.http', error);
  }
}

type RequestFn = (...args: unknown[]) => ClientRequest;
interface HttpModule {
  request: RequestFn;
  get: RequestFn;
}

const WRAPPED = Symbol.for('noveum-trace.propagation.original');

function wrapModule(mod: HttpModule): void {
  const originalRequest = mod.request;
  if ((originalRequest as { [WRAPPED]?: unknown })[WRAPPED] !== undefined) return;
  const request = function (this: unknown, ...args: unknown[]): ClientRequest {
    const req = originalRequest.apply(this, args);
    if (state.filter !== undefined) injectHttp(req);
    return req;
  };
  // Node's own `get` calls its internal `request` and ends the request at once, so it is
  // rebuilt on the wrapped `request` the way Node writes it: request, then end.
  const get = function (this: unknown, ...args: unknown[]): ClientRequest {
    const req = request.apply(this, args);
    req.end();
    return req;
  };
  Object.defineProperty(request, WRAPPED, { value: originalRequest });
  Object.defineProperty(get, WRAPPED, { value: mod.get });
  mod.request = request;
  mod.get = get;
}

function unwrapModule(mod: HttpModule): void {
  for (const key of ['request', 'get'] as const) {
    const original = (mod[key] as { [WRAPPED]?: RequestFn })[WRAPPED];
    // Someone wrapped over ours: leave theirs in place; ours passes through once the filter is gone.
    if (original !== undefined) mod[key] = original;
  }
}

function httpModules(): HttpModule[] {
  return [http() as unknown as HttpModule, https() as unknown as HttpModule];
}

/** Starts adding trace headers to outgoing requests that pass `filter`; replaces an earlier filter. */
export function enableOutgoingPropagation(filter: OutgoingFilter): void {
  state.filter = filter;
  if (state.installed) return;
  state.installed = true;
  subscribe('undici:request:create', onUndiciRequest);
  for (const mod of httpModules()) wrapModule(mod);
  // ESM named imports of builtins (`import { request } from 'node:http'`) see the change too.
  syncBuiltinESMExports();
}

/** Stops outgoing propagation: unsubscribes and restores `http`/`https`. */
export function disableOutgoingPropagation(): void {
  state.filter = undefined;
  if (!state.installed) return;
  state.installed = false;
  unsubscribe('undici:request:create', onUndiciRequest);
  for (const mod of httpModules()) unwrapModule(mod);
  syncBuiltinESMExports();
}
